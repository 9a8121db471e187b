import { z } from 'zod';
import { okSchema } from './basics';
import { defineRoute, idParams, noParams } from './route';

/** A shared credential is a password, or a private key with an optional passphrase. */
export const sharedSecretKindSchema = z.enum(['password', 'key']);
export type CredentialKindOfShared = z.infer<typeof sharedSecretKindSchema>;

const secretSchema = z.string().min(1, 'is required').max(16_384, 'must be at most 16384 characters');
const passphraseSchema = z.string().max(1024, 'must be at most 1024 characters').optional();

/** A secret fits its kind: a key is a PEM or OpenSSH private key; only a key has a passphrase. */
function checkSecret(
  c: { kind: CredentialKindOfShared; secret: string; passphrase?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (c.kind === 'key' && c.secret && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(c.secret))
    ctx.addIssue({
      code: 'custom',
      path: ['secret'],
      message: 'must be a private key (-----BEGIN … PRIVATE KEY-----)',
    });
  if (c.kind === 'password' && c.passphrase)
    ctx.addIssue({ code: 'custom', path: ['passphrase'], message: 'is for a private key only' });
}

/** A shared credential; the secret goes in and never comes out. */
export const newSharedCredentialSchema = z
  .object({
    computerId: z.uuid(),
    username: z.string().trim().min(1, 'is required').max(256, 'must be at most 256 characters'),
    kind: sharedSecretKindSchema.default('password'),
    secret: secretSchema,
    passphrase: passphraseSchema,
  })
  .superRefine(checkSecret);
export type NewSharedCredential = z.input<typeof newSharedCredentialSchema>;

/** A rotation: the revision the page read, and the new secret (of the credential's kind). */
export const rotateCredentialSchema = z.object({
  revision: z.number().int().min(1),
  secret: secretSchema,
  passphrase: passphraseSchema,
});

/** One secret a credential had, when it was set, and how many sessions logged in with it. */
export const credentialVersionSchema = z.object({
  version: z.number().int(),
  created: z.string(),
  sessions: z.number().int(),
});

/** A shared credential as the administration lists it: never its secret. */
export const sharedCredentialSchema = z.object({
  id: z.uuid(),
  computerId: z.uuid(),
  username: z.string(),
  kind: sharedSecretKindSchema,
  revision: z.number().int(),
  currentVersion: z.number().int(),
  created: z.string(),
  /** When the current version was set by a rotation (null: never rotated). */
  lastRotated: z.string().nullable(),
  versions: z.array(credentialVersionSchema),
});
export type SharedCredential = z.infer<typeof sharedCredentialSchema>;

const admin: ['administrator'] = ['administrator'];

/** Shared credentials of computers: list, add, rotate, delete. The secret is write-only. */
export const credentialsApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/admin/credentials',
    summary:
      "List shared credentials (a computer's with ?computerId=), with versions and sessions per version; never a secret",
    params: noParams,
    query: z.object({ computerId: z.uuid().optional() }),
    body: null,
    response: z.object({ credentials: z.array(sharedCredentialSchema) }),
    roles: admin,
    errors: ['BAD_REQUEST'],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/admin/credentials',
    summary: 'Store a shared credential for a computer (the secret is never returned)',
    params: noParams,
    body: newSharedCredentialSchema,
    response: sharedCredentialSchema,
    status: 201,
    roles: admin,
    errors: ['BAD_REQUEST'],
  }),
  rotate: defineRoute({
    method: 'POST',
    path: '/api/admin/credentials/:id/versions',
    summary:
      'Rotate a shared credential: a new secret becomes its current version, which the gateway uses from now on (409 STALE_REVISION when the revision is stale)',
    params: idParams,
    body: rotateCredentialSchema,
    response: sharedCredentialSchema,
    status: 201,
    roles: admin,
    errors: ['NOT_FOUND', 'STALE_REVISION', 'BAD_REQUEST'],
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/admin/credentials/:id',
    summary: 'Delete a shared credential and all its versions; Connect then needs another credential',
    params: idParams,
    body: null,
    response: okSchema,
    roles: admin,
    errors: ['NOT_FOUND'],
  }),
};
