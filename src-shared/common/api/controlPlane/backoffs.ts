import { z } from 'zod';
import { okSchema } from './basics';
import { defineRoute, idParams, noParams } from './route';

/**
 * A throttle in force: a count of wrong guesses that must wait (backoffsApi.list). The API and
 * the Administration area say "throttle"; the server's code and its variables say "backoff".
 */
export const backoffSchema = z.object({
  id: z.uuid(),
  /** What was guessed: a password (local or LDAP) or an MFA code. */
  kind: z.enum(['password', 'mfa']),
  /** The username, lower-cased. */
  account: z.string(),
  /** The client address; null for the account-wide count (every address the account never signed in from). */
  address: z.string().nullable(),
  failures: z.number().int().min(0),
  /** When tries are accepted again (ISO 8601). */
  blockedUntil: z.string(),
});
export type Backoff = z.infer<typeof backoffSchema>;

/** The guessing limits the server was started with (its OPENPSM_* variables; read-only here). */
export const guessLimitsSchema = z.object({
  /** Wrong answers for one account from one address before it must wait (OPENPSM_ATTEMPTS_BEFORE_BACKOFF). */
  attemptsBeforeThrottle: z.number().int().min(1),
  /** Wrong answers for one account from addresses it never signed in from (OPENPSM_ACCOUNT_ATTEMPTS_BEFORE_BACKOFF). */
  accountAttemptsBeforeThrottle: z.number().int().min(1),
  /** The first wait; each further wrong answer doubles it (OPENPSM_FIRST_BACKOFF_SECONDS). */
  firstWaitSeconds: z.number().int().min(1),
  /** The longest wait (OPENPSM_MAX_BACKOFF_SECONDS). */
  maxWaitSeconds: z.number().int().min(1),
  /** Wrong answers are forgotten after this long without one (OPENPSM_ATTEMPT_WINDOW_SECONDS). */
  attemptWindowSeconds: z.number().int().min(1),
  /** How long an address where the account signed in stays exempt from the account-wide wait (OPENPSM_KNOWN_ADDRESS_DAYS). */
  knownAddressDays: z.number().int().min(1),
  /** Sign-in requests per client address per minute; 0: off (OPENPSM_AUTH_REQUESTS_PER_MINUTE). */
  authRequestsPerMinute: z.number().int().min(0),
  /** How many of those may come at once (OPENPSM_AUTH_REQUEST_BURST). */
  authRequestBurst: z.number().int().min(1),
});
export type GuessLimits = z.infer<typeof guessLimitsSchema>;

export const backoffListSchema = z.object({ throttles: z.array(backoffSchema), limits: guessLimitsSchema });

/** Clears every throttle of one account (backoffsApi.clearAccount). */
export const clearBackoffsSchema = z.object({ username: z.string().trim().min(1, 'is required').max(200) }).strict();
export const clearedSchema = z.object({ cleared: z.number().int().min(0) });

const admin: ['administrator'] = ['administrator'];

/** The guessing throttles in force, the limits that make them, and clearing them (one, or every one of an account). */
export const backoffsApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/admin/throttles',
    summary:
      'The throttles in force (wrong passwords or MFA codes that must wait), per account and address, and the configured limits',
    params: noParams,
    body: null,
    response: backoffListSchema,
    roles: admin,
    errors: [],
  }),
  clear: defineRoute({
    method: 'DELETE',
    path: '/api/admin/throttles/:id',
    summary: 'Clear one throttle: its count starts again',
    params: idParams,
    body: null,
    response: okSchema,
    roles: admin,
    errors: ['NOT_FOUND'],
  }),
  clearAccount: defineRoute({
    method: 'POST',
    path: '/api/admin/throttles/clear',
    summary:
      'Clear every throttle of an account (all addresses, passwords and MFA codes), as `npm run server -- unlock` does',
    params: noParams,
    body: clearBackoffsSchema,
    response: clearedSchema,
    roles: admin,
    errors: [],
  }),
};
