import { sql, type Kysely, type Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * Shared credentials get versions: rotating adds a version and makes it current, and the
 * gateway takes the current one. A credential is a password or a private key (with an
 * optional passphrase), and has a revision for stale-edit checks. Each existing secret
 * becomes version 1 (sealed the same way, so nothing is re-encrypted). Sessions record the
 * credential version they used, so the administration page can count sessions per version.
 */
export const credentialVersionsMigration: Record<string, Migration> = {
  '022_credential_versions': {
    async up(db: Db) {
      await db.schema
        .createTable('shared_credential_versions')
        .addColumn('credential_id', 'varchar(36)', (c) =>
          c.notNull().references('shared_credentials.id').onDelete('cascade'),
        )
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
        .addColumn('passphrase_ciphertext', 'text')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('shared_credential_versions_pk', ['credential_id', 'version'])
        .execute();
      await sql`insert into shared_credential_versions (credential_id, version, secret_ciphertext, created_at)
        select id, 1, secret_ciphertext, created_at from shared_credentials`.execute(db);
      await db.schema.alterTable('shared_credentials').dropColumn('secret_ciphertext').execute();
      await db.schema
        .alterTable('shared_credentials')
        .addColumn('kind', 'varchar(8)', (c) => c.notNull().defaultTo('password'))
        .execute();
      await db.schema
        .alterTable('shared_credentials')
        .addColumn('current_version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .alterTable('shared_credentials')
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.alterTable('sessions').addColumn('credential_id', 'varchar(36)').execute();
      await db.schema.alterTable('sessions').addColumn('credential_version', 'integer').execute();
      await db.schema.createIndex('sessions_credential').on('sessions').column('credential_id').execute();
    },
  },
};
