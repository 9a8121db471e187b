import { useState, type FormEvent } from 'react';
import { Banner } from '../ui/Banner';
import { useAction } from '../ui/useAction';
import { StrengthMeter } from './StrengthMeter';
import { passwordStrength } from './strength';
import { useApi } from '../bridge/apiContext';

/** Changes the master password: only the vault key is wrapped again, so nothing else is re-encrypted. */
export function ChangePasswordForm({ onDone }: { onDone: (changed: boolean) => void }) {
  const api = useApi();
  const [fields, setFields] = useState({ current: '', next: '', confirm: '' });
  const { busy, problem, setProblem, run } = useAction();
  const set = (name: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [name]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (fields.next !== fields.confirm) return setProblem('The two new passwords are not the same.');
    if (passwordStrength(fields.next).score < 2)
      return setProblem('The new master password is too easy to guess. Make it longer.');
    if (await run(() => api.vault.changePassword({ current: fields.current, next: fields.next }))) onDone(true);
  };

  return (
    <form className="card vault-form" onSubmit={(e) => void submit(e)} aria-label="Change master password">
      <h1>Change master password</h1>
      {problem && (
        <Banner tone="error" title="The master password was not changed">
          {problem}
        </Banner>
      )}
      <label className="field">
        <span>Current master password</span>
        <input
          name="current-password"
          type="password"
          autoComplete="current-password"
          value={fields.current}
          onChange={set('current')}
          required
        />
      </label>
      <label className="field">
        <span>New master password (at least 12 characters)</span>
        <input
          name="new-password"
          type="password"
          autoComplete="new-password"
          value={fields.next}
          onChange={set('next')}
          minLength={12}
          required
        />
      </label>
      <StrengthMeter password={fields.next} />
      <label className="field">
        <span>New master password again</span>
        <input
          name="new-password-confirm"
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
          {busy ? 'Changing…' : 'Change master password'}
        </button>
        <button type="button" className="button secondary" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
