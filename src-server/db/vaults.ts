import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  sealedItemsSchema,
  vaultHeaderSchema,
  type SealedItem,
  type ServerVault,
  type VaultHeader,
} from '@shared/common/api/controlPlane/vault';
import type { Database } from './schema';

/** Wrong proofs in a row before the server starts refusing tries for a while. */
export const vaultFreeFailures = 5;
const maxLockoutSeconds = 24 * 3600;

export type ProofCheck =
  | { ok: true; vault: ServerVault }
  | { ok: false; reason: 'none' }
  | { ok: false; reason: 'wrong' | 'limited'; retryAfterSeconds: number };

/**
 * Each person's encrypted vault. The server keeps ciphertext it cannot open and only
 * HMAC-SHA256(pepper, authKey) of the unlock proof, compared in constant time. Wrong
 * proofs are counted per person; past `vaultFreeFailures` each one locks tries out for
 * `lockoutSeconds`, doubling, kept in the database so a restart does not reset it.
 */
export class VaultRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly pepper: Buffer,
    private readonly lockoutSeconds: number,
  ) {}

  private proofHash(authKey: string): string {
    return crypto.createHmac('sha256', this.pepper).update(Buffer.from(authKey, 'base64url')).digest('hex');
  }

  private static toVault(row: { revision: number; header: string; items: string; updated_at: string }): ServerVault {
    return {
      revision: Number(row.revision),
      header: vaultHeaderSchema.parse(JSON.parse(row.header)),
      items: sealedItemsSchema.parse(JSON.parse(row.items)),
      updatedAt: row.updated_at,
    };
  }

  async params(personId: string): Promise<{ header: VaultHeader; revision: number } | null> {
    const row = await this.db
      .selectFrom('vaults')
      .select(['header', 'revision'])
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return row ? { header: vaultHeaderSchema.parse(JSON.parse(row.header)), revision: Number(row.revision) } : null;
  }

  /** Creates the vault; false when the person has one already. */
  async create(
    personId: string,
    header: VaultHeader,
    items: SealedItem[],
    authKey: string,
  ): Promise<ServerVault | null> {
    const updatedAt = new Date().toISOString();
    const row = {
      person_id: personId,
      revision: 1,
      header: JSON.stringify(header),
      items: JSON.stringify(items),
      auth_hash: this.proofHash(authKey),
      updated_at: updatedAt,
    };
    const inserted = await this.db
      .insertInto('vaults')
      .values(row)
      .onConflict((oc) => oc.column('person_id').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 ? VaultRepository.toVault(row) : null;
  }

  /** Checks an unlock proof, counting failures and refusing tries while locked out. */
  async check(personId: string, authKey: string, now = Date.now()): Promise<ProofCheck> {
    const row = await this.db.selectFrom('vaults').selectAll().where('person_id', '=', personId).executeTakeFirst();
    if (!row) return { ok: false, reason: 'none' };
    const lockedUntil = row.locked_until ? Date.parse(row.locked_until) : 0;
    if (lockedUntil > now)
      return { ok: false, reason: 'limited', retryAfterSeconds: Math.ceil((lockedUntil - now) / 1000) };
    const expected = Buffer.from(row.auth_hash, 'hex');
    const given = Buffer.from(this.proofHash(authKey), 'hex');
    if (expected.length === given.length && crypto.timingSafeEqual(expected, given)) {
      if (Number(row.failures) !== 0)
        await this.db
          .updateTable('vaults')
          .set({ failures: 0, locked_until: null })
          .where('person_id', '=', personId)
          .execute();
      return { ok: true, vault: VaultRepository.toVault(row) };
    }
    const failures = Number(row.failures) + 1;
    const over = failures - vaultFreeFailures;
    const lockout = over >= 0 ? Math.min(maxLockoutSeconds, this.lockoutSeconds * 2 ** Math.min(over, 20)) : 0;
    await this.db
      .updateTable('vaults')
      .set({ failures, locked_until: lockout > 0 ? new Date(now + lockout * 1000).toISOString() : null })
      .where('person_id', '=', personId)
      .execute();
    return lockout > 0
      ? { ok: false, reason: 'limited', retryAfterSeconds: lockout }
      : { ok: false, reason: 'wrong', retryAfterSeconds: 0 };
  }

  /**
   * Replaces the items (and, for a password change, the header and proof) if the vault is
   * still at `baseRevision`, in one statement. Null when another write came first.
   */
  async write(
    personId: string,
    baseRevision: number,
    items: SealedItem[],
    change?: { header: VaultHeader; newAuthKey: string },
  ): Promise<ServerVault | null> {
    const updatedAt = new Date().toISOString();
    const set = {
      revision: baseRevision + 1,
      items: JSON.stringify(items),
      updated_at: updatedAt,
      ...(change ? { header: JSON.stringify(change.header), auth_hash: this.proofHash(change.newAuthKey) } : {}),
    };
    const result = await this.db
      .updateTable('vaults')
      .set(set)
      .where('person_id', '=', personId)
      .where('revision', '=', baseRevision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return null;
    const row = await this.db
      .selectFrom('vaults')
      .selectAll()
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    return VaultRepository.toVault(row);
  }
}
