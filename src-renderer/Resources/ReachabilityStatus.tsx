import type { ResourceGroup } from '@shared/common/api/controlPlane/resources';

/** A row's status: whether the gateway reached the computer's port lately (a cached check on the server). */
export function ReachabilityStatus({ value }: { value: ResourceGroup['computers'][number]['reachability'] }) {
  if (value === 'reachable')
    return (
      <span className="status status-ready" data-testid="reachability">
        <span className="status-dot" aria-hidden="true" />
        Reachable
      </span>
    );
  if (value === 'unreachable')
    return (
      <span
        className="status status-unreachable"
        data-testid="reachability"
        title="The gateway could not connect to this computer's port just now."
      >
        <span className="status-dot" aria-hidden="true" />
        Not reachable
      </span>
    );
  return (
    <span className="muted" data-testid="reachability">
      Not checked
    </span>
  );
}
