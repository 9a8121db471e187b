import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * Groups an administrator keeps: a revision for stale-edit checks, and a kind: kept by hand,
 * following a directory group (LDAP DN or federation groups-claim value), or a rule on an
 * employee field.The employee fields
 * rules match are persons' columns from migration 015 (seed 004).
 */
export const groupsAdminMigration: Record<string, Migration> = {
  '016_groups_admin': {
    async up(db: Db) {
      await db.schema
        .alterTable('groups')
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .alterTable('groups')
        .addColumn('kind', 'varchar(16)', (c) => c.notNull().defaultTo('manual'))
        .execute();
      await db.schema.alterTable('groups').addColumn('directory_source', 'varchar(8)').execute();
      await db.schema.alterTable('groups').addColumn('directory_value', 'varchar(1000)').execute();
      await db.schema.alterTable('groups').addColumn('rule_field', 'varchar(32)').execute();
      await db.schema.alterTable('groups').addColumn('rule_value', 'varchar(200)').execute();
    },
  },
};
