import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * Deleting a policy marks it deleted instead of removing the row: `sessions.policy_id` cascades
 * on delete, and a PAM product must never lose the sessions (audit evidence) that ran under it.
 */
export const policyDeletedMigration: Record<string, Migration> = {
  '027_policy_deleted_at': {
    async up(db: Db) {
      await db.schema.alterTable('access_request_policies').addColumn('deleted_at', 'varchar(32)').execute();
    },
  },
};
