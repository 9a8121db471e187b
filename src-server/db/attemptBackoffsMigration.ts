import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * The guessing limiter's state (attemptLimiter.ts): one row per kind of guess (password, MFA
 * code) and account, with the client address, or '' for the account-wide count. Kept in the
 * database so a backoff holds across restarts and across control planes on one PostgreSQL.
 */
export const attemptBackoffsMigration: Record<string, Migration> = {
  '012_attempt_backoffs': {
    async up(db: Db) {
      await db.schema
        .createTable('attempt_backoffs')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('account', 'varchar(200)', (c) => c.notNull())
        .addColumn('address', 'varchar(64)', (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_failure_at', 'varchar(32)')
        .addColumn('blocked_until', 'varchar(32)')
        .addColumn('last_success_at', 'varchar(32)')
        .execute();
      await db.schema
        .createIndex('attempt_backoffs_key')
        .unique()
        .on('attempt_backoffs')
        .columns(['kind', 'account', 'address'])
        .execute();
      await db.schema.createIndex('oidc_payloads_expires').on('oidc_payloads').column('expires_at').execute();
    },
  },
};
