import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { verifyTotp } from '../secrets/totp';
import type { ServerKey } from '../secrets/serverKey';
import type { Database } from './schema';

const purpose = 'mfa-totp';
const recoveryAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

export type MfaCheck = 'ok' | 'wrong' | 'replayed';

const hashCode = (code: string) =>
  crypto
    .createHash('sha256')
    .update(code.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .digest('hex');

function recoveryCode(): string {
  const chars = [...crypto.randomBytes(10)].map((b) => recoveryAlphabet[b % recoveryAlphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** TOTP enrolments (secret sealed with the server key) and single-use recovery codes (hashed). */
export class MfaRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly key: ServerKey,
  ) {}

  async isEnrolled(personId: string): Promise<boolean> {
    return (
      (await this.db
        .selectFrom('mfa_totp')
        .select('person_id')
        .where('person_id', '=', personId)
        .executeTakeFirst()) !== undefined
    );
  }

  /** Keeps a confirmed secret (the step of the confirming code counts as used); returns 10 recovery codes, shown once. */
  async enrol(personId: string, secret: string, confirmedStep: number): Promise<string[]> {
    const codes = Array.from({ length: 10 }, recoveryCode);
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('mfa_totp').where('person_id', '=', personId).execute();
      await tx.deleteFrom('mfa_recovery_codes').where('person_id', '=', personId).execute();
      await tx
        .insertInto('mfa_totp')
        .values({
          person_id: personId,
          secret_sealed: this.key.seal(`${purpose}:${personId}`, secret),
          enrolled_at: new Date().toISOString(),
          last_used_step: confirmedStep,
        })
        .execute();
      for (const code of codes)
        await tx
          .insertInto('mfa_recovery_codes')
          .values({ person_id: personId, code_hash: hashCode(code), used_at: null })
          .execute();
    });
    return codes;
  }

  /**
   * Checks a TOTP code (±`window` steps) or a recovery code. A TOTP step is used once: the
   * update only succeeds past the last used step, so two racing requests cannot both pass.
   */
  async verify(personId: string, code: string, now: number, window: number): Promise<MfaCheck> {
    const row = await this.db.selectFrom('mfa_totp').selectAll().where('person_id', '=', personId).executeTakeFirst();
    if (!row) return 'wrong';
    const trimmed = code.trim();
    if (/^\d{6}$/.test(trimmed)) {
      const secret = this.key.open(`${purpose}:${personId}`, row.secret_sealed);
      const lastUsed = row.last_used_step === null ? null : Number(row.last_used_step);
      const step = verifyTotp(secret, trimmed, { now, window, lastUsedStep: lastUsed });
      if (step === null)
        return verifyTotp(secret, trimmed, { now, window, lastUsedStep: null }) !== null ? 'replayed' : 'wrong';
      const updated = await this.db
        .updateTable('mfa_totp')
        .set({ last_used_step: step })
        .where('person_id', '=', personId)
        .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1 ? 'ok' : 'replayed';
    }
    const used = await this.db
      .updateTable('mfa_recovery_codes')
      .set({ used_at: new Date().toISOString() })
      .where('person_id', '=', personId)
      .where('code_hash', '=', hashCode(trimmed))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) === 1) return 'ok';
    const spent = await this.db
      .selectFrom('mfa_recovery_codes')
      .select('used_at')
      .where('person_id', '=', personId)
      .where('code_hash', '=', hashCode(trimmed))
      .executeTakeFirst();
    return spent ? 'replayed' : 'wrong';
  }

  async remainingRecoveryCodes(personId: string): Promise<number> {
    const rows = await this.db
      .selectFrom('mfa_recovery_codes')
      .select('code_hash')
      .where('person_id', '=', personId)
      .where('used_at', 'is', null)
      .execute();
    return rows.length;
  }

  /** Removes a person's enrolment (an administrator's reset); they enrol again at the next sign-in if required. */
  async reset(personId: string): Promise<void> {
    await this.db.deleteFrom('mfa_totp').where('person_id', '=', personId).execute();
    await this.db.deleteFrom('mfa_recovery_codes').where('person_id', '=', personId).execute();
  }
}
