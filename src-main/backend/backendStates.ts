import type { BackendState, GuacdState, TlsStatus } from '@shared/common/api/app';
import type { GuacdHealthInfo } from '@shared/common/api/controlPlane/system';

/** What the advice about guacd says in each mode: where its address is set. */
export const guacdAdvice: Record<BackendState['mode'], string> = {
  embedded:
    'Start guacd on this device (docker run -p 127.0.0.1:4822:4822 guacamole/guacd), or set its address in Settings → guacd.',
  remote:
    "guacd runs beside your organization's control plane: ask its administrator to start it (or to set OPENPSM_GUACD_HOST and OPENPSM_GUACD_PORT on the server).",
  direct:
    'Start guacd on this device (docker run -p 127.0.0.1:4822:4822 guacamole/guacd), or set its address in Computers → guacd.',
};

/** guacd's state from a control plane's /health (or this device's probe), with the mode's advice when it does not answer. */
export function guacdStateOf(mode: BackendState['mode'], health: GuacdHealthInfo | undefined): GuacdState {
  if (!health)
    return {
      status: 'unknown',
      protocolVersion: null,
      detail: 'The control plane does not say whether guacd answers.',
    };
  if (health.status === 'reachable') return { ...health };
  return { ...health, detail: `${health.detail} ${guacdAdvice[mode]}` };
}

/** A remote control plane's state: ready when its /health answered, else unreachable with the reason. */
export function remoteState(
  url: string,
  health: { guacd?: GuacdHealthInfo } | null,
  tls: TlsStatus | undefined,
): BackendState {
  const withTls = tls ? { tls } : {};
  const tlsBlocks = tls?.status === 'name-mismatch' || tls?.status === 'untrusted';
  if (health && !tlsBlocks)
    return {
      mode: 'remote',
      status: 'ready',
      detail: `Connected to the control plane at ${url}.`,
      serverUrl: url,
      ...withTls,
      guacd: guacdStateOf('remote', health.guacd),
    };
  return {
    mode: 'remote',
    status: 'unreachable',
    detail: tlsBlocks
      ? (tls?.detail ?? '')
      : `The control plane at ${url} does not answer. Check the URL and that the server is running.`,
    serverUrl: url,
    ...withTls,
  };
}

/** The embedded control plane's state: ready when its /health answered. */
export function embeddedState(url: string, health: { guacd?: GuacdHealthInfo } | null): BackendState {
  return health
    ? {
        mode: 'embedded',
        status: 'ready',
        detail: 'The built-in control plane is running on this device.',
        serverUrl: url,
        guacd: guacdStateOf('embedded', health.guacd),
      }
    : {
        mode: 'embedded',
        status: 'unreachable',
        detail: 'The built-in control plane started but does not answer its health check.',
        serverUrl: url,
      };
}

/** Direct mode's state: always usable; guacd's health when it was probed. */
export function directState(guacd: GuacdHealthInfo | undefined): BackendState {
  return {
    mode: 'direct',
    status: 'ready',
    detail: 'No control plane: sessions go straight to guacd on this device, with computers defined in Settings.',
    serverUrl: null,
    ...(guacd ? { guacd: guacdStateOf('direct', guacd) } : {}),
  };
}
