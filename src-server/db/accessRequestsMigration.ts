import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * Access requests (issue 24): a policy may take them (its settings as JSON: reviewer groups,
 * approvals needed, longest window); a request waits for its reviews; an approval makes a
 * grant (source `request`) that names the request, and each session it allows names it too.
 */
export const accessRequestsMigration: Record<string, Migration> = {
  '030_access_requests': {
    async up(db: Db) {
      await db.schema.alterTable('access_request_policies').addColumn('access_requests', 'text').execute();
      await db.schema
        .createTable('access_requests')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('persons.id').onDelete('cascade'))
        .addColumn('policy_id', 'varchar(36)', (c) =>
          c.notNull().references('access_request_policies.id').onDelete('cascade'),
        )
        .addColumn('computer_id', 'varchar(36)', (c) => c.notNull().references('computers.id').onDelete('cascade'))
        .addColumn('access_level_id', 'varchar(36)', (c) => c.references('access_levels.id').onDelete('cascade'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('ticket_id', 'varchar(200)')
        .addColumn('starts_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('ends_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('approvals_required', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('grant_id', 'varchar(36)')
        .execute();
      await db.schema.createIndex('access_requests_person').on('access_requests').column('person_id').execute();
      await db.schema
        .createIndex('access_requests_state')
        .on('access_requests')
        .columns(['state', 'policy_id'])
        .execute();
      await db.schema.createIndex('access_requests_grant').on('access_requests').column('grant_id').execute();
      await db.schema
        .createTable('access_request_reviews')
        .addColumn('request_id', 'varchar(36)', (c) => c.notNull().references('access_requests.id').onDelete('cascade'))
        .addColumn('reviewer_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('reviewer', 'varchar(200)', (c) => c.notNull())
        .addColumn('decision', 'varchar(16)', (c) => c.notNull())
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('access_request_reviews_pk', ['request_id', 'reviewer_id'])
        .execute();
      await db.schema.alterTable('grants').addColumn('request_id', 'varchar(36)').execute();
      await db.schema.alterTable('sessions').addColumn('request_id', 'varchar(36)').execute();
    },
  },
  /**
   * What a session keeps of its authorization plugin's verdict (ticket id, gateway user, metadata),
   * as JSON, and its values alone, one a line, for the Recordings search.
   */
  '031_session_authorization': {
    async up(db: Db) {
      await db.schema.alterTable('sessions').addColumn('authorization', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('authorization_text', 'text').execute();
    },
  },
};
