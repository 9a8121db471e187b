import type { BackendState } from '@shared/common/api/app';

export const modeLabels: Record<BackendState['mode'], string> = {
  embedded: 'Built-in control plane',
  remote: 'Remote control plane',
  direct: 'Direct to guacd',
};

const statusLabels: Record<BackendState['status'], string> = {
  ready: 'Ready',
  starting: 'Starting',
  unreachable: 'Unreachable',
  'not-configured': 'Not configured',
};

/** A coloured pill: the backend mode and whether it works. */
export function StatusBadge({ state, compact = false }: { state: BackendState; compact?: boolean }) {
  return (
    <span
      className={`status status-${state.status}`}
      data-testid={compact ? 'backend-badge' : 'backend-status'}
      title={state.detail}
    >
      <span className="status-dot" aria-hidden="true" />
      {compact ? statusLabels[state.status] : `${modeLabels[state.mode]} · ${statusLabels[state.status]}`}
    </span>
  );
}
