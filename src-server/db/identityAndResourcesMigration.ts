import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/** People, their roles, groups and who is in which. */
async function createIdentityTables(db: Db): Promise<void> {
  await db.schema
    .createTable('persons')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('person_roles')
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_roles_pk', ['person_id', 'role'])
    .execute();
  await db.schema
    .createTable('groups')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull().unique())
    .execute();
  await db.schema
    .createTable('memberships')
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('memberships_pk', ['group_id', 'person_id'])
    .execute();
}

/** Computers, access request policies with whom and what they name, and their access levels. */
async function createPolicyTables(db: Db): Promise<void> {
  await db.schema
    .createTable('computers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('protocol', 'varchar(16)', (c) => c.notNull())
    .addColumn('host', 'varchar(253)', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('jit_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recording', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('live_monitoring', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('access_request_policies')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('credential_kinds', 'varchar(64)', (c) => c.notNull())
    .addColumn('mfa_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('max_duration_minutes', 'integer', (c) => c.notNull())
    .execute();
  for (const [table, column, target] of [
    ['policy_persons', 'person_id', 'persons.id'],
    ['policy_groups', 'group_id', 'groups.id'],
    ['policy_computers', 'computer_id', 'computers.id'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('policy_id', 'varchar(36)', (c) =>
        c.notNull().references('access_request_policies.id').onDelete('cascade'),
      )
      .addColumn(column, 'varchar(36)', (c) => c.notNull().references(target).onDelete('cascade'))
      .addPrimaryKeyConstraint(`${table}_pk`, ['policy_id', column])
      .execute();
  }
  await db.schema
    .createTable('access_levels')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('policy_id', 'varchar(36)', (c) =>
      c.notNull().references('access_request_policies.id').onDelete('cascade'),
    )
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('pre_approval', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('access_level_groups')
    .addColumn('access_level_id', 'varchar(36)', (c) => c.notNull().references('access_levels.id').onDelete('cascade'))
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('access_level_groups_pk', ['access_level_id', 'group_id'])
    .execute();
}

/** Shared credentials of computers, and the server's settings. */
async function createCredentialAndSettingTables(db: Db): Promise<void> {
  await db.schema
    .createTable('shared_credentials')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('computer_id', 'varchar(36)', (c) => c.notNull().references('computers.id').onDelete('cascade'))
    .addColumn('username', 'varchar(256)', (c) => c.notNull())
    .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('server_settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

/** The first migration: identity, the catalog of computers and policies, shared credentials and settings. */
export const identityAndResourcesMigration: Record<string, Migration> = {
  '001_identity_and_resources': {
    async up(db: Db) {
      await createIdentityTables(db);
      await createPolicyTables(db);
      await createCredentialAndSettingTables(db);
    },
  },
};
