import { useState, type FormEvent } from 'react';

const labels: Record<string, string> = { password: 'Password', username: 'Username', domain: 'Domain' };

/** guacd asks (`required`) for values the computer has none for, e.g. a VNC password. */
export function RequiredPrompt({
  names,
  onSubmit,
}: {
  names: string[];
  onSubmit: (values: Record<string, string>) => void;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(Object.fromEntries(names.map((n) => [n, values[n] ?? ''])));
  };
  return (
    <form className="session-prompt" onSubmit={submit} aria-label="The computer needs more information">
      <h2>The computer asks for more information</h2>
      <p className="muted">It is sent to the computer only; OpenPSM does not store it.</p>
      {names.map((name, index) => (
        <label key={name} className="field">
          <span>{labels[name] ?? name}</span>
          <input
            type={name.includes('password') ? 'password' : 'text'}
            autoComplete="off"
            autoFocus={index === 0}
            value={values[name] ?? ''}
            onChange={(e) => setValues({ ...values, [name]: e.target.value })}
          />
        </label>
      ))}
      <button type="submit" className="button primary">
        Continue
      </button>
    </form>
  );
}
