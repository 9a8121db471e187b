import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type ThrowawayPostgres } from '../../e2e/support/postgres';

/** Where a store opens: a fresh data folder, and for PostgreSQL a fresh database. */
export interface StoreTarget {
  name: string;
  options(): { dataDir: string; databaseUrl?: string };
}

/**
 * The two databases a repository test runs on: SQLite in a fresh folder, and a fresh database on
 * a throwaway PostgreSQL 15 that the calling test file starts before its tests and stops after.
 * `label` names the folders and databases (`openpsm-<label>-…`, `<label>_…`).
 */
export function storeTargets(label: string): StoreTarget[] {
  let postgres: ThrowawayPostgres;
  beforeAll(async () => {
    postgres = await startPostgres();
  }, 60_000);
  afterAll(async () => postgres?.stop());
  return [
    { name: 'SQLite', options: () => ({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), `openpsm-${label}-`)) }) },
    {
      name: 'PostgreSQL 15',
      options: () => ({
        dataDir: os.tmpdir(),
        databaseUrl: postgres.createDatabase(`${label}_${crypto.randomBytes(4).toString('hex')}`),
      }),
    },
  ];
}
