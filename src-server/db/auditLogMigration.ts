import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * The audit log's changes get their own column (JSON: each field before and after, a secret only
 * as changed), entries name their session when they have one, and the filters the audit page
 * offers (actor, action, session, time) each have an index that ends in (at, id), the page's order,
 * so a page after a cursor (at, id) is a range read however deep it is.
 */
export const auditLogMigration: Record<string, Migration> = {
  '018_audit_log': {
    async up(db: Db) {
      await db.schema.alterTable('audit_log').addColumn('changes', 'text').execute();
      await db.schema.alterTable('audit_log').addColumn('session_id', 'varchar(36)').execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
      for (const column of ['actor', 'action', 'session_id'])
        await db.schema.createIndex(`audit_log_${column}`).on('audit_log').columns([column, 'at', 'id']).execute();
    },
  },
};
