import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * Policies become editable in the administration: a revision, with a snapshot of each
 * revision's settings and terms text (a session keeps the revision it started under, and the
 * terms a person agreed to never change), computers named by tag, and the target account an
 * access level logs in with (the username of one of the computer's shared credentials).
 */
export const policyAdminMigration: Record<string, Migration> = {
  '024_policy_admin': {
    async up(db: Db) {
      await db.schema
        .alterTable('access_request_policies')
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.alterTable('access_levels').addColumn('target_account', 'varchar(256)').execute();
      await db.schema.alterTable('sessions').addColumn('policy_revision', 'integer').execute();
      await db.schema
        .createTable('policy_tags')
        .addColumn('policy_id', 'varchar(36)', (c) =>
          c.notNull().references('access_request_policies.id').onDelete('cascade'),
        )
        .addColumn('tag', 'varchar(64)', (c) => c.notNull())
        .addPrimaryKeyConstraint('policy_tags_pk', ['policy_id', 'tag'])
        .execute();
      await db.schema
        .createTable('policy_revisions')
        .addColumn('policy_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('terms', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
        .addPrimaryKeyConstraint('policy_revisions_pk', ['policy_id', 'revision'])
        .execute();
      // Existing policies start at revision 1, with its snapshot taken now (their terms as they are).
      const policies = await db.selectFrom('access_request_policies').select(['id', 'terms']).execute();
      const at = new Date().toISOString();
      for (const p of policies as Array<{ id: string; terms: string }>)
        await db
          .insertInto('policy_revisions')
          .values({
            policy_id: p.id,
            revision: 1,
            settings: '{}',
            terms: p.terms,
            created_at: at,
            created_by: 'migration',
          })
          .execute();
    },
  },
};
