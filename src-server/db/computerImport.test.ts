import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readComputerCsv } from '@shared/common/computerCsv';
import { serverKeyFrom } from '../secrets/serverKey';
import { insertImportedComputers, takenComputerNames } from './computerImport';
import { openStore } from './openStore';
import { storeTargets } from './storeTargets.testkit';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('cimport');

/** A CSV of `count` computers named `<prefix>-<n>`, each with two tags. */
function csvOf(prefix: string, count: number): string {
  const lines = Array.from(
    { length: count },
    (_, i) => `${prefix}-${i},ssh,10.2.${i % 250}.${i % 200},,lab;${prefix},,`,
  );
  return ['name,protocol,host,port,tags,recording,live_monitoring', ...lines].join('\n');
}

describe.each(targets)('the computers CSV import on $name', ({ options }) => {
  it('inserts 1,200 computers with their tags in batches, in one transaction', async () => {
    const store = await openStore(options(), key);
    try {
      const csv = readComputerCsv(csvOf('bulk', 1200));
      expect(csv.refusals).toEqual([]);
      expect(await insertImportedComputers(store.db, csv.computers)).toBe(1200);
      const count = await store.db
        .selectFrom('computers')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      expect(Number(count?.n)).toBe(1200);
      const tags = await store.db
        .selectFrom('computer_tags')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tag', '=', 'bulk')
        .executeTakeFirst();
      expect(Number(tags?.n)).toBe(1200);
      expect((await takenComputerNames(store.db)).has('bulk-7')).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('adds none when one insert fails (a name taken meanwhile): all or nothing', async () => {
    const store = await openStore(options(), key);
    try {
      const csv = readComputerCsv(csvOf('half', 900));
      await insertImportedComputers(store.db, csv.computers.slice(800, 801));
      await expect(insertImportedComputers(store.db, csv.computers)).rejects.toMatchObject({ code: 'CONFLICT' });
      const rows = await store.db.selectFrom('computers').select('name').where('name', 'like', 'half-%').execute();
      expect(rows.map((r) => r.name)).toEqual(['half-800']);
      const tags = await store.db.selectFrom('computer_tags').select('tag').where('tag', '=', 'half').execute();
      expect(tags).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
