import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type Provider from 'oidc-provider';
import { createLogger, type Logger } from '../src-shared/node/logger';
import { errorCatalog } from '../src-shared/common/errors';
import { defaultGatewayAllowedOrigins, defaultWatcherQueueBytes, serverTimerDefaults, type ServerTimers } from './config';
import { CatalogRepository } from './db/catalog';
import { CredentialRepository } from './db/credentials';
import { MfaRepository } from './db/mfa';
import { openDatabase, type OpenedDatabase } from './db/database';
import { migrateToLatest } from './db/migrations';
import { revokeAccount } from './db/oidcAdapter';
import { PersonRepository } from './db/persons';
import { ServerStateRepository } from './db/serverState';
import { VaultRepository } from './db/vaults';
import { JitRepository } from './db/jitAccounts';
import { JitService } from './jit/jitService';
import { LinuxSshProvisioner } from './jit/linuxSshProvisioner';
import { handleInteraction, handleSetup, Setup } from './identity/loginPages';
import { Federation } from './identity/federation';
import { MfaFlow } from './identity/mfaFlow';
import { SignInModules } from './identity/signInModules';
import { createProvider } from './identity/provider';
import { createGateway } from './gateway/gateway';
import { sendJson } from './httpIo';
import { configuredHosts, isConfiguredHost } from './http/hostCheck';
import { guardUpgradeSocket, rejectUpgrade } from '../src-shared/node/socketGuard';
import { SessionRegistry } from './db/sessionRegistry';
import { TicketLedger } from './db/ticketLedger';
import type { GuacdAddress } from '../src-shared/node/guacd/guacdConnection';
import { isControlPlanePath } from '../src-shared/common/api/controlPlane';
import { openApiDocument } from './http/openapi';
import { dispatch, type Authenticate } from './http/router';
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
import { loadGatewayKey, loadServerKey, loadVaultPepper, serverKeyFrom, type ServerKey } from './secrets/serverKey';
import { createGuards } from './limits/guards';
import { limitSettingsWith, type LimitSettings } from './limits/limitSettings';
import { backoffRoutes } from './http/backoffRoutes';

/** A running control plane. */
export interface RunningServer {
  /** Base URL and OIDC issuer, e.g. `http://127.0.0.1:4100`. */
  url: string;
  /** The one-time setup code while no administrator exists, else null. */
  setupCode: string | null;
  /** Where a generated server key was written on this start (to warn about), else null. */
  generatedKeyFile: string | null;
  /** Creates the first administrator in-process (the embedded app's setup); same rules as POST /setup. */
  setup(input: { username: string; displayName: string; password: string }): Promise<{ ok: true } | { status: number; code: string; message: string; fields?: Array<{ path: string; message: string }> }>;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Where the SQLite database (and a generated server key) live. */
  dataDir: string;
  /** postgres://… to use PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
  /** File holding the server key (Docker-secret style). */
  serverKeyFile?: string | undefined;
  /** The server key itself, when the caller keeps it (the embedded app keeps it in the OS keychain). */
  serverKey?: Buffer | undefined;
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

/** The database with its repositories, migrated. Also used by `seed-demo`. */
export async function openStore(options: Pick<ServerOptions, 'dataDir' | 'databaseUrl'>, key: ServerKey) {
  const opened: OpenedDatabase = openDatabase({ url: options.databaseUrl, sqlitePath: path.join(options.dataDir, 'openpsm.db') });
  try {
    await migrateToLatest(opened.db, opened.dialect);
  } catch (error) {
    await opened.close();
    throw error;
  }
  const { db } = opened;
  return { ...opened, persons: new PersonRepository(db), catalog: new CatalogRepository(db), credentials: new CredentialRepository(db, key), state: new ServerStateRepository(db), mfa: new MfaRepository(db, key), jit: new JitRepository(db, key) };
}

/** Resolves the server key from the options: given bytes, a key file, or one generated in dataDir. */
export function resolveServerKey(options: Pick<ServerOptions, 'serverKey' | 'serverKeyFile' | 'dataDir'>): { key: ServerKey; generatedAt: string | null } {
  return options.serverKey ? { key: serverKeyFrom(options.serverKey), generatedAt: null } : loadServerKey({ file: options.serverKeyFile, dataDir: options.dataDir });
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
  const guards = createGuards({ db: store.db, dialect: store.dialect, settings: limitSettingsWith(options.limits), log });
  const setup = new Setup({ persons: store.persons, state: store.state, log });
  const mfa = new MfaFlow({ mfa: store.mfa, state: store.state, log, limiter: guards.limiter, ttlMs: timers.interactionTtlSeconds * 1000 });
  const modules = new SignInModules(store.state, key);
  let publicUrl = '';
  const federation = new Federation({ modules, persons: store.persons, log, publicUrl: () => publicUrl, ttlMs: timers.interactionTtlSeconds * 1000 });
  const revokeSignIns = (personId: string) => revokeAccount(store.db, personId);
  const vaults = new VaultRepository(store.db, loadVaultPepper(options.vaultPepperFile, key), timers.vaultLockoutSeconds);
  const gatewayKey = options.gatewayKey ?? loadGatewayKey(options.gatewayKeyFile, key);
  const rdpProxyEnabled = () => store.state.getSetting('rdpProxyEnabled', true);
  const ledger = new TicketLedger(store.db);
  const jitAccounts = new JitService({ jit: store.jit, computers: store.catalog, provisioner: new LinuxSshProvisioner(timers.jitTimeoutSeconds * 1000), state: store.state, log });
  // JIT accounts a previous run could not remove (or left when it stopped) go now, in the background.
  const sweeping = jitAccounts.sweep().then(
    (left) => left > 0 && log.warn('jit.sweep_left', { left }),
    (error: unknown) => log.warn('jit.sweep_failed', { error: error instanceof Error ? error.message : String(error) }),
  );
  const live = new LiveSessions();
  const recordingsDir = options.recordingsDir ?? path.join(options.dataDir, 'recordings');
  const recordingRepository = new RecordingRepository(store.db);
  const recordingStore = await openRecordingStore(options.recordings?.store ?? { mode: 'local', dir: path.join(options.dataDir, 'recordings-store') });
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
  const gateway = createGateway({
    key: gatewayKey,
    live,
    watcherQueueBytes: options.watcherQueueBytes ?? defaultWatcherQueueBytes,
    ledger,
    jitAccounts,
    registry: new SessionRegistry(store.db),
    ...store,
    rdpProxyEnabled,
    guacd: options.guacd ?? { host: '127.0.0.1', port: 4822 },
    recordingsDir,
    recordings: uploader,
    helloTimeoutMs: timers.gatewayHelloSeconds * 1000,
    tokenCheckMs: timers.gatewayTokenCheckSeconds * 1000,
    policyMinuteMs: timers.policyMinuteSeconds * 1000,
    endWarningMs: timers.sessionEndWarningSeconds * 1000,
    allowedOrigins: (options.gatewayAllowedOrigins ?? defaultGatewayAllowedOrigins).map((origin) => origin.toLowerCase()),
    tokenInfo: async (token) => {
      const found = await provider?.AccessToken.find(token).catch(() => undefined);
      return found?.accountId && typeof found.exp === 'number' ? { personId: found.accountId, exp: found.exp } : null;
    },
    log,
  });
  const routes = [
    ...apiRoutes({ ...store, revokeSignIns, modules, federationRedirectUri: () => `${publicUrl}/federation/callback` }),
    ...vaultRoutes({ vaults, state: store.state }),
    ...advancedRoutes(store),
    ...backoffRoutes({ limiter: guards.limiter, state: store.state }),
    ...recordingRoutes({ recordings: recordingRepository, store: recordingStore, uploader, state: store.state, log }),
    ...liveRoutes({ live, catalog: store.catalog, state: store.state, gatewayKey, ticketTtlSeconds: timers.ticketTtlSeconds, liveWaitSeconds: timers.liveWaitSeconds }),
    ...sessionRoutes({ ...store, ledger, gatewayKey, ticketTtlSeconds: timers.ticketTtlSeconds, approvalTtlSeconds: timers.approvalTtlSeconds, rdpProxyEnabled, limiter: guards.limiter, log }),
  ];
  let provider: Provider | null = null;

  const authenticate: Authenticate = async (token) => {
    const accessToken = await provider?.AccessToken.find(token).catch(() => undefined);
    if (!accessToken?.accountId) return null;
    const person = await store.persons.findById(accessToken.accountId);
    if (!person || person.disabled) return null;
    return { personId: person.id, username: person.username, roles: person.roles };
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (guards.refuseFlood(req, res, path)) return;
    if (path === '/openapi.json' && req.method === 'GET') return sendJson(res, 200, openApiDocument(routes, publicUrl));
    if (path === '/setup') return handleSetup(setup, store.persons, req, res);
    if (path === '/federation/callback' && req.method === 'GET') {
      const next = await federation.callback(req.url ?? '/');
      if (!next) return sendJson(res, 400, { code: 'SIGN_IN_FAILED', message: 'This sign-in link is unknown or expired. Start the sign-in again from OpenPSM.' });
      res.writeHead(303, { location: next.location, 'cache-control': 'no-store' }).end();
      return;
    }
    if (path.startsWith('/interaction/') && provider && (await handleInteraction({ provider, mfa, modules, federation, persons: store.persons, state: store.state, log, limiter: guards.limiter, addressOf: guards.addressOf }, req, res, path))) return;
    if (isControlPlanePath(path)) {
      if (await dispatch(routes, authenticate, req, res, path, guards.addressOf(req))) return;
      return sendJson(res, 404, { code: 'NOT_FOUND', message: 'There is nothing at this address.' });
    }
    if (!provider) return sendJson(res, 503, { code: 'INTERNAL', message: 'The server is starting.' });
    provider.callback()(req, res);
  };

  // The names this server answers to; set once it listens (DNS-rebinding defence).
  let hosts: ReadonlySet<string> = new Set();
  const server = http.createServer((req, res) => {
    if (!isConfiguredHost(req.headers.host, hosts)) {
      log.warn('server.refused', { status: 421, reason: 'foreign Host header' });
      return sendJson(res, 421, { code: 'MISDIRECTED_REQUEST', message: errorCatalog.MISDIRECTED_REQUEST });
    }
    handle(req, res).catch((error: unknown) => {
      log.error('server.request_failed', { path: (req.url ?? '').split('?')[0], error });
      if (!res.headersSent) sendJson(res, 500, { code: 'INTERNAL', message: 'Something went wrong inside OpenPSM. The server log has the details.' });
      else res.end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    guardUpgradeSocket(socket);
    if (!isConfiguredHost(req.headers.host, hosts)) {
      log.warn('server.socket_refused', { status: 421, reason: 'foreign Host header' });
      return rejectUpgrade(socket, 421);
    }
    if (!gateway.handleUpgrade(req, socket, head)) socket.destroy();
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    await guards.close();
    await store.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  publicUrl = (options.publicUrl ?? `http://${host}:${port}`).replace(/\/$/, '');
  hosts = configuredHosts(publicUrl, port);
  provider = await createProvider({ issuer: publicUrl, db: store.db, persons: store.persons, state: store.state, key, timers });
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
      await uploader.close();
      await sweeping;
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => void store.close().then(resolve, resolve));
      });
    },
  };
}
export { seedDemo } from './demo';
