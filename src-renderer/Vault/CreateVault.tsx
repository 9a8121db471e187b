import { useState, type FormEvent } from 'react';
import type { VaultState } from '@shared/common/api/vault';
import { Banner } from '../ui/Banner';
import { useAction } from '../ui/useAction';
import { RememberOption } from './RememberOption';
import { StrengthMeter } from './StrengthMeter';
import { passwordStrength } from './strength';
import { useApi } from '../bridge/apiContext';

/** First use: the master password, with a strength meter and a plain warning that it cannot be recovered. */
export function CreateVault({ vault }: { vault: VaultState }) {
  const api = useApi();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [remember, setRemember] = useState(false);
  const { busy, problem, setProblem, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) return setProblem('The two passwords are not the same.');
    if (passwordStrength(password).score < 2)
      return setProblem(
        'This master password is too easy to guess. Make it longer, for example four or five unrelated words.',
      );
    await run(() => api.vault.create({ password, remember }));
  };

  return (
    <form className="card vault-form" onSubmit={(e) => void submit(e)} aria-labelledby="create-vault-title">
      <h1 id="create-vault-title">Create your master password</h1>
      <p>
        Your personal credentials are encrypted on this device with a key made from your master password. The server
        never sees it.
      </p>
      <Banner tone="info" title="It cannot be recovered">
        Nobody, not even an administrator, can reset or recover your master password. If you forget it, the personal
        credentials in your vault are lost.
      </Banner>
      {problem && (
        <Banner tone="error" title="The vault was not created">
          {problem}
        </Banner>
      )}
      <label className="field">
        <span>Master password (at least 12 characters)</span>
        <input
          name="master-password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          minLength={12}
          required
        />
      </label>
      <StrengthMeter password={password} />
      <label className="field">
        <span>Master password again</span>
        <input
          name="master-password-confirm"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          minLength={12}
          required
        />
      </label>
      <RememberOption vault={vault} checked={remember} onChange={setRemember} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create vault'}
        </button>
      </div>
    </form>
  );
}
