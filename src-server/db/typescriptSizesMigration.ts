import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * The sizes of a recording's typescript files, kept when it is indexed so a read is clipped to
 * them (S3 and Azure refuse a range past the end), and whether its typed text was withheld
 * (an SSH or Telnet recording without a typescript: secrets could not be told apart).
 */
export const typescriptSizesMigration: Record<string, Migration> = {
  '019_recording_typescript_sizes': {
    async up(db: Db) {
      await db.schema.alterTable('recordings').addColumn('typescript_bytes', 'double precision').execute();
      await db.schema.alterTable('recordings').addColumn('timing_bytes', 'double precision').execute();
      await db.schema
        .alterTable('recordings')
        .addColumn('typed_withheld', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
};
