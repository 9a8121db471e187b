import { accessRequestsMigration } from './accessRequestsMigration';
import { Migrator, type Kysely, type Migration } from 'kysely';
import { apiKeysMigration } from './apiKeysMigration';
import { attemptBackoffsMigration } from './attemptBackoffsMigration';
import { auditLogMigration } from './auditLogMigration';
import { computerAdminMigration } from './computerAdminMigration';
import { computerDeletedMigration } from './computerDeletedMigration';
import { credentialVersionsMigration } from './credentialVersionsMigration';
import { grantsMigration } from './grantsMigration';
import { groupsAdminMigration } from './groupsAdminMigration';
import { identityAndResourcesMigration } from './identityAndResourcesMigration';
import { oneTimeCodesMigration } from './oneTimeCodesMigration';
import { peopleAdminMigration } from './peopleAdminMigration';
import { policyAdminMigration } from './policyAdminMigration';
import { policyDeletedMigration } from './policyDeletedMigration';
import { reachIndexesMigration } from './reachIndexesMigration';
import { reachVersionMigration } from './reachVersionMigration';
import { rdpSecurityMigration } from './rdpSecurityMigration';
import { shownTextMigration } from './shownTextMigration';
import { typescriptSizesMigration } from './typescriptSizesMigration';
import type { Dialect } from './database';

/**
 * Migrations in code, in order. Each runs in a transaction on PostgreSQL; never edit one
 * that has shipped, add the next. The types stay portable (see schema.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

// eslint-disable-next-line max-lines-per-function -- a data table: one entry per migration
const migrationsFor = (dialect: Dialect): Record<string, Migration> => ({
  ...identityAndResourcesMigration,
  '002_audit_and_oidc': {
    async up(db: Db) {
      const isPostgres = dialect === 'postgres';
      await db.schema
        .createTable('audit_log')
        .addColumn('id', isPostgres ? 'serial' : 'integer', (c) =>
          isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .addColumn('actor', 'varchar(200)', (c) => c.notNull())
        .addColumn('action', 'varchar(100)', (c) => c.notNull())
        .addColumn('target', 'varchar(300)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('oidc_payloads')
        .addColumn('id', 'varchar(200)', (c) => c.notNull())
        .addColumn('model', 'varchar(64)', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('grant_id', 'varchar(200)')
        .addColumn('account_id', 'varchar(64)')
        .addColumn('uid', 'varchar(200)')
        .addColumn('user_code', 'varchar(200)')
        .addColumn('expires_at', 'varchar(32)')
        .addPrimaryKeyConstraint('oidc_payloads_pk', ['model', 'id'])
        .execute();
      await db.schema.createIndex('oidc_payloads_grant').on('oidc_payloads').column('grant_id').execute();
      await db.schema.createIndex('oidc_payloads_account').on('oidc_payloads').column('account_id').execute();
    },
  },
  '003_mfa_totp': {
    async up(db: Db) {
      await db.schema
        .createTable('mfa_totp')
        .addColumn('person_id', 'varchar(36)', (c) => c.primaryKey().references('persons.id').onDelete('cascade'))
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        .addColumn('enrolled_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('last_used_step', 'bigint')
        .execute();
      await db.schema
        .createTable('mfa_recovery_codes')
        .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('persons.id').onDelete('cascade'))
        .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('used_at', 'varchar(32)')
        .addPrimaryKeyConstraint('mfa_recovery_codes_pk', ['person_id', 'code_hash'])
        .execute();
    },
  },
  '004_person_source': {
    async up(db: Db) {
      // Where a person signs in: a local account, or a directory / external issuer that vouches for them.
      await db.schema
        .alterTable('persons')
        .addColumn('source', 'varchar(16)', (c) => c.notNull().defaultTo('local'))
        .execute();
      await db.schema.alterTable('persons').addColumn('external_id', 'varchar(1000)').execute();
      await db.schema
        .createIndex('persons_external')
        .on('persons')
        .columns(['source', 'external_id'])
        .unique()
        .execute();
    },
  },
  '005_vaults': {
    async up(db: Db) {
      // Each person's encrypted vault: the server holds ciphertext and a peppered hash of the unlock proof.
      await db.schema
        .createTable('vaults')
        .addColumn('person_id', 'varchar(36)', (c) => c.primaryKey().references('persons.id').onDelete('cascade'))
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('header', 'text', (c) => c.notNull())
        .addColumn('items', 'text', (c) => c.notNull())
        .addColumn('auth_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'varchar(32)')
        .execute();
    },
  },
  '006_used_tickets': {
    async up(db: Db) {
      // Gateway tickets are single use: each jti is written on first use, so a replay fails even after a restart.
      await db.schema
        .createTable('used_tickets')
        .addColumn('jti', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('used_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '007_sessions': {
    async up(db: Db) {
      // The session registry: who reached what, through which policy, when, and how it ended.
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('persons.id').onDelete('cascade'))
        .addColumn('computer_id', 'varchar(36)', (c) => c.notNull().references('computers.id').onDelete('cascade'))
        .addColumn('policy_id', 'varchar(36)', (c) =>
          c.notNull().references('access_request_policies.id').onDelete('cascade'),
        )
        .addColumn('access_level_id', 'varchar(36)')
        .addColumn('guacd_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('recording_name', 'varchar(200)')
        .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('ended_at', 'varchar(32)')
        .addColumn('end_reason', 'varchar(64)')
        .execute();
    },
  },
  '008_policy_clipboard': {
    async up(db: Db) {
      // A policy may block copying from, or pasting to, the computers it reaches; the gateway tells guacd.
      await db.schema
        .alterTable('access_request_policies')
        .addColumn('disable_copy', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('access_request_policies')
        .addColumn('disable_paste', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '009_advanced_mode': {
    async up(db: Db) {
      // Pre-approval of a person for an access level that needs it.
      await db.schema
        .createTable('access_level_approvals')
        .addColumn('access_level_id', 'varchar(36)', (c) =>
          c.notNull().references('access_levels.id').onDelete('cascade'),
        )
        .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('persons.id').onDelete('cascade'))
        .addColumn('approved_by', 'varchar(200)', (c) => c.notNull())
        .addColumn('approved_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('access_level_approvals_pk', ['access_level_id', 'person_id'])
        .execute();
      // The policy's authorization hook (seed 002), as JSON: what it asks and how an answer must look.
      await db.schema.alterTable('access_request_policies').addColumn('authorization_hook', 'text').execute();
      // The provisioning account that creates JIT accounts on a computer (secret sealed with the server key).
      await db.schema
        .createTable('jit_provisioners')
        .addColumn('computer_id', 'varchar(36)', (c) => c.primaryKey().references('computers.id').onDelete('cascade'))
        .addColumn('port', 'integer', (c) => c.notNull())
        .addColumn('username', 'varchar(64)', (c) => c.notNull())
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        .addColumn('secret_kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('host_key_sha256', 'varchar(60)', (c) => c.notNull())
        .execute();
      // Every JIT account, written before it is created and marked when it is removed: none is forgotten.
      await db.schema
        .createTable('jit_accounts')
        .addColumn('username', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('computer_id', 'varchar(36)', (c) => c.notNull().references('computers.id').onDelete('cascade'))
        .addColumn('session_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('removed_at', 'varchar(32)')
        .addColumn('last_error', 'text')
        .execute();
    },
  },
  '010_live_monitoring': {
    async up(db: Db) {
      // GDPR: a policy may turn live monitoring off for its sessions (the computer's own switch still applies).
      await db.schema
        .alterTable('access_request_policies')
        .addColumn('live_monitoring', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      // Whether the watched user is told (a banner) when someone starts or stops watching.
      await db.schema
        .alterTable('access_request_policies')
        .addColumn('announce_watchers', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
    },
  },
  '011_recordings': {
    async up(db: Db) {
      // GDPR: a policy may turn recording off for its sessions (the computer's own switch still applies).
      await db.schema
        .alterTable('access_request_policies')
        .addColumn('recording', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      // One row per file guacd wrote (a name clash makes `<id>.1`): written when the session starts, kept after upload.
      await db.schema
        .createTable('recordings')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('session_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('file_name', 'varchar(100)', (c) => c.notNull().unique())
        .addColumn('person_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('computer_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('ended_at', 'varchar(32)')
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('store', 'varchar(16)')
        .addColumn('bytes', 'double precision')
        .addColumn('sha256', 'varchar(64)')
        .addColumn('duration_ms', 'double precision')
        .addColumn('marks', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('recordings_started').on('recordings').column('started_at').execute();
      // The keystroke index: typed text by line, with its time from the recording's start.
      await db.schema
        .createTable('recording_keys')
        .addColumn('recording_id', 'varchar(36)', (c) => c.notNull().references('recordings.id').onDelete('cascade'))
        .addColumn('at_ms', 'double precision', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('recording_keys_recording').on('recording_keys').column('recording_id').execute();
    },
  },
  ...attemptBackoffsMigration,
  ...rdpSecurityMigration,
  ...shownTextMigration,
  ...typescriptSizesMigration,
  ...apiKeysMigration,
  ...peopleAdminMigration,
  ...auditLogMigration,
  ...groupsAdminMigration,
  ...oneTimeCodesMigration,
  ...credentialVersionsMigration,
  ...computerAdminMigration,
  ...policyAdminMigration,
  ...grantsMigration,
  ...computerDeletedMigration,
  ...policyDeletedMigration,
  ...reachIndexesMigration,
  ...reachVersionMigration(dialect),
  ...accessRequestsMigration,
});

/** Brings the database to the newest schema; throws with the failing migration's name. */
export async function migrateToLatest(db: Db, dialect: Dialect): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrationsFor(dialect)) } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Brings the database up to the named migration and no further (a test of a migration over older data). */
export async function migrateUpTo(db: Db, dialect: Dialect, name: string): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrationsFor(dialect)) } });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
