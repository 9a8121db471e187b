import { useState, type FormEvent } from 'react';
import type { Backoff } from '@shared/common/api/controlPlane/backoffs';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';

const columns = ['Account', 'Address', 'Guessed', 'Failures', 'Until', ''];
const guessed: Record<Backoff['kind'], string> = { password: 'Password', mfa: 'MFA code' };

/** The rows of the table: one throttle each, with its Clear button. */
function ThrottleRows({ throttles, onClear }: { throttles: Backoff[]; onClear(t: Backoff): void }) {
  return (
    <table className="table" aria-label="Throttles in force">
      <thead>
        <tr>
          {columns.map((name) => (
            <th key={name}>{name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {throttles.map((t) => (
          <tr key={t.id}>
            <td>{t.account}</td>
            <td>{t.address ?? '(account-wide)'}</td>
            <td>{guessed[t.kind]}</td>
            <td>{t.failures}</td>
            <td>{new Date(t.blockedUntil).toLocaleString()}</td>
            <td>
              <button type="button" className="btn" onClick={() => onClear(t)}>
                Clear
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Clears every throttle of one account, named by its username. */
function ClearAccountForm({ onCleared }: { onCleared(text: string): void }) {
  const admin = useAdmin();
  const [username, setUsername] = useState('');
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const { cleared } = await admin('backoffs.clearAccount', { body: { username } });
      setProblem(null);
      onCleared(`Cleared ${cleared} throttle${cleared === 1 ? '' : 's'} of ${username.trim()}.`);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  return (
    <form className="form-grid" aria-label="Clear all for account" noValidate onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span>Account</span>
        <input
          name="username"
          value={username}
          aria-invalid={problem?.fields['username'] ? true : undefined}
          onChange={(e) => setUsername(e.target.value)}
        />
        {problem?.fields['username'] && <small className="field-error">{problem.fields['username']}</small>}
      </label>
      <CodedError problem={problem} testId="clear-account-error" />
      <div className="actions">
        <button type="submit" className="btn">
          Clear all for account
        </button>
      </div>
    </form>
  );
}

/** The throttles in force: who must wait and until when, and clearing one or every one of an account. */
export function ThrottlesTable({ throttles, onChanged }: { throttles: Backoff[]; onChanged(): void }) {
  const admin = useAdmin();
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const cleared = (text: string) => (setDone(text), onChanged());
  const clear = async (t: Backoff) => {
    try {
      await admin('backoffs.clear', { params: { id: t.id } });
      setProblem(null);
      cleared(`Cleared the throttle of ${t.account} (${t.address ?? 'account-wide'}).`);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  return (
    <div className="card">
      <h3>Throttles in force</h3>
      <CodedError problem={problem} testId="throttles-error" />
      {throttles.length === 0 ? (
        <p>No throttles in force: nobody has to wait to sign in.</p>
      ) : (
        <ThrottleRows throttles={throttles} onClear={(t) => void clear(t)} />
      )}
      {done && <p role="status">{done}</p>}
      <ClearAccountForm onCleared={cleared} />
    </div>
  );
}
