import { z } from 'zod';

/** A backoff in force: a count of wrong guesses that must wait (GET /api/admin/backoffs). */
export const backoffSchema = z.object({
  id: z.uuid(),
  /** What was guessed: a password (local or LDAP) or an MFA code. */
  kind: z.enum(['password', 'mfa']),
  /** The username, lower-cased. */
  account: z.string(),
  /** The client address; null for the account-wide count (every address the account never signed in from). */
  address: z.string().nullable(),
  failures: z.number().int().min(0),
  /** When tries are accepted again (ISO 8601). */
  blockedUntil: z.string(),
});
export type Backoff = z.infer<typeof backoffSchema>;

export const backoffListSchema = z.object({ backoffs: z.array(backoffSchema) });

/** Clears every backoff of one account (POST /api/admin/backoffs/clear). */
export const clearBackoffsSchema = z.object({ username: z.string().trim().min(1).max(200) }).strict();
export const clearedSchema = z.object({ cleared: z.number().int().min(0) });
