import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** RFC 4648 base32: upper-case letters and 2-7, nothing that reads like another character. */
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A fresh code: 16 random base32 characters (80 bits) in four groups, e.g. `K7QF-2MZD-XW4R-P9TA`. */
export function newOneTimeCode(): string {
  const bytes = crypto.randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % 32] as string).join('');
  return chars.match(/.{4}/g)?.join('-') ?? chars;
}

/**
 * A code as typed, made comparable: dashes and spaces dropped, upper case, and the digits
 * people type for look-alike letters (0 for O, 1 for I, 8 for B) read as those letters.
 */
export function normalizeOneTimeCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .replace(/0/g, 'O')
    .replace(/1/g, 'I')
    .replace(/8/g, 'B');
}

const hashOf = (code: string) => crypto.createHash('sha256').update(normalizeOneTimeCode(code)).digest('hex');

/**
 * One-time codes that let a new local person set their password at first sign-in. Only each
 * code's SHA-256 is stored (80 random bits: a fast hash is enough, guesses are throttled).
 */
export class OneTimeCodeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A new code for the person, replacing every earlier one; the code is returned here and never again. */
  async issue(personId: string, ttlSeconds: number, now = new Date()): Promise<{ code: string; expiresAt: string }> {
    const code = newOneTimeCode();
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('one_time_codes').where('person_id', '=', personId).execute();
      await tx
        .insertInto('one_time_codes')
        .values({
          person_id: personId,
          code_hash: hashOf(code),
          created_at: now.toISOString(),
          expires_at: expiresAt,
          used_at: null,
        })
        .execute();
    });
    return { code, expiresAt };
  }

  /**
   * Spends the person's code and sets their password hash, in one transaction: true when the
   * code was theirs, unexpired and unused; false (and nothing changed) otherwise.
   */
  async redeem(personId: string, code: string, passwordHash: string, now = new Date()): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const spent = await tx
        .updateTable('one_time_codes')
        .set({ used_at: now.toISOString() })
        .where('person_id', '=', personId)
        .where('code_hash', '=', hashOf(code))
        .where('used_at', 'is', null)
        .where('expires_at', '>', now.toISOString())
        .executeTakeFirst();
      if (Number(spent.numUpdatedRows) !== 1) return false;
      await tx
        .updateTable('persons')
        .set((eb) => ({ password_hash: passwordHash, revision: eb('revision', '+', 1) }))
        .where('id', '=', personId)
        .execute();
      return true;
    });
  }

  /** When the person's current code expires and whether it was used; null when they have none. */
  async current(personId: string): Promise<{ expiresAt: string; usedAt: string | null } | null> {
    const row = await this.db
      .selectFrom('one_time_codes')
      .select(['expires_at', 'used_at'])
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return row ? { expiresAt: row.expires_at, usedAt: row.used_at } : null;
  }
}
