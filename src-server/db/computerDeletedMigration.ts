import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * Deleting a computer keeps its audit evidence: the row stays, marked deleted (ISO time; null:
 * live), so its sessions, recordings and JIT account ledger keep pointing at it. Its name is
 * freed by a rename when it is deleted (computers.ts), so a new computer may take it.
 */
export const computerDeletedMigration: Record<string, Migration> = {
  '026_computer_deleted_at': {
    async up(db: Db) {
      await db.schema.alterTable('computers').addColumn('deleted_at', 'varchar(32)').execute();
    },
  },
};
