import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type ThrowawayPostgres } from '../../e2e/support/postgres';
import { openStore, resolveServerKey } from '../index';
import { cursorOf, type AuditCursor } from './auditLog';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-audit-db-'));
let postgres: ThrowawayPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const targets = [
  { name: 'SQLite', options: () => ({ dataDir }) },
  {
    name: 'PostgreSQL 15',
    options: () => ({
      dataDir,
      databaseUrl: postgres.createDatabase(`audit_${crypto.randomBytes(4).toString('hex')}`),
    }),
  },
];

describe.each(targets)('the audit log on $name', ({ options }) => {
  let store: Awaited<ReturnType<typeof openStore>>;
  beforeAll(async () => {
    store = await openStore(options(), resolveServerKey({ dataDir }).key);
    for (let i = 0; i < 30; i += 1)
      await store.state.audit(i % 2 ? 'alice' : 'bob', i % 3 ? 'person.update' : 'login', `t-${i}`);
  });
  afterAll(() => store.close());

  it("keeps an edit's changes in their own column, a secret only as changed", async () => {
    await store.state.audit('alice', 'credential.update', 'c-1', [
      { field: 'username', before: 'root', after: 'admin' },
      { field: 'password', secret: true },
    ]);
    const [entry] = (await store.state.log.page({ action: 'credential.update' }, 1)).entries;
    expect(entry?.target).toBe('c-1');
    expect(entry?.changes).toEqual([
      { field: 'username', before: 'root', after: 'admin' },
      { field: 'password', secret: true },
    ]);
    // A secret's change that carries a value by mistake is stored without it.
    const leaky = { field: 'password', secret: true as const, after: 'hunter2' };
    await store.state.audit('alice', 'credential.update', 'c-2', [leaky]);
    const row = await store.db.selectFrom('audit_log').select('changes').where('target', '=', 'c-2').executeTakeFirst();
    expect(row?.changes).toBe('[{"field":"password","secret":true}]');
  });

  it('filters by actor and action and pages newest first by cursor, each entry once', async () => {
    const seen: number[] = [];
    let cursor: AuditCursor | undefined;
    for (;;) {
      const page = await store.state.log.page({ actor: 'alice', action: 'person.update', before: cursor }, 4);
      seen.push(...page.entries.map((e) => e.id));
      for (const e of page.entries) expect([e.actor, e.action]).toEqual(['alice', 'person.update']);
      if (!page.nextCursor) break;
      cursor = cursorOf(page.nextCursor);
    }
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(10);
  });

  it('pages a time range by cursor whether the cursor lies past the range, inside it or before it', async () => {
    const all = (await store.state.log.page({}, 100)).entries;
    const newest = all[0];
    const middle = all[15];
    const oldest = all.at(-1);
    if (!newest || !middle || !oldest) throw new Error('the log has entries');
    const range = { from: oldest.at, to: middle.at };
    const inRange = all.filter((e) => e.at >= range.from && e.at < range.to).map((e) => e.id);
    const past = await store.state.log.page({ ...range, before: { at: newest.at, id: newest.id } }, 100);
    expect(past.entries.map((e) => e.id)).toEqual(inRange);
    const inside = inRange[2] === undefined ? undefined : all.find((e) => e.id === inRange[2]);
    if (!inside) throw new Error('the range holds three entries');
    const fromInside = await store.state.log.page({ ...range, before: { at: inside.at, id: inside.id } }, 100);
    expect(fromInside.entries.map((e) => e.id)).toEqual(inRange.slice(3));
    const before = await store.state.log.page({ ...range, before: { at: oldest.at, id: oldest.id } }, 100);
    expect(before.entries).toEqual([]);
  });

  it('filters by time and by target text, and streams every match', async () => {
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await store.state.log.page({ from: future }, 10)).entries).toEqual([]);
    expect((await store.state.log.page({ to: future, target: 't-1' }, 50)).entries.map((e) => e.target).sort()).toEqual(
      ['t-1', 't-10', 't-11', 't-12', 't-13', 't-14', 't-15', 't-16', 't-17', 't-18', 't-19'],
    );
    expect((await store.state.log.page({ target: '%' }, 5)).entries).toEqual([]);
    const streamed = [];
    for await (const e of store.state.log.stream({ actor: 'bob' }, 4)) streamed.push(e.id);
    expect(streamed.length).toBe(15);
  });

  it('reads what comes after a mark, oldest first, and counts it', async () => {
    const newest = await store.state.log.newestId();
    expect(await store.state.log.countAfter(newest - 3)).toBe(3);
    expect((await store.state.log.after(newest - 3, 2)).map((e) => e.id)).toEqual([newest - 2, newest - 1]);
  });
});
