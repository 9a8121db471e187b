import crypto from 'node:crypto';
import path from 'node:path';
import { TokenBroker } from './auth/tokenBroker';
import { CachedGuacdProbe } from '@shared/node/guacd/guacdProbe';
import { BackendMonitor, checkHealth, readHealth, type EmbeddedServer } from './backend/backendMonitor';
import { liveGuacdAddress } from './backend/embeddedGuacd';
import { startOnRememberedPort } from './backend/embeddedPort';
import { embeddedServerKey } from './backend/embeddedServerKey';
import { checkTls } from './backend/tlsCheck';
import { ComputerService } from './computers/computerService';
import { ConnectFlow } from './connect/connectFlow';
import { IamClient } from './iam/iamClient';
import { LiveService } from './live/liveService';
import { RecordingService } from './recordings/recordingService';
import { openSecretStore, type SecretStore } from './secrets/secretStore';
import type { GatewayLink } from './sessions/gatewayLink';
import { SessionManager } from './sessions/sessionManager';
import type { SettingsService } from './settings/settingsService';
import { noSystemEvents } from './vault/systemEvents';
import { VaultCacheStore } from './vault/vaultCache';
import { VaultService } from './vault/vaultService';
import type { AppCoreOptions, Emit } from './appOptions';

/** The services of one launch, each built once (architecture rule 7). */
export interface AppServices {
  settings: SettingsService;
  secrets: SecretStore;
  backend: BackendMonitor;
  computers: ComputerService;
  sessions: SessionManager;
  auth: TokenBroker;
  iam: IamClient;
  vault: VaultService;
  connectFlow: ConnectFlow;
  live: LiveService;
  recordings: RecordingService;
  /** The gateway sessions open now: each refreshed access token goes to them. */
  gatewayLinks: Set<GatewayLink>;
}

/**
 * Starts the embedded control plane. The server is imported only here, when embedded mode
 * starts, so remote and direct mode never load it (nor better-sqlite3 and pg).
 */
function embeddedStarter(
  options: AppCoreOptions,
  secrets: SecretStore,
  settings: SettingsService,
): () => Promise<EmbeddedServer> {
  const { log } = options;
  const dataDir = path.join(options.dataDir, 'server');
  return async () => {
    const { startServer } = await import('@server/index');
    const start = (port: number) =>
      startServer({
        ...options.embeddedServer,
        host: '127.0.0.1',
        port,
        dataDir,
        serverKey: embeddedServerKey(secrets),
        gatewayKey: crypto.randomBytes(32),
        guacd: liveGuacdAddress(() => settings.get()),
        log,
      });
    return startOnRememberedPort(dataDir, start, log);
  };
}

/** Builds every service of the app from the options and the loaded settings. */
export function createServices(options: AppCoreOptions, settings: SettingsService, emit: Emit): AppServices {
  const { log } = options;
  const secrets = options.secrets ?? openSecretStore(log);
  const directGuacd = new CachedGuacdProbe(
    () => liveGuacdAddress(() => settings.get()),
    options.timers.backendHealthTimeoutMs,
    options.timers.directGuacdCheckMs,
  );
  const backend = new BackendMonitor({
    startEmbedded: options.startEmbedded ?? embeddedStarter(options, secrets, settings),
    readHealth,
    checkTls,
    probeDirectGuacd: () => directGuacd.check(),
    healthTimeoutMs: options.timers.backendHealthTimeoutMs,
    pollMs: options.timers.backendPollMs,
    log,
  });
  const computers = new ComputerService(settings, secrets);
  const sessions = new SessionManager({ computers, settings, timers: options.timers, log });
  // Sign-in follows the backend: the control plane in use is the issuer.
  const auth = new TokenBroker({ secrets, timers: options.timers, log });
  const iam = new IamClient({
    baseUrl: () => backend.state().serverUrl,
    tokens: auth,
    retryDelayMs: options.timers.iamRetryDelayMs,
  });
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
  // Gateway sessions live on the sign-in: the links are kept to hand them refreshed tokens.
  const gatewayLinks = new Set<GatewayLink>();
  const keepLink = (link: GatewayLink) => {
    gatewayLinks.add(link);
    link.onClose(() => gatewayLinks.delete(link));
  };
  const serverUrl = () => (backend.state().mode === 'direct' ? null : backend.state().serverUrl);
  const timeoutMs = options.timers.argsTimeoutMs + options.timers.readyTimeoutMs;
  const connectFlow = new ConnectFlow({ iam, vault, auth, serverUrl, sessions, onLink: keepLink, timeoutMs, log });
  const live = new LiveService({
    iam,
    auth,
    serverUrl,
    sessions,
    onLink: keepLink,
    emit: (list) => emit('live.changed', list),
    timeoutMs,
    retryMs: options.timers.liveRetryMs,
    log,
  });
  const recordings = new RecordingService(iam);
  return {
    settings,
    secrets,
    backend,
    computers,
    sessions,
    auth,
    iam,
    vault,
    connectFlow,
    live,
    recordings,
    gatewayLinks,
  };
}
