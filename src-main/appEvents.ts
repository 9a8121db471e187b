import type { BackendState } from '@shared/common/api/app';
import type { Settings } from '@shared/common/api/settings';
import type { Logger } from '@shared/node/logger';
import type { Emit } from './appOptions';
import type { AppServices } from './appServices';

/** Whether the embedded control plane's first administrator was created in this launch. */
export interface SetupProgress {
  done: boolean;
}

/**
 * Wires the services' events to each other and to the renderer: the sign-in follows the
 * backend, the vault follows both, an expired sign-in ends the sessions it carried, and a
 * change of backend setting moves the backend.
 */
export function wireEvents(
  services: AppServices,
  emit: Emit,
  log: Logger,
  initial: Settings,
  setup: SetupProgress,
): void {
  const { auth, backend, vault, settings, live, sessions, gatewayLinks } = services;
  vault.onChange((state) => emit('vault.changed', state));
  const followVault = () => void vault.refresh().catch((error: unknown) => log.warn('vault.refresh_failed', { error }));
  auth.onChange((state) => {
    emit('auth.changed', state);
    followVault();
  });
  auth.onTokens((token) => {
    for (const link of gatewayLinks) link.sendToken(token);
  });
  auth.onExpired((message) => {
    live.stop();
    sessions.closeAll();
    emit('auth.expired', { message });
  });
  let previous: BackendState | null = null;
  const followBackend = (state: BackendState) => {
    // A control plane that stops answering for a while keeps its sign-in: it comes back with it.
    const blip =
      state.status === 'unreachable' &&
      previous?.status === 'ready' &&
      previous.mode === state.mode &&
      previous.serverUrl === state.serverUrl;
    previous = state;
    if (blip) return;
    auth.setNeedsSetup(
      state.mode === 'embedded' &&
        state.status === 'ready' &&
        (backend.embeddedServer()?.setupCode ?? null) !== null &&
        !setup.done,
    );
    void auth.useIssuer(state.mode !== 'direct' && state.status === 'ready' ? state.serverUrl : null);
  };
  backend.onChange((state) => {
    emit('backend.changed', state);
    followBackend(state);
    followVault();
  });
  let lastBackend = JSON.stringify(initial.backend);
  settings.onChange((next) => {
    log.setLevel(next.logLevel);
    emit('settings.changed', next);
    vault.settingsChanged();
    const nextBackend = JSON.stringify(next.backend);
    if (nextBackend !== lastBackend) {
      lastBackend = nextBackend;
      void backend.apply(next.backend);
    }
  });
}
