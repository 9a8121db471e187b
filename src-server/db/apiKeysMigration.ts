import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * API keys for automation (apiKeys.ts): each acts as a service account, with some of its roles,
 * until it expires or is revoked. Only the SHA-256 of the key's secret is kept.
 */
export const apiKeysMigration: Record<string, Migration> = {
  '017_api_keys': {
    async up(db: Db) {
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('persons.id').onDelete('cascade'))
        .addColumn('name', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('roles', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('revoked_at', 'varchar(32)')
        .addColumn('last_used_at', 'varchar(32)')
        .execute();
    },
  },
};
