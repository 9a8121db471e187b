/** The error page of a start link that cannot be used (seed 000: what happened, and Close). */
export function LinkProblem({ code, message, onClose }: { code: string; message: string; onClose: () => void }) {
  return (
    <section className="card link-problem" role="alert" aria-labelledby="link-problem-title">
      <h1 id="link-problem-title">This start link cannot be used</h1>
      <p data-testid="link-error-message">{message}</p>
      <p className="muted">
        Error code <code data-testid="link-error-code">{code}</code>
      </p>
      <button type="button" className="button primary" onClick={onClose} autoFocus>
        Close
      </button>
    </section>
  );
}
