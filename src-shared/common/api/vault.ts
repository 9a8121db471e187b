import { z } from 'zod';
import type { ServiceContract } from './rpc';

/** What a personal credential is for: the computer's id and its name (kept for offline use). */
export const credentialComputerSchema = z.object({ id: z.uuid(), name: z.string().trim().min(1).max(100) }).strict();
/** What a personal credential's secret is (not where a credential comes from: that is policies' credentialKindSchema). */
export const secretKindSchema = z.enum(['password', 'private-key']);

/** A personal credential as the UI lists it: never the secret. */
export const personalCredentialSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  username: z.string(),
  kind: secretKindSchema,
  computers: z.array(credentialComputerSchema),
  updatedAt: z.string(),
});
export type PersonalCredential = z.infer<typeof personalCredentialSchema>;

/** A personal credential's plaintext, inside the encryption. */
export const credentialPlaintextSchema = personalCredentialSchema.omit({ id: true }).extend({ secret: z.string() });
export type CredentialPlaintext = z.infer<typeof credentialPlaintextSchema>;

export const credentialInputSchema = z
  .object({
    /** Absent for a new credential. */
    id: z.uuid().optional(),
    name: z.string().trim().min(1, 'is required').max(100),
    username: z.string().trim().min(1, 'is required').max(256),
    kind: secretKindSchema,
    /** The password or private key; absent when editing keeps the stored one. */
    secret: z.string().min(1, 'is required').max(16_000).optional(),
    computers: z.array(credentialComputerSchema).max(50),
  })
  .strict()
  .refine((c) => c.id !== undefined || c.secret !== undefined, { message: 'is required', path: ['secret'] });
export type CredentialInput = z.infer<typeof credentialInputSchema>;

export const masterPasswordSchema = z.string().min(1, 'is required').max(1024);
/** A new master password: long enough to resist guessing even with a strong KDF. */
export const newMasterPasswordSchema = z.string().min(12, 'must be at least 12 characters').max(1024);

/** The vault as the renderer sees it. Never a key, a password or a secret. */
export const vaultStateSchema = z.object({
  /** unavailable: nobody to unlock for (signed out and online, or no copy here); none: not created yet. */
  status: z.enum(['unavailable', 'none', 'locked', 'unlocked']),
  /** Whose vault this is. */
  owner: z.object({ username: z.string(), displayName: z.string() }).nullable(),
  /** The control plane did not answer: Unlock and reading work on the copy kept on this device. */
  offline: z.boolean(),
  /** A key kept in the OS keychain makes Unlock one click. */
  remembered: z.boolean(),
  /** Null when "Remember on this device" can be offered, else why not. */
  rememberUnavailable: z.string().nullable(),
  /** Epoch ms before which Unlock is refused after wrong passwords; null when it may be tried now. */
  retryAt: z.number().nullable(),
  /** Changes made here that the server does not have yet. */
  pendingChanges: z.number().int().min(0),
  /** Edits that met a different edit of the same credential elsewhere: both were kept. */
  conflicts: z.array(z.string()),
  /** Something to tell the user (why it locked, what was recovered); null when nothing. */
  message: z.string().nullable(),
});
export type VaultState = z.infer<typeof vaultStateSchema>;

const empty = z.object({}).strict();

export const vaultContract = {
  /** The vault's state. Never fails. */
  getState: { params: empty, result: vaultStateSchema },
  /** Creates the vault with a master password (online only). Fails with VAULT_EXISTS, SERVER_UNREACHABLE, NOT_SIGNED_IN. */
  create: {
    params: z.object({ password: newMasterPasswordSchema, remember: z.boolean() }).strict(),
    result: vaultStateSchema,
  },
  /**
   * Unlocks with the master password, or with the key kept on this device when `password` is null.
   * Offline it checks the password against the copy kept here. Fails with INVALID_MASTER_PASSWORD,
   * VAULT_RETRY_LATER, VAULT_UNLOCK_LIMITED, VAULT_TAMPERED, VAULT_NOT_CACHED.
   */
  unlock: {
    params: z.object({ password: masterPasswordSchema.nullable(), remember: z.boolean() }).strict(),
    result: vaultStateSchema,
  },
  /** Locks now: the keys leave memory. Never fails. */
  lock: { params: empty, result: vaultStateSchema },
  /** The personal credentials, without secrets. Fails with VAULT_LOCKED. */
  list: { params: empty, result: z.object({ credentials: z.array(personalCredentialSchema) }) },
  /** Adds or edits a credential; offline it is queued and pushed later. Fails with VAULT_LOCKED, VAULT_ITEM_NOT_FOUND. */
  save: { params: credentialInputSchema, result: personalCredentialSchema },
  /** Deletes a credential. Fails with VAULT_LOCKED, VAULT_ITEM_NOT_FOUND. */
  remove: { params: z.object({ id: z.uuid() }).strict(), result: z.object({}) },
  /** The secret, shown because the user asked. Fails with VAULT_LOCKED, VAULT_ITEM_NOT_FOUND. */
  reveal: { params: z.object({ id: z.uuid() }).strict(), result: z.object({ secret: z.string() }) },
  /**
   * Copies the secret: main writes the clipboard itself where it has one (`value` null), else
   * hands the value to the renderer to write. Either way it is cleared after `clearAfterSeconds`.
   */
  copy: {
    params: z.object({ id: z.uuid() }).strict(),
    result: z.object({ value: z.string().nullable(), clearAfterSeconds: z.number().int() }),
  },
  /** Changes the master password (online only): only the vault key is wrapped again. Fails with INVALID_MASTER_PASSWORD, VAULT_OFFLINE. */
  changePassword: {
    params: z.object({ current: masterPasswordSchema, next: newMasterPasswordSchema }).strict(),
    result: vaultStateSchema,
  },
  /** Stops keeping a key on this device. Never fails. */
  forget: { params: empty, result: vaultStateSchema },
  /** The user did something: the idle lock starts counting again. Never fails. */
  activity: { params: empty, result: z.object({}) },
  /** The user has read the conflict list. Never fails. */
  dismissConflicts: { params: empty, result: vaultStateSchema },
} satisfies ServiceContract;
