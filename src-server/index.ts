import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import { CachedGuacdProbe, type GuacdHealth } from '@shared/node/guacd/guacdProbe';
import { createLogger, type Logger } from '@shared/node/logger';
import { serverTimerDefaults, type ServerTimers } from './config';
import { seedDemo, type DemoOptions } from './demo';
import { openStore, resolveServerKey, type ServerKeySource, type StoreLocation } from './db/openStore';
import { TicketLedger } from './db/ticketLedger';
import { VaultRepository } from './db/vaults';
import { LiveSessions } from './gateway/liveSessions';
import { startGateway, type GatewayOptions } from './gateway/startGateway';
import { createApp, createHttpServer } from './http/app';
import { configuredHosts } from './http/hostCheck';
import { routeTable } from './http/routeTable';
import { AuditForwarder } from './audit/forwarder';
import { createProvider } from './identity/provider';
import { createSignInServices } from './identity/signInServices';
import { startJitAccounts } from './jit/startJitAccounts';
import { createGuards } from './limits/guards';
import { limitSettingsWith, type LimitSettings } from './limits/limitSettings';
import { startRecordings, type RecordingOptions } from './recordings/startRecordings';
import { loadGatewayKey, loadVaultPepper } from './secrets/serverKey';

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
  /** Whether the gateway's guacd answers now, and the protocol version it offers. */
  guacdHealth(): Promise<GuacdHealth>;
  close(): Promise<void>;
}

/** Where the gateway looks for guacd unless told otherwise. */
const defaultGuacd = { host: '127.0.0.1', port: 4822 };

/**
 * How to start the control plane. Where its store lives and its server key come from are
 * db/openStore's fields, where recordings go recordings/startRecordings', and how the gateway
 * reaches guacd and whom it lets in gateway/startGateway's.
 */
export interface ServerOptions extends StoreLocation, ServerKeySource, RecordingOptions, GatewayOptions {
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
  /** The URL users reach the server at, when it is not http://host:port (behind a proxy). Its host, 127.0.0.1:PORT and localhost:PORT are the only Host names answered (else 421). */
  publicUrl?: string | undefined;
  timers?: Partial<ServerTimers>;
  /** The guessing limits, the anonymous request limit, the sweep and the trusted proxies (limitSettings.ts defaults unless set). */
  limits?: Partial<LimitSettings>;
  log?: Logger;
  /** Demo data to add before the server answers (`npm start -- --demo`); nothing when the demo administrator exists. */
  demo?: DemoOptions | undefined;
}

/** Listens on host:port (0 picks one); resolves with the port. */
async function listen(server: http.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Read by what is wired before the server listens: the OIDC provider and the public URL, which exist only once it does. */
interface LateBound {
  provider: () => Provider | null;
  publicUrl: () => string;
}

/** The control plane wired but not listening: store, guards, sign-in, gateway, recordings, JIT accounts and the HTTP handler. */
async function composeServer(options: ServerOptions, log: Logger, late: LateBound) {
  const timers: ServerTimers = { ...serverTimerDefaults, ...options.timers };
  const { key, generatedAt } = resolveServerKey(options);
  const store = await openStore(options, key);
  const guards = createGuards({
    db: store.db,
    dialect: store.dialect,
    settings: limitSettingsWith(options.limits),
    log,
  });
  const signIn = createSignInServices({ store, limiter: guards.limiter, key, timers, publicUrl: late.publicUrl, log });
  const vaults = new VaultRepository(
    store.db,
    loadVaultPepper(options.vaultPepperFile, key),
    timers.vaultLockoutSeconds,
  );
  const gatewayKey = options.gatewayKey ?? loadGatewayKey(options.gatewayKeyFile, key);
  const rdpProxyEnabled = () => store.state.getSetting('rdpProxyEnabled', true);
  const ledger = new TicketLedger(store.db);
  const { jitAccounts, sweeping } = startJitAccounts({ store, timers, log });
  const live = new LiveSessions();
  const recordings = await startRecordings(options, store, (sessionId) => live.get(sessionId) !== undefined, log);
  const forwarder = new AuditForwarder({
    state: store.state,
    log,
    intervalSeconds: timers.auditForwardSeconds,
    batch: timers.auditForwardBatch,
  });
  // What both the gateway and the API routes work with.
  const services = { timers, store, gatewayKey, live, ledger, rdpProxyEnabled, recordings, forwarder, log };
  const gateway = startGateway({ ...services, options, jitAccounts, provider: late.provider });
  const guacd = new CachedGuacdProbe(
    () => options.guacd ?? defaultGuacd,
    timers.guacdHealthSeconds * 1000,
    timers.guacdHealthCacheSeconds * 1000,
  );
  const guacdHealth = () => guacd.check();
  const routes = routeTable({
    serverKey: key,
    ...services,
    guards,
    modules: signIn.modules,
    vaults,
    publicUrl: late.publicUrl,
    guacdHealth,
  });
  const handle = createApp({
    store,
    guards,
    ...signIn,
    routes,
    log,
    startPage: {
      key,
      persons: store.persons,
      catalog: store.catalog,
      rdpProxyEnabled,
      signInSeconds: timers.interactionTtlSeconds,
    },
    provider: late.provider,
    publicUrl: late.publicUrl,
  });
  return {
    timers,
    key,
    generatedAt,
    store,
    guards,
    setup: signIn.setup,
    gateway,
    recordings,
    forwarder,
    sweeping,
    handle,
    guacdHealth,
  };
}

/**
 * The control plane's public entry, and the only thing src-main may import from
 * src-server (to run it embedded): the IAM Shop API, the built-in OIDC provider, setup.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? createLogger({ name: 'server', sink: (line) => process.stderr.write(`${line}\n`) });
  let publicUrl = '';
  let provider: Provider | null = null;
  const wired = await composeServer(options, log, { provider: () => provider, publicUrl: () => publicUrl });
  const { timers, key, generatedAt, store, guards, setup, gateway, recordings, forwarder, sweeping, handle } = wired;
  if (options.demo) await seedDemo(store, options.demo.password, options.demo.secret, options.demo);

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
  forwarder.start();

  return {
    url: publicUrl,
    setupCode,
    generatedKeyFile: generatedAt,
    guacdHealth: wired.guacdHealth,
    setup: async (input) => setup.complete({ ...input, code: setupCode ?? '' }),
    close: async () => {
      await guards.close();
      await gateway.close();
      await recordings.uploader.close();
      await forwarder.close();
      await sweeping;
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => void store.close().then(resolve, resolve));
      });
    },
  };
}
export { seedDemo } from './demo';
