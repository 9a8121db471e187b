import path from 'node:path';
import type { AppCoreOptions, Emit, EventListener } from './appOptions';
import { createServices, type AppServices } from './appServices';
import { wireEvents, type SetupProgress } from './appEvents';
import { authHandlers } from './auth/authHandlers';
import { appHandlers } from './backend/appHandlers';
import { computerHandlers } from './computers/computerHandlers';
import { adminHandlers } from './iam/adminHandlers';
import { linkHandlers, PendingLink, resourceHandlers } from './connect/connectHandlers';
import { liveHandlers } from './live/liveHandlers';
import { recordingHandlers } from './recordings/recordingHandlers';
import { createDispatcher, type Dispatcher, type Handlers } from './rpc/dispatcher';
import { sessionHandlers } from './sessions/sessionHandlers';
import type { SessionManager } from './sessions/sessionManager';
import { settingsHandlers } from './settings/settingsHandlers';
import { loadSettingsFile, openSettingsStore } from './settings/settingsFile';
import { SettingsService } from './settings/settingsService';
import { vaultHandlers } from './vault/vaultHandlers';

export type { AppCoreOptions, Emit, EventListener } from './appOptions';

/** The services of one app launch, the same in the desktop shell and the browser host. */
export interface AppCore {
  dispatcher: Dispatcher;
  /** Subscribes to every event for the renderer; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  /** Resolves once the backend's first state is known. */
  ready: Promise<void>;
  /** Live sessions, for the session sockets. */
  sessions: SessionManager;
  /** A start link the OS handed the desktop app (openpsm://start?…): kept until the renderer takes it. */
  openLink(url: string): void;
  close(): Promise<void>;
}

export function settingsPath(dataDir: string): string {
  return path.join(dataDir, 'settings.json');
}

/** The renderer's API: one handler file per service, wired to this launch's services. */
function createHandlers(
  services: AppServices,
  options: AppCoreOptions,
  pendingLink: PendingLink,
  setup: SetupProgress,
): Handlers {
  const { settings, secrets, backend, computers, sessions, auth, iam, vault, connectFlow, live, recordings } = services;
  return {
    app: appHandlers({ shell: options.shell, backend, secrets }),
    settings: settingsHandlers(settings),
    computers: computerHandlers(computers, options.timers.rdpCertificateReadMs),
    auth: authHandlers({ auth, backend, openExternal: options.openExternal, onSetUp: () => (setup.done = true) }),
    resources: resourceHandlers(iam, connectFlow),
    links: linkHandlers(connectFlow, pendingLink),
    vault: vaultHandlers(vault),
    live: liveHandlers(live),
    recordings: recordingHandlers(recordings),
    admin: adminHandlers(iam),
    sessions: sessionHandlers(sessions, connectFlow, () => backend.state().mode),
  };
}

/** Builds every service once (architecture rule 7), wires their events and serves them to the renderer. */
export function createAppCore(options: AppCoreOptions): AppCore {
  const { log } = options;
  const loaded = loadSettingsFile(settingsPath(options.dataDir), log);
  const store = openSettingsStore(options.dataDir);
  if (loaded.needsWrite) store.store = loaded.settings;
  const settings = new SettingsService(store, loaded.settings);
  log.setLevel(loaded.settings.logLevel);

  const listeners = new Set<EventListener>();
  const emit: Emit = (event, data) => {
    for (const listener of listeners) listener({ event, data });
  };
  const services = createServices(options, settings, emit);
  const setup: SetupProgress = { done: false };
  wireEvents(services, emit, log, loaded.settings, setup);
  const pendingLink = new PendingLink();
  const { backend, live, vault, sessions, auth } = services;

  return {
    dispatcher: createDispatcher(createHandlers(services, options, pendingLink, setup), log),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready: backend.apply(loaded.settings.backend).then(() => undefined),
    sessions,
    openLink: (url) => {
      pendingLink.keep(url);
      emit('link.opened', { url });
    },
    close: () => {
      live.stop();
      vault.close();
      sessions.closeAll();
      auth.close();
      return backend.close();
    },
  };
}
