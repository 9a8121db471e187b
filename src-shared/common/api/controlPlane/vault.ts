import { z } from 'zod';
import { defineRoute, noParams } from './route';

/**
 * The vault as it travels between a device and the control plane: encrypted on the device,
 * kept by the server with a revision. The renderer never sees any of it (its contract is
 * api/vault.ts).
 */

/** Bytes as unpadded base64url text, between `min` and `max` characters. */
const base64url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

/** How the master key is stretched from the master password (stored in the vault header). */
export const kdfParamsSchema = z
  .object({
    algorithm: z.literal('argon2id'),
    /** Memory in KiB (256 MiB = 262144 by default). */
    memoryKiB: z
      .number()
      .int()
      .min(1024)
      .max(4 * 1024 * 1024),
    iterations: z.number().int().min(1).max(64),
    parallelism: z.number().int().min(1).max(16),
    /** 16–64 random bytes. */
    salt: base64url(22, 86),
  })
  .strict();
export type KdfParams = z.infer<typeof kdfParamsSchema>;

/** AES-256-GCM output: a 12-byte nonce and the ciphertext with its 16-byte tag. */
export const sealedSchema = z.object({ nonce: base64url(16, 16), ciphertext: base64url(22, 24_000) }).strict();
export type Sealed = z.infer<typeof sealedSchema>;

/** The vault's public part: which KDF, and the random vault key wrapped under the password's encryption key. */
export const vaultHeaderSchema = z
  .object({
    format: z.literal(1),
    vaultId: z.uuid(),
    kdf: kdfParamsSchema,
    wrappedKey: sealedSchema,
  })
  .strict();
export type VaultHeader = z.infer<typeof vaultHeaderSchema>;

/** One personal credential, encrypted on the device; the server sees only its id and size. */
export const sealedItemSchema = sealedSchema.extend({ id: z.uuid() }).strict();
export type SealedItem = z.infer<typeof sealedItemSchema>;
export const sealedItemsSchema = z.array(sealedItemSchema).max(500, 'a vault holds at most 500 credentials');

/** The proof of the master password: HKDF(masterKey, "auth"), 32 bytes. Never the password or a key that decrypts. */
export const authKeySchema = base64url(43, 43);

/** The encrypted vault as the server keeps it, with the revision each write increases. */
export const serverVaultSchema = z.object({
  revision: z.number().int().min(1),
  header: vaultHeaderSchema,
  items: sealedItemsSchema,
  updatedAt: z.string(),
});
export type ServerVault = z.infer<typeof serverVaultSchema>;

/** What a device needs to derive the keys (no proof needed, nothing secret). */
export const vaultParamsSchema = z.discriminatedUnion('exists', [
  z.object({ exists: z.literal(false) }),
  z.object({ exists: z.literal(true), kdf: kdfParamsSchema, revision: z.number().int() }),
]);

export const createVaultBodySchema = z
  .object({ header: vaultHeaderSchema, items: sealedItemsSchema, authKey: authKeySchema })
  .strict();
export const unlockVaultBodySchema = z.object({ authKey: authKeySchema }).strict();
/** A write: the proof, the revision it builds on, and the whole item list; a new header and proof change the password. */
export const putVaultBodySchema = z
  .object({
    authKey: authKeySchema,
    baseRevision: z.number().int().min(1),
    items: sealedItemsSchema,
    header: vaultHeaderSchema.optional(),
    newAuthKey: authKeySchema.optional(),
  })
  .strict()
  .refine((b) => (b.header === undefined) === (b.newAuthKey === undefined), {
    message: 'header and newAuthKey come together',
    path: ['newAuthKey'],
  });

/** A whole vault fits (500 credentials of up to 16,000 characters each); nothing larger is read. */
export const vaultBodyLimit = 16 * 1024 * 1024;

/** The unlock proof is checked before the vault is handed out or written. */
const proofErrors = ['VAULT_NOT_CREATED', 'VAULT_UNLOCK_LIMITED', 'INVALID_MASTER_PASSWORD'] as const;

/** The personal vault: its key-derivation parameters, create, unlock and write. */
export const vaultApi = {
  params: defineRoute({
    method: 'GET',
    path: '/api/vault/params',
    summary: 'Whether the person has a vault, and its key-derivation parameters',
    params: noParams,
    body: null,
    response: vaultParamsSchema,
    roles: 'signed-in',
    errors: [],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/vault',
    summary: 'Create the vault (encrypted on the device)',
    params: noParams,
    body: createVaultBodySchema,
    response: serverVaultSchema,
    status: 201,
    maxBodyBytes: vaultBodyLimit,
    roles: 'signed-in',
    errors: ['VAULT_EXISTS'],
  }),
  unlock: defineRoute({
    method: 'POST',
    path: '/api/vault/unlock',
    summary: 'Check the unlock proof and return the encrypted vault',
    params: noParams,
    body: unlockVaultBodySchema,
    response: serverVaultSchema,
    roles: 'signed-in',
    errors: [...proofErrors],
  }),
  write: defineRoute({
    method: 'PUT',
    path: '/api/vault',
    summary: 'Write the encrypted vault if it is still at baseRevision (a new header changes the master password)',
    params: noParams,
    body: putVaultBodySchema,
    response: serverVaultSchema,
    maxBodyBytes: vaultBodyLimit,
    roles: 'signed-in',
    errors: [...proofErrors, 'BAD_REQUEST', 'VAULT_CONFLICT'],
  }),
};
