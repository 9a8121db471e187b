import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ServerKey } from '../secrets/serverKey';
import type { Database } from './schema';

const purpose = 'shared-credential';

/** Shared credentials, sealed with the server key. Reads return the username only. */
export class CredentialRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly key: ServerKey,
  ) {}

  async create(input: {
    computerId: string;
    username: string;
    secret: string;
  }): Promise<{ id: string; computerId: string; username: string }> {
    const id = crypto.randomUUID();
    await this.db
      .insertInto('shared_credentials')
      .values({
        id,
        computer_id: input.computerId,
        username: input.username,
        secret_ciphertext: this.key.seal(`${purpose}:${id}`, input.secret),
        created_at: new Date().toISOString(),
      })
      .execute();
    return { id, computerId: input.computerId, username: input.username };
  }

  async listFor(computerId: string): Promise<Array<{ id: string; computerId: string; username: string }>> {
    const rows = await this.db
      .selectFrom('shared_credentials')
      .select(['id', 'computer_id', 'username'])
      .where('computer_id', '=', computerId)
      .execute();
    return rows.map((r) => ({ id: r.id, computerId: r.computer_id, username: r.username }));
  }

  /** The secret, for the gateway's guacd handshake only (never for an API response). */
  async reveal(id: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('shared_credentials')
      .select(['secret_ciphertext'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? this.key.open(`${purpose}:${id}`, row.secret_ciphertext) : undefined;
  }
}
