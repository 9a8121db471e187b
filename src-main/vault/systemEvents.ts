/** Why the OS asks the vault to lock. */
export type SystemLockReason = 'screen-locked' | 'suspended';

/** What the OS tells the app that should lock the vault; the desktop shell injects the real one. */
export interface SystemEvents {
  /** Subscribes; returns the unsubscribe function. */
  onLockRequested(listener: (reason: SystemLockReason) => void): () => void;
}

/** The part of Electron's `powerMonitor` used here, so the adapter is tested without Electron. */
export interface PowerMonitorLike {
  on(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
  removeListener(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
}

/** SystemEvents from Electron's powerMonitor: the screen locks, or the machine suspends. */
export function powerMonitorEvents(monitor: PowerMonitorLike): SystemEvents {
  return {
    onLockRequested(listener) {
      const onLock = () => listener('screen-locked');
      const onSuspend = () => listener('suspended');
      monitor.on('lock-screen', onLock);
      monitor.on('suspend', onSuspend);
      return () => {
        monitor.removeListener('lock-screen', onLock);
        monitor.removeListener('suspend', onSuspend);
      };
    },
  };
}

/** No OS events (the browser host): only the idle timer and the Lock button lock. */
export const noSystemEvents: SystemEvents = { onLockRequested: () => () => undefined };
