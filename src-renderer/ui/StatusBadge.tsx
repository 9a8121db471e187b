import type { BackendState, GuacdState } from '@shared/common/api/app';

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

/**
 * A coloured pill: the backend mode and whether it works. A control plane that answers while its
 * guacd does not is never a green Ready: its dot is amber, and guacd's own pill says why.
 */
export function StatusBadge({ state, compact = false }: { state: BackendState; compact?: boolean }) {
  const noGuacd = state.status === 'ready' && state.guacd?.status === 'unreachable';
  return (
    <span
      className={`status status-${noGuacd ? 'starting' : state.status}`}
      data-testid={compact ? 'backend-badge' : 'backend-status'}
      title={state.guacd ? `${state.detail} ${state.guacd.detail}` : state.detail}
    >
      <span className="status-dot" aria-hidden="true" />
      {compact ? statusLabels[state.status] : `${modeLabels[state.mode]} · ${statusLabels[state.status]}`}
    </span>
  );
}

/** guacd's pill: reachable with the protocol version it offers, not reachable, or not known. */
export function GuacdBadge({ guacd, compact = false }: { guacd: GuacdState; compact?: boolean }) {
  const tone = { reachable: 'ready', unreachable: 'unreachable', unknown: 'not-configured' }[guacd.status];
  const label = {
    reachable: `guacd ${guacd.protocolVersion ?? 'answers'}`,
    unreachable: 'guacd not reachable',
    unknown: 'guacd unknown',
  }[guacd.status];
  return (
    <span
      className={`status status-${tone}`}
      data-testid={compact ? 'guacd-badge' : 'guacd-status'}
      title={guacd.detail}
    >
      <span className="status-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
