import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { CredentialKindOfShared, SharedCredential } from '@shared/common/api/controlPlane/credentials';
import type { ServerKey } from '../secrets/serverKey';
import type { Database } from './schema';

const purpose = 'shared-credential';

/** The sealing context of a version's secret: version 1 keeps the one from before versions (migration 022). */
const secretContext = (id: string, version: number) =>
  version === 1 ? `${purpose}:${id}` : `${purpose}:${id}:v${version}`;
const passphraseContext = (id: string, version: number) => `${purpose}-passphrase:${id}:v${version}`;

/** What the gateway logs in with: the current version of a computer's shared credential. */
export interface CurrentSharedCredential {
  id: string;
  username: string;
  kind: CredentialKindOfShared;
  version: number;
  secret: string;
  passphrase: string | null;
}

export interface NewSecret {
  secret: string;
  passphrase?: string | undefined;
}

/**
 * Shared credentials, each with its versions sealed with the server key. A rotation adds a
 * version and makes it current; reads for the administration never return a secret.
 */
export class CredentialRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly key: ServerKey,
  ) {}

  private versionRow(id: string, version: number, input: NewSecret, at: string) {
    return {
      credential_id: id,
      version,
      secret_ciphertext: this.key.seal(secretContext(id, version), input.secret),
      passphrase_ciphertext: input.passphrase ? this.key.seal(passphraseContext(id, version), input.passphrase) : null,
      created_at: at,
    };
  }

  async create(
    input: { computerId: string; username: string; kind?: CredentialKindOfShared } & NewSecret,
  ): Promise<SharedCredential> {
    const id = crypto.randomUUID();
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('shared_credentials')
        .values({
          id,
          computer_id: input.computerId,
          username: input.username,
          kind: input.kind ?? 'password',
          created_at: at,
        })
        .execute();
      await trx
        .insertInto('shared_credential_versions')
        .values(this.versionRow(id, 1, input, at))
        .execute();
    });
    return (await this.get(id))!;
  }

  /**
   * Rotates: the new secret becomes the next version and current, on the revision the caller
   * read. Null when the revision is stale (or the credential is gone).
   */
  async rotate(id: string, revision: number, input: NewSecret): Promise<SharedCredential | null> {
    const at = new Date().toISOString();
    const done = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('shared_credentials')
        .select(['current_version', 'revision'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row || row.revision !== revision) return false;
      // The current version is always the latest: each rotation adds one after it.
      const version = Number(row.current_version) + 1;
      const moved = await trx
        .updateTable('shared_credentials')
        .set({ current_version: version, revision: revision + 1 })
        .where('id', '=', id)
        .where('revision', '=', revision)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return false;
      await trx
        .insertInto('shared_credential_versions')
        .values(this.versionRow(id, version, input, at))
        .execute();
      return true;
    });
    return done ? ((await this.get(id)) ?? null) : null;
  }

  /** Deletes a credential and its versions; the sessions that used it keep their record. */
  async remove(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('shared_credentials').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async get(id: string): Promise<SharedCredential | undefined> {
    const rows = await this.db.selectFrom('shared_credentials').selectAll().where('id', '=', id).execute();
    return (await this.described(rows))[0];
  }

  /** The administration's list: a computer's credentials (or all), oldest first, with versions and session counts. */
  async list(computerId?: string): Promise<SharedCredential[]> {
    let query = this.db.selectFrom('shared_credentials').selectAll();
    if (computerId) query = query.where('computer_id', '=', computerId);
    return this.described(await query.orderBy('created_at').orderBy('id').execute());
  }

  /** Rows as the administration sees them: versions with their session counts, never a secret. */
  private async described(rows: Array<Selectable<Database['shared_credentials']>>): Promise<SharedCredential[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const versions = await this.db
      .selectFrom('shared_credential_versions')
      .select(['credential_id', 'version', 'created_at'])
      .where('credential_id', 'in', ids)
      .orderBy('version')
      .execute();
    const counts = await this.db
      .selectFrom('sessions')
      .select(['credential_id', 'credential_version', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('credential_id', 'in', ids)
      .groupBy(['credential_id', 'credential_version'])
      .execute();
    const used = new Map(counts.map((c) => [`${c.credential_id}:${c.credential_version}`, Number(c.n)]));
    return rows.map((r) => {
      const own = versions.filter((v) => v.credential_id === r.id);
      const current = own.find((v) => v.version === Number(r.current_version));
      return {
        id: r.id,
        computerId: r.computer_id,
        username: r.username,
        kind: r.kind === 'key' ? 'key' : 'password',
        revision: Number(r.revision),
        currentVersion: Number(r.current_version),
        created: r.created_at,
        lastRotated: Number(r.current_version) > 1 && current ? current.created_at : null,
        versions: own.map((v) => ({
          version: v.version,
          created: v.created_at,
          sessions: used.get(`${r.id}:${v.version}`) ?? 0,
        })),
      };
    });
  }

  /** A computer's credentials (id and username), for the checks that one exists. */
  async listFor(computerId: string): Promise<Array<{ id: string; computerId: string; username: string }>> {
    const rows = await this.db
      .selectFrom('shared_credentials')
      .select(['id', 'computer_id', 'username'])
      .where('computer_id', '=', computerId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, computerId: r.computer_id, username: r.username }));
  }

  /**
   * The login for the gateway's guacd handshake only (never for an API response): of the
   * computer's credentials the one whose current secret was set last, at its current version;
   * with a username (an access level's target account), that account's credential only.
   */
  async current(computerId: string, username?: string | null): Promise<CurrentSharedCredential | undefined> {
    let query = this.db
      .selectFrom('shared_credentials as c')
      .innerJoin('shared_credential_versions as v', (join) =>
        join.onRef('v.credential_id', '=', 'c.id').onRef('v.version', '=', 'c.current_version'),
      )
      .select(['c.id', 'c.username', 'c.kind', 'v.version', 'v.secret_ciphertext', 'v.passphrase_ciphertext'])
      .where('c.computer_id', '=', computerId);
    // An access level's target account: that username's credential, at its current version.
    if (username) query = query.where('c.username', '=', username);
    const row = await query.orderBy('v.created_at', 'desc').orderBy('c.id').executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      username: row.username,
      kind: row.kind === 'key' ? 'key' : 'password',
      version: row.version,
      secret: this.key.open(secretContext(row.id, row.version), row.secret_ciphertext),
      passphrase: row.passphrase_ciphertext
        ? this.key.open(passphraseContext(row.id, row.version), row.passphrase_ciphertext)
        : null,
    };
  }
}
