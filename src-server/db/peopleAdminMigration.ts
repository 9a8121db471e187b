import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * The People page (personDirectory.ts): a person's email and employee fields, the revision
 * every edit carries, and when they were deleted (a deleted person stays for the audit log,
 * sessions and recordings, but leaves every list and never signs in again). Additive only.
 */
export const peopleAdminMigration: Record<string, Migration> = {
  '015_people_admin': {
    async up(db: Db) {
      const columns: Array<[string, string]> = [
        ['email', 'varchar(320)'],
        ['department', 'varchar(200)'],
        ['location', 'varchar(200)'],
        ['cost_center', 'varchar(100)'],
        ['manager_id', 'varchar(36)'],
        ['deleted_at', 'varchar(32)'],
      ];
      for (const [name, type] of columns)
        await db.schema
          .alterTable('persons')
          .addColumn(name, type as 'text')
          .execute();
      await db.schema
        .alterTable('persons')
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.createIndex('persons_email').on('persons').column('email').execute();
      await db.schema.createIndex('person_roles_role').on('person_roles').columns(['role', 'person_id']).execute();
    },
  },
};
