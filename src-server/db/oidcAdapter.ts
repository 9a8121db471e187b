import type { Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from './schema';

/**
 * oidc-provider's storage (sessions, interactions, grants, codes, tokens) in our database,
 * so sign-ins survive a restart and an administrator can revoke a person's tokens.
 */
export function databaseAdapter(db: Kysely<Database>): new (model: string) => Adapter {
  return class DatabaseAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const row = {
        payload: JSON.stringify(payload),
        grant_id: payload.grantId ?? null,
        account_id: payload.accountId ?? null,
        uid: payload.uid ?? null,
        user_code: payload.userCode ?? null,
        expires_at: expiresIn ? new Date(Date.now() + expiresIn * 1000).toISOString() : null,
      };
      await db
        .insertInto('oidc_payloads')
        .values({ id, model: this.model, ...row })
        .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
        .execute();
    }

    find(id: string) {
      return this.findBy('id', id);
    }

    findByUid(uid: string) {
      return this.findBy('uid', uid);
    }

    findByUserCode(userCode: string) {
      return this.findBy('user_code', userCode);
    }

    async consume(id: string): Promise<void> {
      const found = await this.find(id);
      if (!found) return;
      await db
        .updateTable('oidc_payloads')
        .set({ payload: JSON.stringify({ ...found, consumed: Math.floor(Date.now() / 1000) }) })
        .where('model', '=', this.model)
        .where('id', '=', id)
        .execute();
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('id', '=', id).execute();
    }

    /**
     * This model's rows of the grant only: oidc-provider calls it per token model. Across all
     * models it also deleted the Interaction rows that name the grant, such as another person's
     * sign-in pending in the same browser ("interaction session not found").
     */
    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('grant_id', '=', grantId).execute();
    }

    private async findBy(column: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
      const row = await db
        .selectFrom('oidc_payloads')
        .select(['payload', 'expires_at'])
        .where('model', '=', this.model)
        .where(column, '=', value)
        .executeTakeFirst();
      if (!row) return undefined;
      if (row.expires_at && row.expires_at < new Date().toISOString()) return undefined;
      return JSON.parse(row.payload) as AdapterPayload;
    }
  };
}

/** Ends every sign-in of a person: their grants, sessions, and the tokens issued under them. */
export async function revokeAccount(db: Kysely<Database>, accountId: string): Promise<number> {
  const grants = await db
    .selectFrom('oidc_payloads')
    .select('id')
    .where('model', '=', 'Grant')
    .where('account_id', '=', accountId)
    .execute();
  let removed = 0;
  for (const grant of grants)
    removed += Number(
      (await db.deleteFrom('oidc_payloads').where('grant_id', '=', grant.id).executeTakeFirst()).numDeletedRows,
    );
  removed += Number(
    (await db.deleteFrom('oidc_payloads').where('account_id', '=', accountId).executeTakeFirst()).numDeletedRows,
  );
  return removed;
}

/** Deletes provider rows (interactions, sessions, codes, tokens) whose time ran out; how many. */
export async function sweepExpiredPayloads(db: Kysely<Database>, now = Date.now()): Promise<number> {
  const result = await db
    .deleteFrom('oidc_payloads')
    .where('expires_at', 'is not', null)
    .where('expires_at', '<', new Date(now).toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
