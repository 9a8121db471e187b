import { z } from 'zod';
import { advancedChoicesSchema, connectTargetSchema, termsSchema } from './gateway';
import { meSchema } from './controlPlane/persons';
import { resourcesSchema } from './controlPlane/resources';
import type { ServiceContract } from './rpc';

/** The sign-in as the renderer sees it. Tokens never leave main; this holds none. */
export const authStateSchema = z.object({
  status: z.enum(['signed-out', 'signing-in', 'signed-in']),
  /** Who is signed in. */
  person: meSchema.nullable(),
  /** Why the last sign-in ended or failed, in words for the user; null when there is nothing to say. */
  message: z.string().nullable(),
  /** The built-in control plane has no administrator yet: the first one is created in the app. */
  needsSetup: z.boolean(),
});
export type AuthState = z.infer<typeof authStateSchema>;

export const embeddedSetupSchema = z.object({
  username: z.string().trim().min(1, 'is required').max(64),
  displayName: z.string().trim().min(1, 'is required').max(200),
  password: z.string().min(12, 'must be at least 12 characters').max(1024),
});

export const authContract = {
  /** The current sign-in state. Never fails. */
  getState: { params: z.object({}).strict(), result: authStateSchema },
  /**
   * Starts an OIDC sign-in (authorization code + PKCE, loopback redirect). Returns the
   * address of the sign-in page; `opened` is true when main opened it in the system browser,
   * else the renderer opens it. Completion arrives as `auth.changed`. Fails with NO_BACKEND
   * in direct mode and SERVER_UNREACHABLE when the control plane does not answer.
   * `loginHint` fills in the login page's username (OIDC `login_hint`), as after the first setup.
   */
  signIn: {
    params: z.object({ loginHint: z.string().trim().min(1).max(64).optional() }).strict(),
    result: z.object({ authorizationUrl: z.url(), opened: z.boolean() }),
  },
  /** Ends the sign-in here and on the server (best effort). Never fails. */
  signOut: { params: z.object({}).strict(), result: authStateSchema },
  /** Creates the built-in control plane's first administrator (embedded mode, first run only). */
  setUp: { params: embeddedSetupSchema, result: authStateSchema },
} satisfies ServiceContract;

/** Advanced Mode's choices as the UI sends them: a personal credential is named by its vault id, never sent. */
export const advancedUiChoicesSchema = advancedChoicesSchema
  .extend({ personalCredentialId: z.uuid().nullable() })
  .strict();
export type AdvancedUiChoices = z.infer<typeof advancedUiChoicesSchema>;

/** A start link, checked: what the connect flow starts with (seed 000's parameters). */
export const startLinkSchema = z.object({
  policyId: z.uuid(),
  computerId: z.uuid(),
  advanced: z.boolean(),
  credentialKind: z.enum(['shared', 'personal', 'jit']).nullable(),
  credentialId: z.uuid().nullable(),
  accessLevelId: z.uuid().nullable(),
});
export type StartLinkView = z.infer<typeof startLinkSchema>;

export const linksContract = {
  /**
   * Checks a start link (`openpsm://start?…` or the browser host's `/start?…`) against the
   * signed-in person. Fails with INVALID_PARAMETER naming the missing or malformed parameter,
   * LINK_FOR_ANOTHER_PERSON, or NOT_SIGNED_IN.
   */
  open: { params: z.object({ url: z.string().max(8192) }).strict(), result: startLinkSchema },
  /** The start link the OS handed the desktop app before the window could take it, once; null when none. */
  pending: { params: z.object({}).strict(), result: z.object({ url: z.string().nullable() }) },
} satisfies ServiceContract;

export const resourcesContract = {
  /** My Resources from the control plane. Fails with NOT_SIGNED_IN, SIGN_IN_REVOKED or SERVER_UNREACHABLE. */
  list: { params: z.object({}).strict(), result: resourcesSchema },
  /**
   * The terms page of a Connect, or of an Advanced Mode start (`advanced`): the server checks
   * every choice and spends the MFA code; main checks the personal credential is in the vault.
   * Fails with a connect refusal (connectRefusals.ts), e.g. NO_SHARED_CREDENTIAL,
   * NO_PERSONAL_CREDENTIAL, JIT_NOT_ENABLED, ACCESS_LEVEL_NOT_APPROVED, MFA_INVALID, or VAULT_LOCKED.
   */
  terms: {
    params: connectTargetSchema.extend({ advanced: advancedUiChoicesSchema.optional() }).strict(),
    result: termsSchema,
  },
  /** Declines the terms: nothing starts, the refusal is audited. */
  decline: { params: connectTargetSchema, result: z.object({}) },
} satisfies ServiceContract;
