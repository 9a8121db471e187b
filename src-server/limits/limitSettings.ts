import net from 'node:net';
import { wholeNumbersFromEnv } from '../config';

/**
 * The guessing limits and the anonymous request limits, each with its one production default.
 * Tests shorten them through `startServer({ limits })`; limitSettings.test.ts pins these.
 */
export const limitDefaults = {
  /** Wrong answers (password or code) from one address for one account before it must wait. */
  attemptsBeforeBackoff: 5,
  /** Wrong answers for one account from all unknown addresses together before they must wait. */
  accountAttemptsBeforeBackoff: 25,
  /** The first wait; each further wrong answer past the limit doubles it. */
  firstBackoffSeconds: 30,
  /** The longest wait. */
  maxBackoffSeconds: 3600,
  /** Wrong answers are forgotten once none came for this long (after the last wait ended). */
  attemptWindowSeconds: 3600,
  /** How long an address where the account signed in stays exempt from the account-wide wait. */
  knownAddressDays: 30,
  /** How often expired sign-in rows (and stale limit rows) are deleted; also at start. */
  sweepIntervalSeconds: 300,
  /** `/auth` and login-form posts each address may make per minute; 0 switches the limit off. */
  authRequestsPerMinute: 600,
  /** How many of those may come at once, before the per-minute rate applies. */
  authRequestBurst: 300,
} as const;
export type LimitNumbers = { -readonly [K in keyof typeof limitDefaults]: number };

export interface LimitSettings extends LimitNumbers {
  /** Proxies whose `X-Forwarded-For` is believed (addresses or CIDR ranges); empty: the socket's address counts. */
  trustedProxies: string[];
}

const envNames: Record<keyof LimitNumbers, string> = {
  attemptsBeforeBackoff: 'OPENPSM_ATTEMPTS_BEFORE_BACKOFF',
  accountAttemptsBeforeBackoff: 'OPENPSM_ACCOUNT_ATTEMPTS_BEFORE_BACKOFF',
  firstBackoffSeconds: 'OPENPSM_FIRST_BACKOFF_SECONDS',
  maxBackoffSeconds: 'OPENPSM_MAX_BACKOFF_SECONDS',
  attemptWindowSeconds: 'OPENPSM_ATTEMPT_WINDOW_SECONDS',
  knownAddressDays: 'OPENPSM_KNOWN_ADDRESS_DAYS',
  sweepIntervalSeconds: 'OPENPSM_SWEEP_INTERVAL_SECONDS',
  authRequestsPerMinute: 'OPENPSM_AUTH_REQUESTS_PER_MINUTE',
  authRequestBurst: 'OPENPSM_AUTH_REQUEST_BURST',
};

/** Checks a trusted-proxy entry: an IP address or a CIDR range. */
export function isAddressOrRange(entry: string): boolean {
  const [address = '', bits, extra] = entry.split('/');
  if (extra !== undefined || net.isIP(address) === 0) return false;
  if (bits === undefined) return true;
  const max = net.isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

/** Reads the limits from OPENPSM_* variables; throws a sentence naming the bad variable. */
export function limitSettingsFromEnv(env: Record<string, string | undefined>): LimitSettings {
  const numbers = wholeNumbersFromEnv(env, envNames, limitDefaults, (key) => (key === 'authRequestsPerMinute' ? { min: 0, unit: '' } : { min: 1, unit: '' }));
  const trustedProxies = (env['OPENPSM_TRUSTED_PROXIES'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = trustedProxies.find((entry) => !isAddressOrRange(entry));
  if (bad !== undefined) throw new Error(`OPENPSM_TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges, not "${bad}".`);
  return { ...numbers, trustedProxies };
}

/** The production defaults with a caller's changes (tests). */
export function limitSettingsWith(changes: Partial<LimitSettings> = {}): LimitSettings {
  return { ...limitDefaults, trustedProxies: [], ...changes };
}
