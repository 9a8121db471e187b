import type { Logger } from '@shared/node/logger';
import type { ServerStateRepository } from '../db/serverState';
import type { AttemptKey, AttemptLimiter } from './attemptLimiter';

export interface GuardDeps {
  limiter: Pick<AttemptLimiter, 'attempt' | 'succeeded' | 'withdrawn'>;
  state: Pick<ServerStateRepository, 'audit'>;
  log: Pick<Logger, 'info'>;
}

/**
 * A checked guess's outcome: refused unchecked while a wait applies, or the check's result
 * with the wait it started when it was wrong (null when none). Either wait is answered 429.
 */
export type GuardedOutcome<T> =
  { refused: true; retryAfterSeconds: number } | { refused: false; result: T; retryAfterSeconds: number | null };

/** The audit action of a backoff that starts: a sign-in password's, or a code's. */
const auditAction = (kind: 'password' | 'mfa') => (kind === 'mfa' ? 'mfa.throttled' : 'signin.throttled');

/**
 * Runs one guess (a password or code check) under the limiter: counted before the check, so
 * parallel guesses cannot slip past; undone when right. A backoff that starts is audited
 * (`signin.throttled` or `mfa.throttled`) with the address and the wait; never the guess.
 */
/** What a check's result was: right, a wrong guess, or no guess at all (the directory did not answer). */
export type Verdict = 'right' | 'wrong' | 'no-guess';

export async function guardedAttempt<T>(
  deps: GuardDeps,
  key: AttemptKey,
  check: () => Promise<T>,
  judge: (result: T) => Verdict,
): Promise<GuardedOutcome<T>> {
  const start = await deps.limiter.attempt(key);
  if (!start.ok) {
    deps.log.info('auth.throttled', {
      kind: key.kind,
      account: key.account,
      address: key.address,
      retryAfterSeconds: start.retryAfterSeconds,
    });
    return { refused: true, retryAfterSeconds: start.retryAfterSeconds };
  }
  const result = await check();
  const verdict = judge(result);
  if (verdict !== 'wrong') {
    await (verdict === 'right' ? deps.limiter.succeeded(start.receipt) : deps.limiter.withdrawn(start.receipt));
    return { refused: false, result, retryAfterSeconds: null };
  }
  const wait = start.receipt.backoffSeconds;
  if (wait !== null) {
    await deps.state.audit(
      key.account || '(empty)',
      auditAction(key.kind),
      `${key.address}: ${key.kind} refused for ${wait} s`,
    );
    deps.log.info('auth.backoff_started', {
      kind: key.kind,
      account: key.account,
      address: key.address,
      seconds: wait,
    });
  }
  return { refused: false, result, retryAfterSeconds: wait };
}
