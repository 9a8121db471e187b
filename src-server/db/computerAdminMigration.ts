import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * Computers become editable in the administration: a revision for stale-edit checks, tags to
 * find and group them, and the protocol options real targets need: RDP's domain, SSH's pinned
 * host key (a known_hosts key, `ssh-ed25519 AAAA…`, null: not pinned) and VNC's colour depth
 * (null: the server's own).
 */
export const computerAdminMigration: Record<string, Migration> = {
  '023_computer_admin': {
    async up(db: Db) {
      await db.schema
        .alterTable('computers')
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.alterTable('computers').addColumn('rdp_domain', 'varchar(200)').execute();
      await db.schema.alterTable('computers').addColumn('ssh_host_key', 'text').execute();
      await db.schema.alterTable('computers').addColumn('vnc_color_depth', 'integer').execute();
      await db.schema
        .createTable('computer_tags')
        .addColumn('computer_id', 'varchar(36)', (c) => c.notNull().references('computers.id').onDelete('cascade'))
        .addColumn('tag', 'varchar(64)', (c) => c.notNull())
        .addPrimaryKeyConstraint('computer_tags_pk', ['computer_id', 'tag'])
        .execute();
      await db.schema.createIndex('computer_tags_tag').on('computer_tags').column('tag').execute();
    },
  },
};
