import type Provider from 'oidc-provider';
import { shareInFlight } from '@shared/common/shareInFlight';
import type { GuacdAddress } from '@shared/node/guacd/guacdConnection';
import type { Logger } from '@shared/node/logger';
import { defaultGatewayAllowedOrigins, defaultWatcherQueueBytes, type ServerTimers } from '../config';
import type { Store } from '../db/openStore';
import { SessionRegistry } from '../db/sessionRegistry';
import type { TicketLedger } from '../db/ticketLedger';
import type { JitService } from '../jit/jitService';
import type { Recordings } from '../recordings/startRecordings';
import { createGateway } from './gateway';
import type { LiveSessions } from './liveSessions';

/** Where the gateway finds guacd and whom it lets in (ServerOptions' fields). */
export interface GatewayOptions {
  /** The most a watcher may have queued before the gateway drops it (8 MiB unless set). */
  watcherQueueBytes?: number | undefined;
  /** Where guacd listens (127.0.0.1:4822 unless told otherwise); only the gateway talks to it. */
  guacd?: GuacdAddress;
  /** Browser origins that may open the gateway socket (none unless set): any other Origin gets 403. */
  gatewayAllowedOrigins?: readonly string[] | undefined;
}

/** The gateway: tickets, live sessions, JIT accounts, recordings and guacd; tokens checked against the provider once it exists. */
export function startGateway(deps: {
  options: GatewayOptions;
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
    // Only a sign-in's access token: an API key never opens or watches a session (API_KEY_NOT_ALLOWED at the API).
    // Sessions are checked on one shared tick: one person's sessions (one token) ask the store once.
    tokenInfo: shareInFlight(async (token) => {
      const found = await deps
        .provider()
        ?.AccessToken.find(token)
        .catch(() => undefined);
      return found?.accountId && typeof found.exp === 'number' ? { personId: found.accountId, exp: found.exp } : null;
    }),
    log,
  });
}
