import { z } from 'zod';
import { idSchema, nameSchema, okSchema, passwordSchema, roleSchema, usernameSchema } from './basics';
import {
  newPersonSchema,
  personDetailSchema,
  personListQuerySchema,
  personListSchema,
  personPatchSchema,
} from './personFields';
import { defineRoute, idParams, noParams } from './route';

export const personSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  disabled: z.boolean(),
});
export type Person = z.infer<typeof personSchema>;

/** Who the bearer of the token is. */
export const meSchema = personSchema.omit({ disabled: true });
export type Me = z.infer<typeof meSchema>;

/** POST /setup (form or JSON): the first administrator, with the one-time setup code. */
export const setupSchema = z.object({
  code: z.string().trim().min(1, 'is required').max(64),
  username: usernameSchema,
  displayName: nameSchema,
  password: passwordSchema,
});

/** A one-time code, answered once when made: the person types it with a new password at first sign-in. */
export const oneTimeCodeSchema = z.object({ code: z.string(), expiresAt: z.string() });
export type OneTimeCode = z.infer<typeof oneTimeCodeSchema>;

/** POST /api/sign-in/one-time-code (public; the login page's form too): set a password with a one-time code. */
export const redeemOneTimeCodeSchema = z.object({
  username: usernameSchema,
  code: z.string().trim().min(1, 'is required').max(64),
  newPassword: passwordSchema,
  /** The new password again; a different one is refused (NEW_PASSWORDS_DIFFER). */
  repeatPassword: z.string().max(1024),
});
export type RedeemOneTimeCode = z.infer<typeof redeemOneTimeCodeSchema>;

const admin: ['administrator'] = ['administrator'];

/** Persons and groups: who is signed in, and the administrator's accounts. */
export const personsApi = {
  me: defineRoute({
    method: 'GET',
    path: '/api/me',
    summary: 'The signed-in person',
    params: noParams,
    body: null,
    response: meSchema,
    roles: 'signed-in',
    errors: ['TOKEN_INVALID'],
  }),
  list: defineRoute({
    method: 'GET',
    path: '/api/admin/persons',
    summary: 'List people, 50 a page: search by name, username or email; filter by role, source and disabled',
    params: noParams,
    body: null,
    query: personListQuerySchema,
    response: personListSchema,
    roles: admin,
    errors: [],
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/admin/persons/:id',
    summary: 'A person page: fields, groups, the policies and computers that reach them, last sign-in, open sessions',
    params: idParams,
    body: null,
    response: personDetailSchema,
    roles: admin,
    errors: ['NOT_FOUND'],
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/admin/persons/:id',
    summary: 'Delete a person: gone from lists, never signs in again; audit entries, sessions and recordings stay',
    params: idParams,
    body: null,
    response: okSchema,
    roles: admin,
    errors: ['NOT_FOUND', 'BAD_REQUEST'],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/admin/persons',
    summary:
      'Create a local account: with an initial password, or a one-time code (answered once) to set it at first sign-in',
    params: noParams,
    body: newPersonSchema,
    response: idSchema.extend({ oneTimeCode: oneTimeCodeSchema.optional() }),
    status: 201,
    roles: admin,
    errors: ['CONFLICT', 'USERNAME_OF_DELETED', 'BAD_REQUEST'],
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/admin/persons/:id',
    summary: 'Edit a person (the fields their directory does not own), disable or enable them; carries the revision',
    params: idParams,
    body: personPatchSchema,
    response: z.object({ revision: z.number().int() }),
    roles: admin,
    errors: ['NOT_FOUND', 'STALE_REVISION', 'BAD_REQUEST'],
  }),
  revokeSignIns: defineRoute({
    method: 'POST',
    path: '/api/admin/persons/:id/revoke',
    summary: 'End every sign-in of a person (their refresh and access tokens stop working)',
    params: idParams,
    body: null,
    response: z.object({ revoked: z.number().int() }),
    roles: admin,
    errors: [],
  }),
  resetMfa: defineRoute({
    method: 'DELETE',
    path: '/api/admin/persons/:id/mfa',
    summary: "Reset a person's two-step verification (lost phone); they enrol again when required",
    params: idParams,
    body: null,
    response: okSchema,
    roles: admin,
    errors: [],
  }),
  newOneTimeCode: defineRoute({
    method: 'POST',
    path: '/api/admin/persons/:id/one-time-code',
    summary: 'A new one-time code for a local person (answered once; earlier codes stop working) to set their password',
    params: idParams,
    body: null,
    response: oneTimeCodeSchema,
    roles: admin,
    errors: ['NOT_FOUND', 'BAD_REQUEST'],
  }),
  redeemOneTimeCode: defineRoute({
    method: 'POST',
    path: '/api/sign-in/one-time-code',
    summary: 'Set your password with a one-time code (wrong codes count as wrong passwords); then sign in with it',
    params: noParams,
    body: redeemOneTimeCodeSchema,
    response: okSchema,
    roles: 'public',
    errors: ['ONE_TIME_CODE_INVALID', 'NEW_PASSWORDS_DIFFER', 'TOO_MANY_ATTEMPTS'],
  }),
};
