import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Backoff } from '@shared/common/api/controlPlane/backoffs';
import type { Dialect } from '../db/database';
import type { Database } from '../db/schema';
import type { LimitNumbers } from './limitSettings';

/** What is being guessed: a password (local or LDAP), or an MFA code (sign-in TOTP and Advanced Mode share one count: one secret). */
export type AttemptKind = 'password' | 'mfa';

export interface AttemptKey {
  kind: AttemptKind;
  /** The username as typed (compared without case). */
  account: string;
  /** The client address (clientAddress.ts). */
  address: string;
}

/** An attempt that may go ahead; give it back to `succeeded` when the answer was right. */
export interface AttemptReceipt {
  key: AttemptKey;
  countedForAccount: boolean;
  /** The wait this attempt started, in seconds, if it turns out wrong; null when none. */
  backoffSeconds: number | null;
}

export type AttemptStart = { ok: true; receipt: AttemptReceipt } | { ok: false; retryAfterSeconds: number };

type Row = Omit<Database['attempt_backoffs'], 'failures'> & { failures: number };
type Limits = Pick<
  LimitNumbers,
  | 'attemptsBeforeBackoff'
  | 'accountAttemptsBeforeBackoff'
  | 'firstBackoffSeconds'
  | 'maxBackoffSeconds'
  | 'attemptWindowSeconds'
  | 'knownAddressDays'
>;

const iso = (ms: number) => new Date(ms).toISOString();
const msOf = (at: string | null) => (at ? Date.parse(at) : 0);
export const accountOf = (username: string) => username.trim().toLowerCase().slice(0, 200) || '(empty)';

/**
 * One limiter for every guess, its state in the database (holds across restarts and across
 * control planes on one PostgreSQL). Each attempt counts twice: per account and address, and
 * per account alone (looser). Past a limit, each wrong answer makes that count wait, starting
 * at `firstBackoffSeconds` and doubling up to `maxBackoffSeconds`; never a lock for good.
 * The account-wide wait does not apply at an address where the account signed in within
 * `knownAddressDays`, so nobody elsewhere can lock an administrator out at their own desk.
 * An attempt is counted before it is checked (then undone when right), so parallel guesses
 * cannot slip past the count.
 */
export class AttemptLimiter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly limits: Limits,
  ) {}

  /** Counts an attempt, or refuses it while a wait applies to this account at this address. */
  async attempt(given: AttemptKey, now = Date.now()): Promise<AttemptStart> {
    // '' names the account-wide row: an address that is unknown (no socket address) gets a name of its own.
    const key = {
      ...given,
      account: accountOf(given.account),
      address: given.address === '' ? 'unknown' : given.address,
    };
    return this.db.transaction().execute(async (tx) => {
      const pair = this.forget(await this.lock(tx, key, key.address), now);
      const account = this.forget(await this.lock(tx, key, ''), now);
      const known = msOf(pair.last_success_at) > now - this.limits.knownAddressDays * 86_400_000;
      const accountWaiting = msOf(account.blocked_until) > now;
      const waitUntil = Math.max(msOf(pair.blocked_until), accountWaiting && !known ? msOf(account.blocked_until) : 0);
      if (waitUntil > now) return { ok: false as const, retryAfterSeconds: Math.ceil((waitUntil - now) / 1000) };
      const pairWait = this.count(pair, this.limits.attemptsBeforeBackoff, now);
      // A known address passes a running account-wide wait, and does not add to the account-wide count.
      const countedForAccount = !accountWaiting && !known;
      const accountWait = countedForAccount ? this.count(account, this.limits.accountAttemptsBeforeBackoff, now) : 0;
      await this.save(tx, pair);
      await this.save(tx, account);
      const backoff = Math.max(pairWait, accountWait);
      return { ok: true as const, receipt: { key, countedForAccount, backoffSeconds: backoff > 0 ? backoff : null } };
    });
  }

  /** A right answer: the address's count starts again and the address becomes known; the attempt leaves the account-wide count. */
  async succeeded(receipt: AttemptReceipt, now = Date.now()): Promise<void> {
    const { key } = receipt;
    await this.db.transaction().execute(async (tx) => {
      const pair = await this.lock(tx, key, key.address);
      await this.save(tx, {
        ...pair,
        failures: 0,
        last_failure_at: null,
        blocked_until: null,
        last_success_at: iso(now),
      });
      if (receipt.countedForAccount)
        await this.uncount(tx, await this.lock(tx, key, ''), this.limits.accountAttemptsBeforeBackoff);
    });
  }

  /** An attempt that was no guess (the directory did not answer): it leaves both counts, and a wait it started goes. */
  async withdrawn(receipt: AttemptReceipt): Promise<void> {
    const { key } = receipt;
    await this.db.transaction().execute(async (tx) => {
      await this.uncount(tx, await this.lock(tx, key, key.address), this.limits.attemptsBeforeBackoff);
      if (receipt.countedForAccount)
        await this.uncount(tx, await this.lock(tx, key, ''), this.limits.accountAttemptsBeforeBackoff);
    });
  }

  /** The backoffs in force now, newest wait last. */
  async list(now = Date.now()): Promise<Backoff[]> {
    const rows = await this.db
      .selectFrom('attempt_backoffs')
      .selectAll()
      .where('blocked_until', '>', iso(now))
      .orderBy('blocked_until')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as AttemptKind,
      account: r.account,
      address: r.address === '' ? null : r.address,
      failures: Number(r.failures),
      blockedUntil: r.blocked_until as string,
    }));
  }

  /** Clears one backoff (its count starts again); the row that was cleared, or null when there is none. */
  async clear(id: string): Promise<{ account: string; address: string | null } | null> {
    const row = await this.db
      .selectFrom('attempt_backoffs')
      .select(['account', 'address'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    await this.db
      .updateTable('attempt_backoffs')
      .set({ failures: 0, last_failure_at: null, blocked_until: null })
      .where('id', '=', id)
      .execute();
    return { account: row.account, address: row.address === '' ? null : row.address };
  }

  /** Clears every count of an account (all kinds, all addresses); how many were waiting. */
  async clearAccount(username: string, now = Date.now()): Promise<number> {
    const account = accountOf(username);
    const waiting = await this.db
      .selectFrom('attempt_backoffs')
      .select('id')
      .where('account', '=', account)
      .where('blocked_until', '>', iso(now))
      .execute();
    await this.db
      .updateTable('attempt_backoffs')
      .set({ failures: 0, last_failure_at: null, blocked_until: null })
      .where('account', '=', account)
      .execute();
    return waiting.length;
  }

  /** Deletes rows with nothing left to remember: no wait, no recent failure, no recent sign-in. */
  async sweep(now = Date.now()): Promise<number> {
    const quiet = iso(now - this.limits.attemptWindowSeconds * 1000);
    const forgotten = iso(now - this.limits.knownAddressDays * 86_400_000);
    const result = await this.db
      .deleteFrom('attempt_backoffs')
      .where((eb) =>
        eb.and([
          eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', quiet)]),
          eb.or([eb('last_failure_at', 'is', null), eb('last_failure_at', '<', quiet)]),
          eb.or([eb('last_success_at', 'is', null), eb('last_success_at', '<', forgotten)]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** The row for this key (made when missing), locked for this transaction on PostgreSQL. */
  private async lock(tx: Transaction<Database>, key: AttemptKey, address: string): Promise<Row> {
    await tx
      .insertInto('attempt_backoffs')
      .values({ id: crypto.randomUUID(), kind: key.kind, account: key.account, address, failures: 0 })
      .onConflict((oc) => oc.columns(['kind', 'account', 'address']).doNothing())
      .execute();
    let query = tx
      .selectFrom('attempt_backoffs')
      .selectAll()
      .where('kind', '=', key.kind)
      .where('account', '=', key.account)
      .where('address', '=', address);
    if (this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirstOrThrow();
    return { ...row, failures: Number(row.failures) };
  }

  /** Failures are forgotten once the window passed quietly after the last failure and the last wait. */
  private forget(row: Row, now: number): Row {
    const lastActivity = Math.max(msOf(row.last_failure_at), msOf(row.blocked_until));
    if (row.failures === 0 || lastActivity + this.limits.attemptWindowSeconds * 1000 > now) return row;
    return { ...row, failures: 0, last_failure_at: null, blocked_until: null };
  }

  /** Counts one failure on the row; the wait it starts (seconds), or 0. */
  private count(row: Row, threshold: number, now: number): number {
    row.failures += 1;
    row.last_failure_at = iso(now);
    if (row.failures < threshold) return 0;
    const doublings = Math.min(row.failures - threshold, 30);
    const seconds = Math.min(this.limits.maxBackoffSeconds, this.limits.firstBackoffSeconds * 2 ** doublings);
    row.blocked_until = iso(now + seconds * 1000);
    return seconds;
  }

  /** Takes one failure off a row; below the threshold its wait goes too. */
  private async uncount(tx: Transaction<Database>, row: Row, threshold: number): Promise<void> {
    const failures = Math.max(0, row.failures - 1);
    await this.save(tx, { ...row, failures, blocked_until: failures < threshold ? null : row.blocked_until });
  }

  private async save(tx: Transaction<Database>, row: Row): Promise<void> {
    const { failures, last_failure_at, blocked_until, last_success_at } = row;
    await tx
      .updateTable('attempt_backoffs')
      .set({ failures, last_failure_at, blocked_until, last_success_at })
      .where('id', '=', row.id)
      .execute();
  }
}
