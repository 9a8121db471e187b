import type { Kysely } from 'kysely';
import type { Database } from './schema';

/**
 * The gateway tickets already used, by jti. A ticket is redeemed once: the first call
 * writes its jti and wins; any later one (a replay, even after a restart) loses. Rows of
 * tickets past their expiry are dropped, since an expired ticket is refused anyway.
 */
export class TicketLedger {
  constructor(private readonly db: Kysely<Database>) {}

  /** True when this is the ticket's first use. */
  async redeem(jti: string, expSeconds: number, nowSeconds = Math.floor(Date.now() / 1000)): Promise<boolean> {
    await this.db.deleteFrom('used_tickets').where('expires_at', '<', nowSeconds).execute();
    const result = await this.db
      .insertInto('used_tickets')
      .values({ jti, used_at: new Date(nowSeconds * 1000).toISOString(), expires_at: expSeconds })
      .onConflict((oc) => oc.column('jti').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }
}
