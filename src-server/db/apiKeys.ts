import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ApiKey } from '@shared/common/api/controlPlane/apiKeys';
import { roleSchema, type Role } from '@shared/common/api/controlPlane/basics';
import type { Database } from './schema';

/** `opsm_<id>_<secret>`: the id finds the row, the secret (32 random bytes, base64url) proves the key. */
const keyPattern = /^opsm_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/;

/** Whether a bearer token is shaped like an API key (else it is a sign-in's access token). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('opsm_');
}

const hashOf = (secret: string) => crypto.createHash('sha256').update(secret).digest('hex');

/** The person and roles a valid key acts with. */
export interface KeyHolder {
  keyId: string;
  personId: string;
  roles: Role[];
}

const rolesOf = (text: string): Role[] =>
  text
    .split(',')
    .filter(Boolean)
    .map((r) => roleSchema.parse(r));

/** API keys for automation: created shown once, stored as a SHA-256 of the secret, expiring, revocable. */
export class ApiKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates a key and returns it whole: the only time it is seen. Throws on a duplicate name (unique). */
  async create(input: {
    personId: string;
    name: string;
    roles: Role[];
    expiresAt: string;
    createdBy: string;
  }): Promise<{ id: string; key: string }> {
    const id = crypto.randomUUID();
    const secret = crypto.randomBytes(32).toString('base64url');
    await this.db
      .insertInto('api_keys')
      .values({
        id,
        person_id: input.personId,
        name: input.name,
        secret_hash: hashOf(secret),
        roles: [...new Set(input.roles)].join(','),
        created_at: new Date().toISOString(),
        created_by: input.createdBy,
        expires_at: input.expiresAt,
        revoked_at: null,
        last_used_at: null,
      })
      .execute();
    return { id, key: `opsm_${id}_${secret}` };
  }

  /** Every key, newest first, with its account's username; never a secret. */
  async list(): Promise<ApiKey[]> {
    const rows = await this.db
      .selectFrom('api_keys')
      .innerJoin('persons', 'persons.id', 'api_keys.person_id')
      .selectAll('api_keys')
      .select('persons.username')
      .orderBy('api_keys.created_at', 'desc')
      .execute();
    return rows.map((row) => this.toKey(row));
  }

  /** The enabled service accounts (persons of kind `service`) with their roles, by username. */
  async serviceAccounts(): Promise<Array<{ id: string; username: string; roles: Role[] }>> {
    const rows = await this.db
      .selectFrom('persons')
      .leftJoin('person_roles', 'person_roles.person_id', 'persons.id')
      .select(['persons.id', 'persons.username', 'person_roles.role'])
      .where('persons.source', '=', 'service')
      .where('persons.disabled', '=', 0)
      .orderBy('persons.username')
      .orderBy('person_roles.role')
      .execute();
    const accounts = new Map<string, { id: string; username: string; roles: Role[] }>();
    for (const row of rows) {
      const account = accounts.get(row.id) ?? { id: row.id, username: row.username, roles: [] };
      if (row.role) account.roles.push(roleSchema.parse(row.role));
      accounts.set(row.id, account);
    }
    return [...accounts.values()];
  }

  async findByName(name: string): Promise<ApiKey | undefined> {
    const row = await this.db
      .selectFrom('api_keys')
      .innerJoin('persons', 'persons.id', 'api_keys.person_id')
      .selectAll('api_keys')
      .select('persons.username')
      .where('api_keys.name', '=', name)
      .executeTakeFirst();
    return row ? this.toKey(row) : undefined;
  }

  /** Marks a key revoked (it stops working at once); false when there is no such key. */
  async revoke(id: string): Promise<{ name: string; wasRevoked: boolean } | null> {
    const row = await this.db
      .selectFrom('api_keys')
      .select(['name', 'revoked_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    if (row.revoked_at === null)
      await this.db
        .updateTable('api_keys')
        .set({ revoked_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
    return { name: row.name, wasRevoked: row.revoked_at !== null };
  }

  /**
   * Who a key acts as: its row found by id, the secret's hash compared in constant time, not
   * revoked nor expired; records when it was last used. Null for anything else.
   */
  async check(token: string, now = new Date()): Promise<KeyHolder | null> {
    const match = keyPattern.exec(token);
    if (!match) return null;
    const [, id, secret] = match as unknown as [string, string, string];
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    const want = Buffer.from(row?.secret_hash ?? hashOf(''), 'hex');
    const same = crypto.timingSafeEqual(want, Buffer.from(hashOf(secret), 'hex'));
    if (!row || !same || row.revoked_at !== null || Date.parse(row.expires_at) <= now.getTime()) return null;
    await this.db.updateTable('api_keys').set({ last_used_at: now.toISOString() }).where('id', '=', id).execute();
    return { keyId: id, personId: row.person_id, roles: rolesOf(row.roles) };
  }

  private toKey(row: Selectable<Database['api_keys']> & { username: string }): ApiKey {
    return {
      id: row.id,
      name: row.name,
      personId: row.person_id,
      username: row.username,
      roles: rolesOf(row.roles),
      createdAt: row.created_at,
      createdBy: row.created_by,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      lastUsedAt: row.last_used_at,
    };
  }
}
