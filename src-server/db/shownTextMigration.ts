import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * What SSH and Telnet sessions showed (guacd's typescript, escapes stripped), line by line with
 * its time from the recording's start, searchable next to the typed text.
 */
export const shownTextMigration: Record<string, Migration> = {
  '014_recording_shown': {
    async up(db: Db) {
      await db.schema
        .createTable('recording_shown')
        .addColumn('recording_id', 'varchar(36)', (c) => c.notNull().references('recordings.id').onDelete('cascade'))
        .addColumn('at_ms', 'double precision', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('recording_shown_recording').on('recording_shown').column('recording_id').execute();
    },
  },
};
