import { errorMessage, type ErrorCode } from '@shared/common/errors';
import { endHeading } from './endHeading';

/** The end of a session in words a user understands, headed by what happened, with Close. Never a spinner. */
export function SessionError({
  code,
  message,
  everConnected,
  onClose,
}: {
  code: ErrorCode | null;
  message: string | null;
  /** Whether the session ever connected (else its end is "Could not connect"). */
  everConnected: boolean;
  onClose: () => void;
}) {
  return (
    <div className="session-end" role={code ? 'alert' : 'status'} data-testid="session-end">
      <h2 data-testid="session-end-heading">{endHeading(code, message, everConnected)}</h2>
      {code && (
        <>
          <p data-testid="session-error-message">{message ?? errorMessage(code)}</p>
          <p className="muted">
            Error code <code data-testid="session-error-code">{code}</code>
          </p>
        </>
      )}
      <button type="button" className="button primary" onClick={onClose} autoFocus>
        Close
      </button>
    </div>
  );
}
