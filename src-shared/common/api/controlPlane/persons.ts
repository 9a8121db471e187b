import { z } from 'zod';
import { idSchema, nameSchema, okSchema, passwordSchema, roleSchema, usernameSchema } from './basics';
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

export const newPersonSchema = z.object({
  username: usernameSchema,
  displayName: nameSchema,
  password: passwordSchema,
  roles: z.array(roleSchema).max(3).default([]),
});
/** Employee fields (seed 004): rule groups match on them. Null or '' clears one. */
const employeeText = z.string().trim().max(200).nullable().optional();
const employeeFieldsPatch = {
  department: employeeText,
  location: employeeText,
  costCenter: employeeText,
  manager: employeeText,
};
export const personPatchSchema = z.object({
  disabled: z.boolean().optional(),
  roles: z.array(roleSchema).max(3).optional(),
  displayName: nameSchema.optional(),
  ...employeeFieldsPatch,
});

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
    summary: 'List persons',
    params: noParams,
    body: null,
    response: z.object({ persons: z.array(personSchema) }),
    roles: admin,
    errors: [],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/admin/persons',
    summary: 'Create a local account',
    params: noParams,
    body: newPersonSchema,
    response: idSchema,
    status: 201,
    roles: admin,
    errors: ['CONFLICT', 'BAD_REQUEST'],
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/admin/persons/:id',
    summary: 'Disable, enable, rename or change the roles of a person',
    params: idParams,
    body: personPatchSchema,
    response: okSchema,
    roles: admin,
    errors: ['NOT_FOUND'],
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
};
