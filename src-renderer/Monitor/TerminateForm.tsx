import { useState } from 'react';
import type { LiveSession } from '@shared/common/api/live';
import { OpenPsmError } from '@shared/common/errors';
import { CodedError } from '../ui/CodedError';
import { useApi } from '../bridge/apiContext';

/** Ends a live session with a reason: the owner's tab shows it, and the audit log keeps it. */
export function TerminateForm({ session, onDone }: { session: LiveSession; onDone: () => void }) {
  const api = useApi();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await api.live.terminate({ sessionId: session.sessionId, reason });
      onDone();
    } catch (error) {
      const e = error instanceof OpenPsmError ? error : new OpenPsmError('INTERNAL');
      setProblem({ code: e.code, message: e.message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="terminate"
      aria-label={`Terminate ${session.computerName}`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label className="field">
        <span>Reason (the user sees it; the audit log keeps it)</span>
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          required
          minLength={3}
          autoFocus
        />
      </label>
      <CodedError problem={problem} testId="terminate-error-code" className="field-error" />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy || reason.trim().length < 3}>
          {busy ? 'Ending…' : `End ${session.displayName}'s session`}
        </button>
        <button type="button" className="button secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
