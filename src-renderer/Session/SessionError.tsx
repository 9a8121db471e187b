import { errorMessage, type ErrorCode } from '@shared/common/errors';

/** The end of a session in words a user understands, with Close. Never a spinner. */
export function SessionError({
  code,
  message,
  onClose,
}: {
  code: ErrorCode | null;
  message: string | null;
  onClose: () => void;
}) {
  return (
    <div className="session-end" role={code ? 'alert' : 'status'} data-testid="session-end">
      <h2>{code ? 'The session could not continue' : 'The session has ended'}</h2>
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
