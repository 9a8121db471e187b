import { z } from 'zod';
import { okSchema } from './basics';
import { defineRoute, idParams, noParams } from './route';

/** A backoff in force: a count of wrong guesses that must wait (backoffsApi.list). */
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

/** Clears every backoff of one account (backoffsApi.clearAccount). */
export const clearBackoffsSchema = z.object({ username: z.string().trim().min(1).max(200) }).strict();
export const clearedSchema = z.object({ cleared: z.number().int().min(0) });

const admin: ['administrator'] = ['administrator'];

/** The guessing backoffs in force, and clearing them (one, or every one of an account). */
export const backoffsApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/admin/backoffs',
    summary: 'The guessing backoffs in force (wrong passwords or MFA codes), per account and address',
    params: noParams,
    body: null,
    response: backoffListSchema,
    roles: admin,
    errors: [],
  }),
  clear: defineRoute({
    method: 'DELETE',
    path: '/api/admin/backoffs/:id',
    summary: 'Clear one backoff: its count starts again',
    params: idParams,
    body: null,
    response: okSchema,
    roles: admin,
    errors: ['NOT_FOUND'],
  }),
  clearAccount: defineRoute({
    method: 'POST',
    path: '/api/admin/backoffs/clear',
    summary:
      'Clear every backoff of an account (all addresses, passwords and MFA codes), as `npm run server -- unlock` does',
    params: noParams,
    body: clearBackoffsSchema,
    response: clearedSchema,
    roles: admin,
    errors: [],
  }),
};
