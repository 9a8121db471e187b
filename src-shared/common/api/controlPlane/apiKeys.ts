import { z } from 'zod';
import { okSchema, roleSchema } from './basics';
import { defineRoute, idParams, noParams } from './route';

/** A key's name: what it is for (e.g. `ci`), unique among keys. */
export const apiKeyNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'may hold letters, digits and . _ - only');

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The service account the key acts as. */
  personId: z.uuid(),
  username: z.string(),
  /** The roles the key carries: some of its account's (the account's current roles still bound it). */
  roles: z.array(roleSchema),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** A service account, as the key form offers it. */
export const serviceAccountSchema = z.object({ id: z.uuid(), username: z.string(), roles: z.array(roleSchema) });

export const newApiKeySchema = z.object({
  personId: z.uuid('choose a service account'),
  name: apiKeyNameSchema,
  roles: z.array(roleSchema).min(1, 'choose at least one role').max(3),
  /** When the key stops working (ISO 8601); must be in the future. */
  expiresAt: z.iso.datetime({ offset: true, message: 'must be a date and time' }),
});

/** The new key: shown this once, stored only as a hash. */
export const createdApiKeySchema = z.object({ id: z.uuid(), key: z.string(), expiresAt: z.string() });

const admin: ['administrator'] = ['administrator'];

/** API keys for automation: service accounts' bearer keys, for administration and audit routes only. */
export const apiKeysApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/admin/api-keys',
    summary: 'List API keys (never their secrets) and the service accounts they may act as',
    params: noParams,
    body: null,
    response: z.object({ keys: z.array(apiKeySchema), serviceAccounts: z.array(serviceAccountSchema) }),
    roles: admin,
    errors: [],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/admin/api-keys',
    summary: 'Create an API key for a service account; the answer holds the key, shown once',
    params: noParams,
    body: newApiKeySchema,
    response: createdApiKeySchema,
    status: 201,
    roles: admin,
    errors: ['BAD_REQUEST', 'CONFLICT'],
  }),
  revoke: defineRoute({
    method: 'DELETE',
    path: '/api/admin/api-keys/:id',
    summary: 'Revoke an API key: it stops working at once',
    params: idParams,
    body: null,
    response: okSchema,
    roles: admin,
    errors: ['NOT_FOUND'],
  }),
};
