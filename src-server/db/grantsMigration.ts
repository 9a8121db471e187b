import crypto from 'node:crypto';
import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/** The window a moved pre-approval gets: the default of OPENPSM_GRANT_DEFAULT_HOURS, from the migration. */
const movedApprovalHours = 8;

/**
 * Pre-approvals become grants: a person gets an access level (access_level_id) or a whole policy
 * (access_level_id null) for a window, from `manual` granting or, later, a `request`. Sessions
 * record the grant they started under, so revoking it ends them.
 *
 * Every existing pre-approval (access_level_approvals) is moved to a manual grant that starts
 * when it was approved and ends 8 hours after this migration ran (OPENPSM_GRANT_DEFAULT_HOURS'
 * default): pre-approvals had no end, grants always have one. Approvals a person gave themselves
 * never counted and are not moved. The old table is dropped.
 */
export const grantsMigration: Record<string, Migration> = {
  '025_grants': {
    async up(db: Db) {
      await db.schema
        .createTable('grants')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('persons.id').onDelete('cascade'))
        .addColumn('policy_id', 'varchar(36)', (c) =>
          c.notNull().references('access_request_policies.id').onDelete('cascade'),
        )
        .addColumn('access_level_id', 'varchar(36)', (c) => c.references('access_levels.id').onDelete('cascade'))
        .addColumn('starts_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('ends_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('source', 'varchar(16)', (c) => c.notNull())
        .addColumn('granted_by', 'varchar(200)', (c) => c.notNull())
        .addColumn('granted_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('revoked_at', 'varchar(32)')
        .addColumn('revoked_by', 'varchar(200)')
        .execute();
      await db.schema.createIndex('grants_person').on('grants').columns(['person_id', 'policy_id']).execute();
      await db.schema.createIndex('grants_ends').on('grants').column('ends_at').execute();
      await db.schema.alterTable('sessions').addColumn('grant_id', 'varchar(36)').execute();
      const now = Date.now();
      const approvals = await db
        .selectFrom('access_level_approvals as a')
        .innerJoin('access_levels as l', 'l.id', 'a.access_level_id')
        .innerJoin('persons as p', 'p.id', 'a.person_id')
        .select(['a.access_level_id', 'a.person_id', 'a.approved_by', 'a.approved_at', 'l.policy_id'])
        .whereRef('a.approved_by', '!=', 'p.username')
        .execute();
      const endsAt = new Date(now + movedApprovalHours * 3600_000).toISOString();
      for (const a of approvals as Array<Record<string, string>>)
        await db
          .insertInto('grants')
          .values({
            id: crypto.randomUUID(),
            person_id: a['person_id'],
            policy_id: a['policy_id'],
            access_level_id: a['access_level_id'],
            starts_at: a['approved_at'],
            ends_at: endsAt,
            source: 'manual',
            granted_by: a['approved_by'],
            granted_at: a['approved_at'],
          })
          .execute();
      await db.schema.dropTable('access_level_approvals').execute();
    },
  },
};
