import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type Provider from 'oidc-provider';
import { createLogger, type Logger } from '@shared/node/logger';
import {
  defaultGatewayAllowedOrigins,
  defaultWatcherQueueBytes,
  serverTimerDefaults,
  type ServerTimers,
} from './config';
import { openStore, resolveServerKey, type ServerKeySource, type Store, type StoreLocation } from './db/openStore';
import { revokeAccount } from './db/oidcAdapter';
import { VaultRepository } from './db/vaults';
import { JitService } from './jit/jitService';
import { LinuxSshProvisioner } from './jit/linuxSshProvisioner';
import { Setup } from './identity/loginPages';
import { Federation } from './identity/federation';
import { MfaFlow } from './identity/mfaFlow';
import { SignInModules } from './identity/signInModules';
import { createProvider } from './identity/provider';
import { createGateway } from './gateway/gateway';
import { createApp, createHttpServer } from './http/app';
import { configuredHosts } from './http/hostCheck';
import { SessionRegistry } from './db/sessionRegistry';
import { TicketLedger } from './db/ticketLedger';
import type { GuacdAddress } from '@shared/node/guacd/guacdConnection';
import type { Route } from './http/router';
import { apiRoutes } from './http/routes';
import { sessionRoutes } from './http/sessionRoutes';
import { advancedRoutes } from './http/advancedRoutes';
import { liveRoutes } from './http/liveRoutes';
import { LiveSessions } from './gateway/liveSessions';
import { vaultRoutes } from './http/vaultRoutes';
import { recordingRoutes } from './http/recordingRoutes';
import { RecordingRepository } from './db/recordings';
import { recordingTimerDefaults, type RecordingSettings } from './recordings/recordingSettings';
import { openRecordingStore } from './recordings/stores';
import { RecordingUploader } from './recordings/uploader';
import { loadGatewayKey, loadVaultPepper } from './secrets/serverKey';
import { createGuards, type Guards } from './limits/guards';
import { limitSettingsWith, type LimitSettings } from './limits/limitSettings';
import { backoffRoutes } from './http/backoffRoutes';

export { openStore, resolveServerKey } from './db/openStore';

/** A running control plane. */
export interface RunningServer {
  /** Base URL and OIDC issuer, e.g. `http://127.0.0.1:4100`. */
  url: string;
  /** The one-time setup code while no administrator exists, else null. */
  setupCode: string | null;
  /** Where a generated server key was written on this start (to warn about), else null. */
  generatedKeyFile: string | null;
  /** Creates the first administrator in-process (the embedded app's setup); same rules as POST /setup. */
  setup(input: {
    username: string;
    displayName: string;
    password: string;
  }): Promise<
    { ok: true } | { status: number; code: string; message: string; fields?: Array<{ path: string; message: string }> }
  >;
  close(): Promise<void>;
}

/** How to start the control plane; where its store lives and its server key come from are db/openStore's. */
export interface ServerOptions extends StoreLocation, ServerKeySource {
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Secret file holding the pepper for vault unlock proofs; derived from the server key when unset. */
  vaultPepperFile?: string | undefined;
  /** Secret file holding the gateway ticket key; derived from the server key when unset. */
  gatewayKeyFile?: string | undefined;
  /** The gateway ticket key itself (the embedded app makes a random one per launch). */
  gatewayKey?: Buffer | undefined;
  /** guacd's recording-path (OPENPSM_RECORDINGS_DIR); `<dataDir>/recordings` unless set. */
  recordingsDir?: string | undefined;
  /** Where finished recordings are stored, quarantine, and the uploader's timers (a local folder in dataDir unless set). */
  recordings?: Partial<Omit<RecordingSettings, 'timers'>> & { timers?: Partial<RecordingSettings['timers']> };
  /** The most a watcher may have queued before the gateway drops it (8 MiB unless set). */
  watcherQueueBytes?: number | undefined;
  /** Where guacd listens (127.0.0.1:4822 unless told otherwise); only the gateway talks to it. */
  guacd?: GuacdAddress;
  /** The URL users reach the server at, when it is not http://host:port (behind a proxy). Its host, 127.0.0.1:PORT and localhost:PORT are the only Host names answered (else 421). */
  publicUrl?: string | undefined;
  /** Browser origins that may open the gateway socket (none unless set): any other Origin gets 403. */
  gatewayAllowedOrigins?: readonly string[] | undefined;
  timers?: Partial<ServerTimers>;
  /** The guessing limits, the anonymous request limit, the sweep and the trusted proxies (limitSettings.ts defaults unless set). */
  limits?: Partial<LimitSettings>;
  log?: Logger;
}

type Recordings = Awaited<ReturnType<typeof startRecordings>>;

/** The recordings' repository, store and uploader (started): where guacd writes, where finished ones go. */
async function startRecordings(options: ServerOptions, store: Store, live: LiveSessions, log: Logger) {
  const recordingsDir = options.recordingsDir ?? path.join(options.dataDir, 'recordings');
  const recordingRepository = new RecordingRepository(store.db);
  const recordingStore = await openRecordingStore(
    options.recordings?.store ?? { mode: 'local', dir: path.join(options.dataDir, 'recordings-store') },
  );
  const uploader = new RecordingUploader({
    recordings: recordingRepository,
    store: recordingStore,
    recordingsDir,
    quarantineDir: options.recordings?.quarantineDir ?? path.join(options.dataDir, 'recordings-quarantine'),
    timers: { ...recordingTimerDefaults, ...options.recordings?.timers },
    isLive: (sessionId) => live.get(sessionId) !== undefined,
    log,
  });
  uploader.start();
  return { recordingsDir, recordingRepository, recordingStore, uploader };
}

/** The gateway: tickets, live sessions, JIT accounts, recordings and guacd; tokens checked against the provider once it exists. */
function startGateway(deps: {
  options: ServerOptions;
  timers: ServerTimers;
  store: Store;
  gatewayKey: Buffer;
  live: LiveSessions;
  ledger: TicketLedger;
  jitAccounts: JitService;
  rdpProxyEnabled: () => Promise<boolean>;
  recordings: Recordings;
  provider: () => Provider | null;
  log: Logger;
}) {
  const { options, timers, store, gatewayKey, live, ledger, jitAccounts, rdpProxyEnabled, recordings, log } = deps;
  return createGateway({
    key: gatewayKey,
    live,
    watcherQueueBytes: options.watcherQueueBytes ?? defaultWatcherQueueBytes,
    ledger,
    jitAccounts,
    registry: new SessionRegistry(store.db),
    ...store,
    rdpProxyEnabled,
    guacd: options.guacd ?? { host: '127.0.0.1', port: 4822 },
    recordingsDir: recordings.recordingsDir,
    recordings: recordings.uploader,
    helloTimeoutMs: timers.gatewayHelloSeconds * 1000,
    tokenCheckMs: timers.gatewayTokenCheckSeconds * 1000,
    policyMinuteMs: timers.policyMinuteSeconds * 1000,
    endWarningMs: timers.sessionEndWarningSeconds * 1000,
    allowedOrigins: (options.gatewayAllowedOrigins ?? defaultGatewayAllowedOrigins).map((origin) =>
      origin.toLowerCase(),
    ),
    tokenInfo: async (token) => {
      const found = await deps
        .provider()
        ?.AccessToken.find(token)
        .catch(() => undefined);
      return found?.accountId && typeof found.exp === 'number' ? { personId: found.accountId, exp: found.exp } : null;
    },
    log,
  });
}

/** Every API route, each resource's table with the services it needs. */
function routeTable(deps: {
  timers: ServerTimers;
  store: Store;
  guards: Guards;
  modules: SignInModules;
  vaults: VaultRepository;
  gatewayKey: Buffer;
  live: LiveSessions;
  ledger: TicketLedger;
  rdpProxyEnabled: () => Promise<boolean>;
  recordings: Recordings;
  publicUrl: () => string;
  log: Logger;
}): Route[] {
  const { timers, store, guards, modules, vaults, gatewayKey, live, ledger, rdpProxyEnabled, recordings, log } = deps;
  const revokeSignIns = (personId: string) => revokeAccount(store.db, personId);
  return [
    ...apiRoutes({
      ...store,
      revokeSignIns,
      modules,
      federationRedirectUri: () => `${deps.publicUrl()}/federation/callback`,
    }),
    ...vaultRoutes({ vaults, state: store.state }),
    ...advancedRoutes(store),
    ...backoffRoutes({ limiter: guards.limiter, state: store.state }),
    ...recordingRoutes({
      recordings: recordings.recordingRepository,
      store: recordings.recordingStore,
      uploader: recordings.uploader,
      state: store.state,
      log,
    }),
    ...liveRoutes({
      live,
      catalog: store.catalog,
      state: store.state,
      gatewayKey,
      ticketTtlSeconds: timers.ticketTtlSeconds,
      liveWaitSeconds: timers.liveWaitSeconds,
    }),
    ...sessionRoutes({
      ...store,
      ledger,
      gatewayKey,
      ticketTtlSeconds: timers.ticketTtlSeconds,
      approvalTtlSeconds: timers.approvalTtlSeconds,
      rdpProxyEnabled,
      limiter: guards.limiter,
      log,
    }),
  ];
}

/** Listens on host:port (0 picks one); resolves with the port. */
async function listen(server: http.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/**
 * The control plane's public entry, and the only thing src-main may import from
 * src-server (to run it embedded): the IAM Shop API, the built-in OIDC provider, setup.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? createLogger({ name: 'server', sink: (line) => process.stderr.write(`${line}\n`) });
  const timers: ServerTimers = { ...serverTimerDefaults, ...options.timers };
  const { key, generatedAt } = resolveServerKey(options);
  const store = await openStore(options, key);
  const guards = createGuards({
    db: store.db,
    dialect: store.dialect,
    settings: limitSettingsWith(options.limits),
    log,
  });
  const setup = new Setup({ persons: store.persons, state: store.state, log });
  const mfa = new MfaFlow({
    mfa: store.mfa,
    state: store.state,
    log,
    limiter: guards.limiter,
    ttlMs: timers.interactionTtlSeconds * 1000,
  });
  const modules = new SignInModules(store.state, key);
  let publicUrl = '';
  const federation = new Federation({
    modules,
    persons: store.persons,
    log,
    publicUrl: () => publicUrl,
    ttlMs: timers.interactionTtlSeconds * 1000,
  });
  const vaults = new VaultRepository(
    store.db,
    loadVaultPepper(options.vaultPepperFile, key),
    timers.vaultLockoutSeconds,
  );
  const gatewayKey = options.gatewayKey ?? loadGatewayKey(options.gatewayKeyFile, key);
  const rdpProxyEnabled = () => store.state.getSetting('rdpProxyEnabled', true);
  const ledger = new TicketLedger(store.db);
  const jitAccounts = new JitService({
    jit: store.jit,
    computers: store.catalog,
    provisioner: new LinuxSshProvisioner(timers.jitTimeoutSeconds * 1000),
    state: store.state,
    log,
  });
  // JIT accounts a previous run could not remove (or left when it stopped) go now, in the background.
  const sweeping = jitAccounts.sweep().then(
    (left) => left > 0 && log.warn('jit.sweep_left', { left }),
    (error: unknown) => log.warn('jit.sweep_failed', { error: error instanceof Error ? error.message : String(error) }),
  );
  const live = new LiveSessions();
  const recordings = await startRecordings(options, store, live, log);
  let provider: Provider | null = null;
  const gateway = startGateway({
    options,
    timers,
    store,
    gatewayKey,
    live,
    ledger,
    jitAccounts,
    rdpProxyEnabled,
    recordings,
    provider: () => provider,
    log,
  });
  const routes = routeTable({
    timers,
    store,
    guards,
    modules,
    vaults,
    gatewayKey,
    live,
    ledger,
    rdpProxyEnabled,
    recordings,
    publicUrl: () => publicUrl,
    log,
  });
  const handle = createApp({
    store,
    guards,
    setup,
    mfa,
    modules,
    federation,
    routes,
    log,
    provider: () => provider,
    publicUrl: () => publicUrl,
  });

  // The names this server answers to; set once it listens (DNS-rebinding defence).
  let hosts: ReadonlySet<string> = new Set();
  const server = createHttpServer({ handle, hosts: () => hosts, gateway, log });
  const host = options.host ?? '127.0.0.1';
  let port: number;
  try {
    port = await listen(server, options.port ?? 0, host);
  } catch (error) {
    await guards.close();
    await store.close();
    throw error;
  }
  publicUrl = (options.publicUrl ?? `http://${host}:${port}`).replace(/\/$/, '');
  hosts = configuredHosts(publicUrl, port);
  provider = await createProvider({
    issuer: publicUrl,
    db: store.db,
    persons: store.persons,
    state: store.state,
    key,
    timers,
  });
  provider.on('server_error', (_ctx, error) => log.error('oidc.server_error', { error }));
  provider.on('grant.error', (_ctx, error) => log.info('oidc.grant_refused', { error: (error as Error).message }));
  const setupCode = await setup.prepare();

  return {
    url: publicUrl,
    setupCode,
    generatedKeyFile: generatedAt,
    setup: async (input) => setup.complete({ ...input, code: setupCode ?? '' }),
    close: async () => {
      await guards.close();
      await gateway.close();
      await recordings.uploader.close();
      await sweeping;
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => void store.close().then(resolve, resolve));
      });
    },
  };
}
export { seedDemo } from './demo';
