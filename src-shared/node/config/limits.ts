import net from 'node:net';
import { z } from 'zod';
import { listOf, readEnv, wholeNumber } from './envValues';

/** Checks a trusted-proxy entry: an IP address or a CIDR range. */
export function isAddressOrRange(entry: string): boolean {
  const [address = '', bits, extra] = entry.split('/');
  if (extra !== undefined || net.isIP(address) === 0) return false;
  if (bits === undefined) return true;
  const max = net.isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

const count = wholeNumber(1);
const seconds = wholeNumber(1, ' of seconds');
const proxies = 'a comma-separated list of IP addresses or CIDR ranges';

/** The guessing limits and the anonymous request limits (README, "Security"). */
export const limitsEnv = z.object({
  OPENPSM_ATTEMPTS_BEFORE_BACKOFF: count
    .default(5)
    .describe('wrong passwords or MFA codes for one account from one address before it must wait (see "Security")'),
  OPENPSM_ACCOUNT_ATTEMPTS_BEFORE_BACKOFF: count
    .default(25)
    .describe('wrong answers for one account from all addresses it never signed in from, before those must wait'),
  OPENPSM_FIRST_BACKOFF_SECONDS: seconds
    .default(30)
    .describe('the first wait; each further wrong answer past the limit doubles it'),
  OPENPSM_MAX_BACKOFF_SECONDS: seconds.default(3600).describe('the longest wait'),
  OPENPSM_ATTEMPT_WINDOW_SECONDS: seconds
    .default(3600)
    .describe('wrong answers are forgotten once none came for this long after the last wait'),
  OPENPSM_KNOWN_ADDRESS_DAYS: wholeNumber(1, ' of days')
    .default(30)
    .describe('how long an address where the account signed in stays exempt from the account-wide wait'),
  OPENPSM_SWEEP_INTERVAL_SECONDS: seconds
    .default(300)
    .describe('how often expired sign-in rows and stale limit rows are deleted (also at start)'),
  OPENPSM_AUTH_REQUESTS_PER_MINUTE: wholeNumber(0)
    .default(600)
    .describe(
      '`/auth` requests and login-form posts each client address may make per minute; `0` switches the limit off',
    ),
  OPENPSM_AUTH_REQUEST_BURST: count
    .default(300)
    .describe('how many of those may come at once, before the per-minute rate applies'),
  OPENPSM_COMPUTER_TESTS_PER_MINUTE: wholeNumber(0)
    .default(20)
    .describe(
      'connection tests (Computers, Test connection) each administrator may run per minute, as many at once; each connects out from the server; `0` switches the limit off',
    ),
  OPENPSM_COMPUTER_IMPORT_MAX_LINES: count
    .default(10_000)
    .describe('the most lines (computers) one CSV import may hold; a longer file is refused with `IMPORT_TOO_LARGE`'),
  OPENPSM_COMPUTER_IMPORT_MAX_BYTES: count
    .default(1_048_576)
    .describe('the largest CSV one import may send, in bytes (1 MiB); a larger one is refused with `IMPORT_TOO_LARGE`'),
  OPENPSM_AUTHORIZATION_PLUGIN_ROUNDS: count
    .pipe(z.int().max(4, 'at most 4 (Continue sends at most 20 answers, 5 questions a round)'))
    .default(3)
    .describe(
      "how many rounds of questions a policy's authorization webhook may ask before the session is refused (at most 4)",
    ),
  OPENPSM_TRUSTED_PROXIES: listOf(z.string().refine(isAddressOrRange, proxies), proxies)
    .default([])
    .describe(
      "comma-separated proxy addresses or CIDR ranges whose `X-Forwarded-For` is believed; none: the socket's address counts",
    ),
});

/** The limits, each with its production default unless a variable sets it. */
export function limitSettingsFrom(env: Record<string, string | undefined>) {
  const v = readEnv(limitsEnv, env);
  return {
    attemptsBeforeBackoff: v.OPENPSM_ATTEMPTS_BEFORE_BACKOFF,
    accountAttemptsBeforeBackoff: v.OPENPSM_ACCOUNT_ATTEMPTS_BEFORE_BACKOFF,
    firstBackoffSeconds: v.OPENPSM_FIRST_BACKOFF_SECONDS,
    maxBackoffSeconds: v.OPENPSM_MAX_BACKOFF_SECONDS,
    attemptWindowSeconds: v.OPENPSM_ATTEMPT_WINDOW_SECONDS,
    knownAddressDays: v.OPENPSM_KNOWN_ADDRESS_DAYS,
    sweepIntervalSeconds: v.OPENPSM_SWEEP_INTERVAL_SECONDS,
    authRequestsPerMinute: v.OPENPSM_AUTH_REQUESTS_PER_MINUTE,
    authRequestBurst: v.OPENPSM_AUTH_REQUEST_BURST,
    computerTestsPerMinute: v.OPENPSM_COMPUTER_TESTS_PER_MINUTE,
    computerImportMaxLines: v.OPENPSM_COMPUTER_IMPORT_MAX_LINES,
    computerImportMaxBytes: v.OPENPSM_COMPUTER_IMPORT_MAX_BYTES,
    authorizationPluginRounds: v.OPENPSM_AUTHORIZATION_PLUGIN_ROUNDS,
    trustedProxies: v.OPENPSM_TRUSTED_PROXIES,
  };
}
export type LimitSettings = ReturnType<typeof limitSettingsFrom>;
export type LimitNumbers = Omit<LimitSettings, 'trustedProxies'>;

/** The production defaults (a unit test pins each). */
export const limitDefaults: Readonly<LimitSettings> = Object.freeze(limitSettingsFrom({}));
