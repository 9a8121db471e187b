import crypto from 'node:crypto';
import path from 'node:path';
import pkg from '../package.json';
import type { AppInfo } from '../src-shared/common/api/app';
import type { EventData, EventName } from '../src-shared/common/api/contract';
import type { Settings } from '../src-shared/common/api/settings';
import type { Logger } from '../src-shared/node/logger';
import { startServer } from '../src-server/index';
import { BackendMonitor, checkHealth, type EmbeddedServer } from './backend/backendMonitor';
import { resourcesApi } from '../src-shared/common/api/controlPlane/resources';
import { ConnectFlow } from './connect/connectFlow';
import { LiveService } from './live/liveService';
import { RecordingService } from './recordings/recordingService';
import type { GatewayLink } from './sessions/gatewayLink';
import { OpenPsmError } from '../src-shared/common/errors';
import { TokenBroker } from './auth/tokenBroker';
import { IamClient } from './iam/iamClient';
import { embeddedServerKey } from './backend/embeddedServerKey';
import type { EmbeddedServerSettings } from './backend/embeddedServerSettings';
import { checkTls } from './backend/tlsCheck';
import { ComputerService } from './computers/computerService';
import { openSecretStore, type SecretStore } from './secrets/secretStore';
import { SessionManager } from './sessions/sessionManager';
import type { Timers } from './config/timers';
import { createDispatcher, type Dispatcher, type Handlers } from './rpc/dispatcher';
import { loadSettingsFile } from './settings/settingsFile';
import { SettingsService, type SettingsStore } from './settings/settingsService';
import { noSystemEvents, type SystemEvents } from './vault/systemEvents';
import { VaultCacheStore } from './vault/vaultCache';
import { VaultService, type MainClipboard } from './vault/vaultService';

export type EventListener = (envelope: { event: EventName; data: EventData<EventName> }) => void;

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

export interface AppCoreOptions {
  dataDir: string;
  shell: AppInfo['shell'];
  /** Opens the settings store on `<dataDir>/settings.json` (conf or electron-store). */
  openStore(dataDir: string, initial: Settings): SettingsStore;
  timers: Timers;
  log: Logger;
  /** Where passwords are kept; the OS keychain when it answers, else memory. */
  secrets?: SecretStore;
  /** The embedded control plane's settings from OPENPSM_* (timers, limits, recording store); the defaults unless given. */
  embeddedServer?: EmbeddedServerSettings;
  /** Starts the embedded control plane; the real one unless a test swaps it. */
  startEmbedded?: () => Promise<EmbeddedServer>;
  /** Opens a URL in the system browser (desktop shell); absent in the browser host, where the renderer opens it. */
  openExternal?: (url: string) => Promise<void>;
  /** The OS telling the app to lock the vault (screen lock, suspend); none in the browser host. */
  systemEvents?: SystemEvents;
  /** The OS clipboard, where main can write it (desktop shell). */
  clipboard?: MainClipboard;
}

export function settingsPath(dataDir: string): string {
  return path.join(dataDir, 'settings.json');
}

/** Builds every service once (architecture rule 7) and wires their events. */
export function createAppCore(options: AppCoreOptions): AppCore {
  const { log } = options;
  const loaded = loadSettingsFile(settingsPath(options.dataDir), log);
  const store = options.openStore(options.dataDir, loaded.settings);
  if (loaded.needsWrite) store.store = loaded.settings;
  const settings = new SettingsService(store, loaded.settings);
  log.setLevel(loaded.settings.logLevel);

  const secrets = options.secrets ?? openSecretStore(log);
  const backend = new BackendMonitor({
    startEmbedded: options.startEmbedded ?? (() => startServer({ ...options.embeddedServer, host: '127.0.0.1', port: 0, dataDir: path.join(options.dataDir, 'server'), serverKey: embeddedServerKey(secrets), gatewayKey: crypto.randomBytes(32), guacd: { host: settings.get().direct.guacd.host, port: settings.get().direct.guacd.port }, log })),
    checkHealth,
    checkTls,
    healthTimeoutMs: options.timers.backendHealthTimeoutMs,
    log,
  });

  const computers = new ComputerService(settings, secrets);
  const sessions = new SessionManager({ computers, settings, timers: options.timers, log });

  const listeners = new Set<EventListener>();
  const emit = <E extends EventName>(event: E, data: EventData<E>) => {
    for (const listener of listeners) listener({ event, data });
  };

  // Sign-in follows the backend: the control plane in use is the issuer.
  const auth = new TokenBroker({ secrets, timers: options.timers, log });
  const iam = new IamClient({ baseUrl: () => backend.state().serverUrl, tokens: auth, retryDelayMs: options.timers.iamRetryDelayMs });
  const vault = new VaultService({
    api: iam,
    identity: () => {
      const state = backend.state();
      return { person: auth.state().person, serverUrl: state.mode === 'direct' ? null : state.serverUrl };
    },
    serverAnswers: (url) => checkHealth(url, options.timers.backendHealthTimeoutMs),
    cache: new VaultCacheStore(path.join(options.dataDir, 'vault'), log),
    secrets,
    systemEvents: options.systemEvents ?? noSystemEvents,
    ...(options.clipboard ? { clipboard: options.clipboard } : {}),
    settings: () => settings.get().vault,
    timers: options.timers,
    log,
  });
  vault.onChange((state) => emit('vault.changed', state));
  const followVault = () => void vault.refresh().catch((error: unknown) => log.warn('vault.refresh_failed', { error }));
  auth.onChange((state) => {
    emit('auth.changed', state);
    followVault();
  });
  // Gateway sessions live on the sign-in: each refreshed access token goes to them.
  const gatewayLinks = new Set<GatewayLink>();
  auth.onTokens((token) => {
    for (const link of gatewayLinks) link.sendToken(token);
  });
  const keepLink = (link: GatewayLink) => {
    gatewayLinks.add(link);
    link.onClose(() => gatewayLinks.delete(link));
  };
  auth.onExpired((message) => {
    live.stop();
    sessions.closeAll();
    emit('auth.expired', { message });
  });
  const connectFlow = new ConnectFlow({
    iam,
    vault,
    auth,
    serverUrl: () => (backend.state().mode === 'direct' ? null : backend.state().serverUrl),
    sessions,
    onLink: keepLink,
    timeoutMs: options.timers.argsTimeoutMs + options.timers.readyTimeoutMs,
    log,
  });
  const live = new LiveService({
    iam,
    auth,
    serverUrl: () => (backend.state().mode === 'direct' ? null : backend.state().serverUrl),
    sessions,
    onLink: keepLink,
    emit: (list) => emit('live.changed', list),
    timeoutMs: options.timers.argsTimeoutMs + options.timers.readyTimeoutMs,
    retryMs: options.timers.liveRetryMs,
    log,
  });
  const recordings = new RecordingService(iam);
  let pendingLink: string | null = null;
  let setUpDone = false;
  const followBackend = (state: ReturnType<typeof backend.state>) => {
    auth.setNeedsSetup(state.mode === 'embedded' && state.status === 'ready' && (backend.embeddedServer()?.setupCode ?? null) !== null && !setUpDone);
    void auth.useIssuer(state.mode !== 'direct' && state.status === 'ready' ? state.serverUrl : null);
  };
  backend.onChange((state) => {
    emit('backend.changed', state);
    followBackend(state);
    followVault();
  });
  let lastBackend = JSON.stringify(loaded.settings.backend);
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

  const handlers: Handlers = {
    app: {
      getInfo: () => ({ name: pkg.productName, version: pkg.version, shell: options.shell, backend: backend.state(), secretStore: secrets.kind }),
    },
    settings: {
      get: () => settings.get(),
      update: (patch) => settings.update(patch),
    },
    computers: {
      list: () => computers.list(),
      save: (input) => computers.save(input),
      remove: ({ id }) => computers.remove(id),
    },
    auth: {
      getState: () => auth.state(),
      signIn: async () => {
        const authorizationUrl = await auth.beginSignIn();
        if (!options.openExternal) return { authorizationUrl, opened: false };
        await options.openExternal(authorizationUrl);
        return { authorizationUrl, opened: true };
      },
      signOut: () => auth.signOut(),
      setUp: async (input) => {
        const embedded = backend.embeddedServer();
        if (!embedded?.setup || backend.state().mode !== 'embedded') throw new OpenPsmError('SETUP_CLOSED');
        const result = await embedded.setup(input);
        if (!('ok' in result)) throw new OpenPsmError(result.code === 'BAD_REQUEST' ? 'INVALID_PARAMS' : 'SETUP_CLOSED', { message: result.fields ? result.fields.map((f) => `${f.path} ${f.message}`).join('; ') : result.message, path: result.fields?.[0]?.path });
        setUpDone = true;
        auth.setNeedsSetup(false);
        return auth.state();
      },
    },
    resources: {
      list: () => iam.call(resourcesApi.list),
      terms: (target) => connectFlow.terms(target),
      decline: (target) => connectFlow.decline(target),
    },
    links: {
      open: ({ url }) => connectFlow.openLink(url),
      pending: () => {
        const url = pendingLink;
        pendingLink = null;
        return { url };
      },
    },
    vault: {
      getState: () => vault.state(),
      create: ({ password, remember }) => vault.create(password, remember),
      unlock: ({ password, remember }) => vault.unlock(password, remember),
      lock: () => vault.lock(),
      list: () => ({ credentials: vault.list() }),
      save: (input) => vault.save(input),
      remove: async ({ id }) => {
        await vault.remove(id);
        return {};
      },
      reveal: ({ id }) => ({ secret: vault.reveal(id) }),
      copy: ({ id }) => vault.copy(id),
      changePassword: ({ current, next }) => vault.changePassword(current, next),
      forget: () => vault.forget(),
      activity: () => {
        vault.activity();
        return {};
      },
      dismissConflicts: () => vault.dismissConflicts(),
    },
    live: {
      list: () => live.list(),
      follow: ({ on }) => live.follow(on),
      watch: ({ sessionId, ...screen }) => live.watch(sessionId, screen),
      terminate: ({ sessionId, reason }) => live.terminate(sessionId, reason),
    },
    recordings: {
      list: (filter) => recordings.list(filter),
      index: ({ id }) => recordings.index(id),
      read: ({ id, offset, length }) => recordings.read(id, offset, length),
      retry: ({ id }) => recordings.retry(id),
    },
    sessions: {
      open: ({ computerId, ...screen }) => sessions.open(computerId, screen),
      connect: (params) => connectFlow.connect(params),
      watch: ({ sessionId, ...screen }) => sessions.watch(sessionId, screen),
      close: ({ sessionId }) => sessions.close(sessionId),
    },
  };

  return {
    dispatcher: createDispatcher(handlers, log),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready: backend.apply(loaded.settings.backend).then(() => undefined),
    sessions,
    openLink: (url) => {
      pendingLink = url;
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
