import { CodedError } from '../../ui/CodedError';
import type { AdminProblem } from '../adminProblem';

/**
 * Save and Test, and what the last one said: "Saved.", the Test's finding, or the refusal; after a
 * stale save, Reload keeping the typing.
 */
export function ModuleActions(props: {
  name: string;
  problem: AdminProblem | null;
  saved: boolean;
  finding: string | null;
  onTest(): void;
  onReload(): void;
}) {
  return (
    <>
      <CodedError problem={props.problem} testId={`${props.name}-error`} />
      {props.problem?.code === 'STALE_REVISION' && (
        <button type="button" className="btn" onClick={props.onReload}>
          Reload, keeping what I typed
        </button>
      )}
      <div className="actions">
        <button type="submit" className="btn btn-primary">
          Save
        </button>
        <button type="button" className="btn" onClick={props.onTest}>
          Test
        </button>
        {props.saved && <span role="status">Saved.</span>}
        {props.finding && (
          <span role="status" data-testid={`${props.name}-finding`}>
            Test passed: {props.finding}
          </span>
        )}
      </div>
    </>
  );
}
