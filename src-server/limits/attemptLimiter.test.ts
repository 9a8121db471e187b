import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type ThrowawayPostgres } from '../../e2e/support/postgres';
import { openStore } from '../index';
import { serverKeyFrom } from '../secrets/serverKey';
import { AttemptLimiter, type AttemptKey } from './attemptLimiter';
import { limitDefaults } from './limitSettings';

let postgres: ThrowawayPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => postgres?.stop());

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = [
  // SQLite serves one process (better-sqlite3 blocks the thread it runs on); PostgreSQL serves several control planes.
  {
    name: 'SQLite',
    planes: 1,
    options: () => ({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-limits-')) }),
  },
  {
    name: 'PostgreSQL 15',
    planes: 2,
    options: () => ({
      dataDir: os.tmpdir(),
      databaseUrl: postgres.createDatabase(`limits_${crypto.randomBytes(4).toString('hex')}`),
    }),
  },
];
const limits = {
  ...limitDefaults,
  attemptsBeforeBackoff: 3,
  accountAttemptsBeforeBackoff: 6,
  firstBackoffSeconds: 10,
  maxBackoffSeconds: 40,
  attemptWindowSeconds: 100,
};
const t0 = Date.parse('2030-01-01T00:00:00Z');
const at = (seconds: number) => t0 + seconds * 1000;
const alice = (address: string): AttemptKey => ({ kind: 'password', account: 'Alice', address });

async function withLimiter(
  options: { dataDir: string; databaseUrl?: string },
  work: (limiter: AttemptLimiter) => Promise<void>,
) {
  const store = await openStore(options, key);
  try {
    await work(new AttemptLimiter(store.db, store.dialect, limits));
  } finally {
    await store.close();
  }
}

/** Wrong answers in a row at one second: the answer of each (ok and the wait it started, or the refusal's wait). */
async function wrong(limiter: AttemptLimiter, attempt: AttemptKey, times: number, second: number) {
  const answers = [];
  for (let i = 0; i < times; i += 1) {
    const start = await limiter.attempt(attempt, at(second));
    answers.push(start.ok ? `wait ${start.receipt.backoffSeconds ?? 0}` : `refused ${start.retryAfterSeconds}`);
  }
  return answers;
}

describe.each(targets)('the attempt limiter on $name', ({ options, planes }) => {
  it('backs off after the limit, doubling up to the maximum, and forgets after a quiet window', async () => {
    await withLimiter(options(), async (limiter) => {
      expect(await wrong(limiter, alice('10.0.0.1'), 4, 0)).toEqual(['wait 0', 'wait 0', 'wait 10', 'refused 10']);
      expect(await wrong(limiter, alice('10.0.0.1'), 2, 10)).toEqual(['wait 20', 'refused 20']);
      expect(await wrong(limiter, alice('10.0.0.1'), 1, 30)).toEqual(['wait 40']);
      expect(await wrong(limiter, alice('10.0.0.1'), 1, 70)).toEqual(['wait 40']);
      // Quiet for the window after the last wait ended: the count starts again.
      expect(await wrong(limiter, alice('10.0.0.1'), 1, 211)).toEqual(['wait 0']);
    });
  });

  it('counts per account and address: another address is not held back by one address, and case does not split an account', async () => {
    await withLimiter(options(), async (limiter) => {
      await wrong(limiter, alice('10.0.0.1'), 3, 0);
      expect(await wrong(limiter, { ...alice('10.0.0.1'), account: 'ALICE ' }, 1, 1)).toEqual(['refused 9']);
      expect(await wrong(limiter, alice('10.0.0.2'), 1, 1)).toEqual(['wait 0']);
      expect(await wrong(limiter, { ...alice('10.0.0.1'), kind: 'mfa' }, 1, 1)).toEqual(['wait 0']);
    });
  });

  it('a right answer starts the address over and leaves the account-wide count', async () => {
    await withLimiter(options(), async (limiter) => {
      await wrong(limiter, alice('10.0.0.1'), 2, 0);
      const right = await limiter.attempt(alice('10.0.0.1'), at(1));
      if (!right.ok) throw new Error('refused');
      expect(right.receipt.backoffSeconds).toBe(10);
      await limiter.succeeded(right.receipt, at(1));
      expect(await wrong(limiter, alice('10.0.0.1'), 3, 2)).toEqual(['wait 0', 'wait 0', 'wait 10']);
      expect(await limiter.list(at(2))).toEqual([
        expect.objectContaining({ account: 'alice', address: '10.0.0.1', failures: 3 }),
      ]);
    });
  });

  it('the looser account-wide count holds back unknown addresses, never an address where the account signed in', async () => {
    await withLimiter(options(), async (limiter) => {
      const home = await limiter.attempt(alice('192.0.2.1'), at(0));
      if (!home.ok) throw new Error('refused');
      await limiter.succeeded(home.receipt, at(0));
      // Six addresses, one wrong guess each: under each address's limit, at the account's.
      for (let i = 1; i <= 5; i += 1) expect(await wrong(limiter, alice(`198.51.100.${i}`), 1, 1)).toEqual(['wait 0']);
      expect(await wrong(limiter, alice('198.51.100.6'), 1, 1)).toEqual(['wait 10']);
      expect(await wrong(limiter, alice('198.51.100.7'), 1, 2)).toEqual(['refused 9']);
      expect(await wrong(limiter, alice('192.0.2.1'), 1, 2)).toEqual(['wait 0']);
      const listed = await limiter.list(at(2));
      expect(listed).toEqual([
        expect.objectContaining({ kind: 'password', account: 'alice', address: null, failures: 6 }),
      ]);
    });
  });

  it('wrong answers from an address where the account signed in do not add to the account-wide count', async () => {
    await withLimiter(options(), async (limiter) => {
      const home = await limiter.attempt(alice('192.0.2.1'), at(0));
      if (!home.ok) throw new Error('refused');
      await limiter.succeeded(home.receipt, at(0));
      // The owner mistypes at their desk (a wait of their own), then strangers guess five times.
      expect(await wrong(limiter, alice('192.0.2.1'), 3, 1)).toEqual(['wait 0', 'wait 0', 'wait 10']);
      for (let i = 1; i <= 5; i += 1) expect(await wrong(limiter, alice(`198.51.100.${i}`), 1, 2)).toEqual(['wait 0']);
      expect(await limiter.list(at(2))).toEqual([expect.objectContaining({ address: '192.0.2.1' })]);
    });
  });

  it('an attempt that was no guess leaves both counts, and one with no address never lands on the account-wide row', async () => {
    await withLimiter(options(), async (limiter) => {
      for (let i = 0; i < 5; i += 1) {
        const start = await limiter.attempt(alice('10.0.0.1'), at(0));
        if (!start.ok) throw new Error('refused');
        await limiter.withdrawn(start.receipt);
      }
      expect(await wrong(limiter, alice('10.0.0.1'), 1, 1)).toEqual(['wait 0']);
      expect(await wrong(limiter, alice(''), 3, 1)).toEqual(['wait 0', 'wait 0', 'wait 10']);
      expect(await limiter.list(at(1))).toEqual([expect.objectContaining({ address: 'unknown', failures: 3 })]);
    });
  });

  it('holds across a restart, lists, clears one backoff or an account, and sweeps rows with nothing to remember', async () => {
    const opts = options();
    await withLimiter(opts, async (limiter) => {
      await wrong(limiter, alice('10.0.0.1'), 3, 0);
      await wrong(limiter, { ...alice('10.0.0.2'), kind: 'mfa' }, 3, 0);
      await wrong(limiter, { kind: 'password', account: 'bob', address: '10.0.0.3' }, 3, 0);
    });
    await withLimiter(opts, async (limiter) => {
      expect(await wrong(limiter, alice('10.0.0.1'), 1, 5)).toEqual(['refused 5']);
      const listed = await limiter.list(at(5));
      expect(listed.map((b) => `${b.kind} ${b.account} ${b.address}`).sort()).toEqual([
        'mfa alice 10.0.0.2',
        'password alice 10.0.0.1',
        'password bob 10.0.0.3',
      ]);
      const bob = listed.find((b) => b.account === 'bob');
      expect(await limiter.clear(bob?.id ?? '')).toEqual({ account: 'bob', address: '10.0.0.3' });
      expect(await limiter.clear(crypto.randomUUID())).toBeNull();
      expect(await limiter.clearAccount('ALICE', at(5))).toBe(2);
      expect(await limiter.list(at(5))).toEqual([]);
      expect(await wrong(limiter, alice('10.0.0.1'), 1, 5)).toEqual(['wait 0']);
      expect(await limiter.sweep(at(5))).toBeGreaterThan(0);
      const left = async () =>
        (await limiter.list(at(0))).length +
        Number(
          (
            await limiter['db']
              .selectFrom('attempt_backoffs')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await left()).toBeGreaterThan(0);
      await limiter.sweep(at(5 + 101));
      expect(await left()).toBe(0);
    });
  });

  it(`counts parallel guesses from ${planes} control plane(s) on one database: none slips past the limit`, async () => {
    const opts = options();
    const stores = [];
    for (let i = 0; i < planes; i += 1) stores.push(await openStore(opts, key));
    try {
      const limiters = stores.map((store) => new AttemptLimiter(store.db, store.dialect, limits));
      const starts = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (limiters[i % planes] as AttemptLimiter).attempt(alice('10.0.0.9'), at(0)),
        ),
      );
      expect(starts.filter((s) => s.ok)).toHaveLength(3);
    } finally {
      for (const store of stores) await store.close();
    }
  });
});
