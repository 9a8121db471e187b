import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * One-time codes (oneTimeCodes.ts): a new local person sets their own password at first sign-in
 * with a code an administrator read them. Only a hash of each code is kept; a new code replaces
 * the person's earlier ones, and a used or expired code opens nothing.
 */
export const oneTimeCodesMigration: Record<string, Migration> = {
  '020_one_time_codes': {
    async up(db: Db) {
      await db.schema
        .createTable('one_time_codes')
        .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('persons.id').onDelete('cascade'))
        .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('used_at', 'varchar(32)')
        .addPrimaryKeyConstraint('one_time_codes_pk', ['person_id', 'code_hash'])
        .execute();
    },
  },
};
