import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './database';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * The tables that decide what a person reaches (reach.ts: the reach query and the policies'
 * shown columns). A write to any of them raises `reach_version.version` in the same transaction.
 */
const reachTables = [
  'access_request_policies',
  'policy_persons',
  'policy_groups',
  'memberships',
  'policy_computers',
  'policy_tags',
  'computer_tags',
  'computers',
  'shared_credentials',
] as const;

/** SQLite: a trigger per table and kind of write (its triggers fire for each row). */
async function sqliteTriggers(db: Db) {
  for (const table of reachTables)
    for (const event of ['insert', 'update', 'delete'] as const)
      await sql
        .raw(
          `create trigger reach_version_${table}_${event} after ${event} on ${table} ` +
            'begin update reach_version set version = version + 1; end',
        )
        .execute(db);
}

/**
 * PostgreSQL: one function, a trigger per table for each statement. The row lock the update takes
 * makes the new version visible with the write it counts, at commit, never before it.
 */
async function postgresTriggers(db: Db) {
  await sql`create function reach_version_bump() returns trigger language plpgsql as $$
    begin update reach_version set version = version + 1; return null; end $$`.execute(db);
  for (const table of reachTables)
    await sql
      .raw(
        `create trigger reach_version_${table} after insert or update or delete or truncate on ${table} ` +
          'for each statement execute function reach_version_bump()',
      )
      .execute(db);
}

/**
 * A counter of every write to what a person reaches, kept by the database itself (every writer,
 * the server's routes, the command line, a second server on the same PostgreSQL), so My Resources
 * can keep a person's reach while the counter stands still (reachCache.ts).
 */
export const reachVersionMigration = (dialect: Dialect): Record<string, Migration> => ({
  '029_reach_version': {
    async up(db: Db) {
      await db.schema
        .createTable('reach_version')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();
      await db.insertInto('reach_version').values({ id: 1, version: 0 }).execute();
      await (dialect === 'postgres' ? postgresTriggers(db) : sqliteTriggers(db));
    },
  },
});
