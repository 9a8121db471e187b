import { accessRequestRoutes } from './accessRequestRoutes';
import type { GuacdHealthInfo } from '@shared/common/api/controlPlane/system';
import type { Logger } from '@shared/node/logger';
import { ReachabilityCache } from '@shared/node/net/reachability';
import { readRdpCertificate } from '@shared/node/rdp/certificateProbe';
import type { ServerTimers } from '../config';
import type { ServerKey } from '../secrets/serverKey';
import { revokeAccount } from '../db/oidcAdapter';
import type { Store } from '../db/openStore';
import { PersonDirectory } from '../db/personDirectory';
import type { TicketLedger } from '../db/ticketLedger';
import type { VaultRepository } from '../db/vaults';
import type { LiveSessions } from '../gateway/liveSessions';
import type { SignInModules } from '../identity/signInModules';
import type { Guards } from '../limits/guards';
import type { Recordings } from '../recordings/startRecordings';
import type { AuditForwarder } from '../audit/forwarder';
import { advancedRoutes } from './advancedRoutes';
import { apiKeyRoutes } from './apiKeyRoutes';
import { auditRoutes } from './auditRoutes';
import { backoffRoutes } from './backoffRoutes';
import { computerRoutes } from './computerRoutes';
import { computerToolRoutes } from './computerToolRoutes';
import { credentialRoutes } from './credentialRoutes';
import { grantRoutes } from './grantRoutes';
import { groupRoutes } from './groupRoutes';
import { liveRoutes } from './liveRoutes';
import { oneTimeCodeRoutes } from './oneTimeCodeRoutes';
import { personAdminRoutes } from './personAdminRoutes';
import { policyRoutes } from './policyRoutes';
import { rdpSecurityRoutes } from './rdpSecurityRoutes';
import { recordingRoutes } from './recordingRoutes';
import type { Route } from './router';
import { apiRoutes } from './routes';
import { sessionRoutes } from './sessionRoutes';
import { vaultRoutes } from './vaultRoutes';

/** What the route tables are built from. */
export interface RouteTableDeps {
  timers: ServerTimers;
  store: Store;
  guards: Guards;
  modules: SignInModules;
  vaults: VaultRepository;
  gatewayKey: Buffer;
  /** Opens what is sealed for storage (a webhook's secret). */
  serverKey: ServerKey;
  live: LiveSessions;
  ledger: TicketLedger;
  rdpProxyEnabled: () => Promise<boolean>;
  recordings: Recordings;
  forwarder: AuditForwarder;
  publicUrl: () => string;
  /** Whether the gateway's guacd answers (cached), for /health. */
  guacdHealth: () => Promise<GuacdHealthInfo>;
  log: Logger;
}

/** /health's guacd and My Resources' reachability: the gateway's view of guacd and of each computer, cached. */
function gatewayChecks(timers: ServerTimers, guacdHealth: () => Promise<GuacdHealthInfo>) {
  const reachable = new ReachabilityCache(timers.reachabilityTimeoutMs, timers.reachabilityCacheSeconds * 1000);
  return { guacdHealth, reachability: (host: string, port: number) => reachable.check(host, port) };
}

/** Every API route, each resource's table with the services it needs. */
export function routeTable(deps: RouteTableDeps): Route[] {
  const { timers, store, guards, modules, vaults, gatewayKey, live, ledger, rdpProxyEnabled, recordings, log } = deps;
  const revokeSignIns = (personId: string) => revokeAccount(store.db, personId);
  const grantWindows = { grantDefaultHours: timers.grantDefaultHours, grantMaxHours: timers.grantMaxHours };
  return [
    ...apiRoutes({
      ...store,
      revokeSignIns,
      modules,
      ...gatewayChecks(timers, deps.guacdHealth),
      federationRedirectUri: () => `${deps.publicUrl()}/federation/callback`,
    }),
    ...personAdminRoutes({
      ...store,
      directory: new PersonDirectory(store.db, store.dialect),
      revokeSignIns,
      oneTimeCodeTtlSeconds: timers.oneTimeCodeTtlSeconds,
    }),
    ...oneTimeCodeRoutes({
      ...store,
      limiter: guards.limiter,
      log,
      oneTimeCodeTtlSeconds: timers.oneTimeCodeTtlSeconds,
    }),
    ...vaultRoutes({ vaults, state: store.state }),
    ...apiKeyRoutes(store),
    ...groupRoutes({ db: store.db, state: store.state }),
    ...computerRoutes({ computers: store.computers, state: store.state, live }),
    ...credentialRoutes({ db: store.db, credentials: store.credentials, state: store.state }),
    ...policyRoutes({ db: store.db, policies: store.policies, state: store.state, live }),
    ...advancedRoutes({ ...store, ...grantWindows }),
    ...grantRoutes({ ...store, live, ...grantWindows }),
    ...accessRequestRoutes({ ...store, live, rdpProxyEnabled, policyMinuteMs: timers.policyMinuteSeconds * 1000 }),
    ...rdpSecurityRoutes({
      db: store.db,
      state: store.state,
      readCertificate: (host, port) => readRdpCertificate(host, port, timers.rdpCertificateReadSeconds * 1000),
    }),
    ...computerToolRoutes({ db: store.db, state: store.state, timers, limits: guards.limits }),
    ...backoffRoutes({ limiter: guards.limiter, limits: guards.limits, state: store.state }),
    ...auditRoutes({ state: store.state, forwarder: deps.forwarder }),
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
      serverKey: deps.serverKey,
      pluginTimeoutMs: timers.authorizationPluginSeconds * 1000,
      pluginRounds: guards.limits.authorizationPluginRounds,
      rdpProxyEnabled,
      limiter: guards.limiter,
      log,
    }),
  ];
}
