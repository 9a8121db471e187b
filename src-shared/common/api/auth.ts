import { z } from 'zod';
import { connectTargetSchema, termsSchema } from './gateway';
import { meSchema, resourcesSchema } from './iam';
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
   */
  signIn: { params: z.object({}).strict(), result: z.object({ authorizationUrl: z.url(), opened: z.boolean() }) },
  /** Ends the sign-in here and on the server (best effort). Never fails. */
  signOut: { params: z.object({}).strict(), result: authStateSchema },
  /** Creates the built-in control plane's first administrator (embedded mode, first run only). */
  setUp: { params: embeddedSetupSchema, result: authStateSchema },
} satisfies ServiceContract;

export const resourcesContract = {
  /** My Resources from the control plane. Fails with NOT_SIGNED_IN, SIGN_IN_REVOKED or SERVER_UNREACHABLE. */
  list: { params: z.object({}).strict(), result: resourcesSchema },
  /** The terms page of a Connect. Fails with RESOURCE_NOT_ALLOWED, NO_SHARED_CREDENTIAL, CONNECT_NEEDS_CHOICE, RDP_PROXY_DISABLED. */
  terms: { params: connectTargetSchema, result: termsSchema },
  /** Declines the terms: nothing starts, the refusal is audited. */
  decline: { params: connectTargetSchema, result: z.object({}) },
} satisfies ServiceContract;
