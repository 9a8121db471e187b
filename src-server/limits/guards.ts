import type http from 'node:http';
import type { Kysely } from 'kysely';
import { waitText } from '@shared/common/retryWait';
import type { Logger } from '@shared/node/logger';
import type { Dialect } from '../db/database';
import { sweepExpiredPayloads } from '../db/oidcAdapter';
import type { Database } from '../db/schema';
import { sendHtml } from '../httpIo';
import { AttemptLimiter } from './attemptLimiter';
import { clientAddress, TrustedProxies } from './clientAddress';
import type { LimitSettings } from './limitSettings';
import { RequestRate } from './requestRate';

/** The control plane's limits, built once: guesses, anonymous sign-in requests, and the sweep of what they leave. */
export interface Guards {
  limiter: AttemptLimiter;
  /** The limits the guards were built with (the Sign-in rules page shows them). */
  limits: LimitSettings;
  /** The client address of a request (clientAddress.ts, with the configured trusted proxies). */
  addressOf(req: http.IncomingMessage): string;
  /** Answers 429 (and returns true) when this address sends `/auth` or login posts too fast. */
  refuseFlood(req: http.IncomingMessage, res: http.ServerResponse, path: string): boolean;
  /** Counts a wrong API key from this address against its request rate; the seconds to wait once it is spent, else null. */
  wrongKey(address: string): number | null;
  /** The seconds this address must wait before any API key is checked again (wrong keys spent its rate), else null. */
  keyWait(address: string): number | null;
  /** Deletes expired provider rows and stale limit rows now; how many went. */
  sweep(): Promise<number>;
  /** Stops the sweep; resolves once a sweep under way has finished (before the database closes). */
  close(): Promise<void>;
}

const floodPaths = (method: string, path: string) =>
  path === '/auth' || path.startsWith('/auth/') || (method === 'POST' && path.startsWith('/interaction/'));

/** Builds the guards and starts the sweep: now, then every `sweepIntervalSeconds`. */
export function createGuards(deps: {
  db: Kysely<Database>;
  dialect: Dialect;
  settings: LimitSettings;
  log: Pick<Logger, 'info' | 'warn'>;
}): Guards {
  const { db, settings, log } = deps;
  const limiter = new AttemptLimiter(db, deps.dialect, settings);
  const trusted = new TrustedProxies(settings.trustedProxies);
  const rate = new RequestRate(settings.authRequestsPerMinute, settings.authRequestBurst);
  const sweep = async () => {
    const removed = (await sweepExpiredPayloads(db)) + (await limiter.sweep());
    if (removed > 0) log.info('limits.swept', { removed });
    return removed;
  };
  let running: Promise<unknown> = Promise.resolve();
  const sweepQuietly = () => {
    running = sweep().catch((error: unknown) =>
      log.warn('limits.sweep_failed', { error: error instanceof Error ? error.message : String(error) }),
    );
  };
  sweepQuietly();
  const timer = setInterval(sweepQuietly, settings.sweepIntervalSeconds * 1000);
  timer.unref();
  const addressOf = (req: http.IncomingMessage) => clientAddress(req, trusted);
  return {
    limiter,
    limits: settings,
    addressOf,
    refuseFlood(req, res, path) {
      if (!floodPaths(req.method ?? 'GET', path)) return false;
      const address = addressOf(req);
      const wait = rate.take(address);
      if (wait === null) return false;
      log.info('limits.request_refused', { address, path });
      sendHtml(
        res,
        429,
        'Too many sign-in requests',
        `<h1>Too many sign-in requests</h1><p role="alert">This address sent too many sign-in requests. Try again in ${waitText(wait)}.</p>`,
        { 'retry-after': String(wait) },
      );
      return true;
    },
    wrongKey: (address) => rate.take(address),
    keyWait: (address) => rate.waiting(address),
    sweep,
    close: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
