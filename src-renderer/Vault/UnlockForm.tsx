import { useEffect, useState, type FormEvent } from 'react';
import type { VaultState } from '@shared/common/api/vault';
import { Banner } from '../ui/Banner';
import { RememberOption } from './RememberOption';
import { useApi } from '../bridge/apiContext';

/** Seconds left until `at`, ticking; 0 when it has passed. */
function useSecondsUntil(at: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null || at <= Date.now()) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Unlock with the master password (or one click when remembered). A wrong password asks again; repeats wait longer. */
export function UnlockForm({ vault }: { vault: VaultState }) {
  const api = useApi();
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(vault.remembered);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const wait = useSecondsUntil(vault.retryAt);

  const unlock = async (typed: string | null) => {
    setBusy(true);
    setProblem(null);
    try {
      await api.vault.unlock({ password: typed, remember });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'INTERNAL';
      setProblem({ code, message: error instanceof Error ? error.message : String(error) });
      if (code === 'INVALID_MASTER_PASSWORD') setPassword('');
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void unlock(password);
  };

  return (
    <form className="card vault-form" onSubmit={submit} aria-labelledby="unlock-title">
      <h1 id="unlock-title">Unlock your vault</h1>
      <p className="muted">
        {vault.owner ? `${vault.owner.displayName}'s personal credentials. ` : ''}
        {vault.offline
          ? 'The server does not answer: your master password is checked against the copy kept on this device.'
          : 'Each new session of the app needs your master password before a personal credential can be used.'}
      </p>
      {problem && (
        <Banner
          tone="error"
          title={problem.code === 'INVALID_MASTER_PASSWORD' ? 'Wrong master password' : 'The vault was not unlocked'}
        >
          <span data-code={problem.code}>{problem.message}</span>
        </Banner>
      )}
      {vault.remembered && (
        <div className="actions">
          <button
            type="button"
            className="button primary"
            disabled={busy || wait > 0}
            onClick={() => void unlock(null)}
          >
            Unlock with this device
          </button>
        </div>
      )}
      <label className="field">
        <span>Master password</span>
        <input
          name="master-password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          autoFocus
        />
      </label>
      <RememberOption vault={vault} checked={remember} onChange={setRemember} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy || wait > 0}>
          {busy ? 'Unlocking…' : wait > 0 ? `Wait ${wait} s` : 'Unlock'}
        </button>
      </div>
      {wait > 0 && <p role="status">Too many wrong master passwords in a row: you can try again in {wait} s.</p>}
    </form>
  );
}
