import { useState, type FormEvent } from 'react';
import { Banner } from '../ui/Banner';
import { useAction } from '../ui/useAction';
import { useApi } from '../bridge/apiContext';

/** First run of the built-in control plane: the administrator account. Nothing typed is lost on an error. */
export function SetupForm() {
  const api = useApi();
  const [fields, setFields] = useState({ username: '', displayName: '', password: '', confirm: '' });
  const { busy, problem, setProblem, run } = useAction();
  const set = (name: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [name]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (fields.password !== fields.confirm) return setProblem('The two passwords are not the same.');
    await run(async () => {
      await api.auth.setUp({ username: fields.username, displayName: fields.displayName, password: fields.password });
      // The first sign-in follows at once: its page opens with the new username filled in.
      const { authorizationUrl, opened } = await api.auth.signIn({ loginHint: fields.username.trim() });
      if (!opened) window.open(authorizationUrl, '_blank', 'noopener');
    });
  };

  return (
    <form className="card sign-in" onSubmit={(e) => void submit(e)} aria-labelledby="setup-title">
      <h1 id="setup-title">Set up OpenPSM</h1>
      <p className="muted">
        This is the first start of the control plane built into this app. Create the administrator account you will sign
        in with.
      </p>
      {problem && (
        <Banner tone="error" title="The account was not created">
          {problem}
        </Banner>
      )}
      <label className="field">
        <span>Username</span>
        <input name="username" autoComplete="username" value={fields.username} onChange={set('username')} required />
      </label>
      <label className="field">
        <span>Full name</span>
        <input name="displayName" value={fields.displayName} onChange={set('displayName')} required />
      </label>
      <label className="field">
        <span>Password (at least 12 characters)</span>
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          value={fields.password}
          onChange={set('password')}
          minLength={12}
          required
        />
      </label>
      <label className="field">
        <span>Password again</span>
        <input
          name="confirm"
          type="password"
          autoComplete="new-password"
          value={fields.confirm}
          onChange={set('confirm')}
          minLength={12}
          required
        />
      </label>
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create administrator'}
        </button>
      </div>
    </form>
  );
}
