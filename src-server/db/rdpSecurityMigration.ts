import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * An RDP computer's security mode and certificate check (rdpSecurity.ts). Computers from before
 * get the default: negotiated security, the certificate verified against guacd's system store.
 */
export const rdpSecurityMigration: Record<string, Migration> = {
  '013_rdp_security': {
    async up(db: Db) {
      await db.schema
        .alterTable('computers')
        .addColumn('rdp_security', 'varchar(8)', (c) => c.notNull().defaultTo('any'))
        .execute();
      await db.schema
        .alterTable('computers')
        .addColumn('rdp_certificate', 'text', (c) => c.notNull().defaultTo('{"check":"verify"}'))
        .execute();
    },
  },
};
