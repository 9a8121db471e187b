import { z } from 'zod';
import { errorCodeSchema } from './rpc';
import { hostSchema, portSchema, protocolSchema } from './settings';

/**
 * The control plane's HTTP API (the IAM Shop API): request and response bodies. The server
 * validates both with these schemas and builds /openapi.json from them; main's IAM client
 * parses every response with them.
 */

export const roleSchema = z.enum(['administrator', 'access_manager', 'auditor']);
export type Role = z.infer<typeof roleSchema>;

export const credentialKindSchema = z.enum(['shared', 'personal', 'jit']);
export type CredentialKind = z.infer<typeof credentialKindSchema>;

const nameSchema = z.string().trim().min(1, 'is required').max(200);
const usernameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'may hold letters, digits and . _ @ - only');
const passwordSchema = z.string().min(12, 'must be at least 12 characters').max(1024);

export const personSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  disabled: z.boolean(),
});
export type Person = z.infer<typeof personSchema>;

/** GET /api/me: who the bearer of the token is. */
export const meSchema = personSchema.omit({ disabled: true });
export type Me = z.infer<typeof meSchema>;

/** One computer in My Resources. */
export const resourceSchema = z.object({
  computerId: z.uuid(),
  name: z.string(),
  protocol: protocolSchema,
  host: z.string(),
  port: z.number().int(),
  /** Why no session can be started from this row, when none can (e.g. RDP_PROXY_DISABLED). */
  blockedReason: z.enum(['RDP_PROXY_DISABLED']).nullable(),
  /** Why a one-click Connect cannot start here (Advanced Mode may still), or null when it can. */
  connectProblem: z.enum(['RDP_PROXY_DISABLED', 'CONNECT_NEEDS_CHOICE', 'NO_SHARED_CREDENTIAL', 'ACCESS_LEVEL_REQUIRED', 'ACCESS_LEVEL_NOT_ASSIGNED']).nullable(),
  /** Advanced Mode may offer a temporary (JIT) account here. */
  jitEnabled: z.boolean(),
});

/** The policy's authorization hook (seed 002): what it asks before a session, and how an answer must look. */
export const authorizationHookSchema = z
  .object({
    asks: z.enum(['ticket-id', 'justification']),
    /** The question shown in Advanced Mode. */
    prompt: z.string().trim().min(1, 'is required').max(200),
    /** A regular expression a ticket id must match (whole answer), or null for any non-empty answer. */
    pattern: z
      .string()
      .max(200)
      .refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'must be a valid regular expression')
      .nullable(),
  })
  .strict();
export type AuthorizationHook = z.infer<typeof authorizationHookSchema>;

/** An access level as Advanced Mode offers it: only the levels the person's groups carry. */
export const offeredLevelSchema = z.object({ id: z.uuid(), name: z.string(), preApproval: z.boolean(), approved: z.boolean() });
export type OfferedLevel = z.infer<typeof offeredLevelSchema>;

/** GET /api/resources: the computers the person may reach, grouped by access request policy. */
export const resourceGroupSchema = z.object({
  policyId: z.uuid(),
  policyName: z.string(),
  credentialKinds: z.array(credentialKindSchema),
  mfaRequired: z.boolean(),
  /** The access levels the person's groups carry under this policy (a policy may have others). */
  accessLevels: z.array(offeredLevelSchema),
  /** Whether the policy has access levels at all: then a session runs under one. */
  hasAccessLevels: z.boolean(),
  /** What the policy's authorization hook asks (its pattern stays on the server). */
  authorization: authorizationHookSchema.omit({ pattern: true }).nullable(),
  computers: z.array(resourceSchema),
});
export const resourcesSchema = z.object({
  groups: z.array(resourceGroupSchema),
  /** Whether the person has an authenticator enrolled (policies with MFA need one). */
  mfaEnrolled: z.boolean(),
});
export type ResourceGroup = z.infer<typeof resourceGroupSchema>;
export type Resources = z.infer<typeof resourcesSchema>;

export const idSchema = z.object({ id: z.uuid() });
export const okSchema = z.object({ ok: z.literal(true) });

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
export const personPatchSchema = z.object({ disabled: z.boolean().optional(), roles: z.array(roleSchema).max(3).optional(), displayName: nameSchema.optional() });

export const newGroupSchema = z.object({ name: nameSchema, members: z.array(z.uuid()).max(10_000).default([]) });

export const newComputerSchema = z.object({
  name: nameSchema,
  protocol: protocolSchema,
  host: hostSchema,
  port: portSchema,
  jitEnabled: z.boolean().default(false),
  recording: z.boolean().default(true),
  liveMonitoring: z.boolean().default(true),
});
export const computerSchema = newComputerSchema.extend({ id: z.uuid() });

export const newAccessLevelSchema = z.object({ name: nameSchema, preApproval: z.boolean().default(false), groups: z.array(z.uuid()).max(1000).default([]) });

export const newPolicySchema = z.object({
  name: nameSchema,
  /** Who may reach the computers: persons and groups. */
  persons: z.array(z.uuid()).max(10_000).default([]),
  groups: z.array(z.uuid()).max(1000).default([]),
  computers: z.array(z.uuid()).max(10_000).default([]),
  credentialKinds: z.array(credentialKindSchema).min(1, 'needs at least one kind').max(3),
  accessLevels: z.array(newAccessLevelSchema).max(100).default([]),
  mfaRequired: z.boolean().default(false),
  terms: z.string().max(20_000).default(''),
  maxDurationMinutes: z.number().int().min(1).max(7 * 24 * 60).default(480),
  /** Block copying from the remote computer to this one. */
  disableCopy: z.boolean().default(false),
  /** Block pasting from this computer to the remote one. */
  disablePaste: z.boolean().default(false),
  /** The authorization hook: a ticket id or justification asked before each session. */
  authorization: authorizationHookSchema.nullable().default(null),
  /** GDPR: off means no one may watch this policy's sessions live (the terms page says so). */
  liveMonitoring: z.boolean().default(true),
  /** Tell the watched user, with a banner, when someone starts or stops watching. */
  announceWatchers: z.boolean().default(true),
  /** GDPR: off means this policy's sessions are never recorded (the terms page says so). */
  recording: z.boolean().default(true),
});

/** POST /api/admin/access-levels/:id/approvals: pre-approves a person for a level. */
export const levelApprovalSchema = z.object({ personId: z.uuid() }).strict();

/** PUT /api/admin/computers/:id/jit: the provisioning account that creates JIT accounts (its secret is never returned). */
export const jitProvisionerSchema = z
  .object({
    /** The SSH port of the computer's provisioning service (usually the computer's own). */
    port: portSchema,
    username: usernameSchema,
    secret: z.string().min(1, 'is required').max(16_384),
    secretKind: z.enum(['password', 'private-key']),
    /** The computer's SSH host key, pinned: SHA-256 in the form `SHA256:…` (ssh-keygen -lf). */
    hostKeySha256: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be SHA256:<43 base64 characters>, as ssh-keygen -lf prints it'),
  })
  .strict();
export type JitProvisionerInput = z.infer<typeof jitProvisionerSchema>;

/** A shared credential; the secret goes in and never comes out. */
export const newSharedCredentialSchema = z.object({ computerId: z.uuid(), username: z.string().min(1, 'is required').max(256), secret: z.string().min(1, 'is required').max(4096) });
export const sharedCredentialSchema = z.object({ id: z.uuid(), computerId: z.uuid(), username: z.string() });

export const serverSettingsSchema = z.object({
  /** RDP rows can start sessions; off, they say RDP_PROXY_DISABLED. */
  rdpProxyEnabled: z.boolean(),
  /** Every sign-in needs a second step (TOTP); people without one enrol at their next sign-in. */
  mfaRequiredForSignIn: z.boolean(),
});

export const auditEntrySchema = z.object({ id: z.number().int(), at: z.string(), actor: z.string(), action: z.string(), target: z.string() });
export const auditSchema = z.object({ entries: z.array(auditEntrySchema) });

export const healthSchema = z.object({ status: z.literal('ok'), service: z.string(), version: z.string() });

/** Every error body the API sends: a code, a message, and for 400 the bad fields. */
export const apiErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** When to try again, for a refusal that passes (a rate limit). */
  retryAfterSeconds: z.number().int().min(0).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** LDAP bind sign-in (seed 004): where the directory is, how a user is found, groups to roles. */
export const ldapConfigSchema = z
  .object({
    enabled: z.boolean(),
    url: z.string().trim().regex(/^ldaps?:\/\/[^/\s]+$/, 'must be ldap://host:port or ldaps://host:port'),
    /** ldaps (TLS from the start), starttls (upgrade on 389), or plain (loopback only). */
    security: z.enum(['ldaps', 'starttls', 'plain']),
    /** PEM of the CA the directory's certificate must chain to (pinned). */
    caPem: z.string().max(20_000).includes('BEGIN CERTIFICATE', { message: 'must be a PEM certificate' }).nullable(),
    baseDn: z.string().trim().min(1, 'is required').max(1000),
    /** How a user's entry is found; {username} is replaced by the escaped name (RFC 4515). */
    userFilter: z.string().trim().max(1000).includes('{username}', { message: 'must contain {username}' }),
    /** A service account for the search; null searches anonymously. */
    bindDn: z.string().trim().max(1000).nullable(),
    groupRoles: z.array(z.object({ groupDn: z.string().trim().min(1).max(1000), role: roleSchema })).max(100),
    timeoutMs: z.number().int().min(500).max(60_000),
  })
  .superRefine((c, ctx) => {
    const host = /^ldaps?:\/\/([^:/]+|\[[^\]]+\])/.exec(c.url)?.[1] ?? '';
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(host);
    if (c.security === 'plain' && !loopback) ctx.addIssue({ code: 'custom', path: ['security'], message: 'plain LDAP is allowed only on loopback (127.0.0.1); use ldaps or starttls with a pinned CA' });
    if (c.security === 'ldaps' && !c.url.startsWith('ldaps://')) ctx.addIssue({ code: 'custom', path: ['url'], message: 'must start with ldaps:// for ldaps' });
    if (c.security !== 'ldaps' && c.url.startsWith('ldaps://')) ctx.addIssue({ code: 'custom', path: ['url'], message: 'must start with ldap:// for starttls or plain' });
    if (c.security !== 'plain' && !c.caPem) ctx.addIssue({ code: 'custom', path: ['caPem'], message: 'is required for ldaps and starttls (the pinned CA)' });
  });
/** PUT body: the config plus the service account's password (write-only; null keeps the stored one). */
export const ldapConfigInputSchema = z.object({ config: ldapConfigSchema, bindPassword: z.string().max(1024).nullable() });
/** GET answer: never the password, only whether one is kept, and a warning for plain LDAP. */
export const ldapConfigViewSchema = z.object({ config: ldapConfigSchema.nullable(), hasBindPassword: z.boolean(), warning: z.string().nullable() });
export type LdapConfig = z.infer<typeof ldapConfigSchema>;

/** Federation with an external OpenID Connect issuer (seed 004's OAuth/OIDC module). */
export const oidcFederationConfigSchema = z.object({
  enabled: z.boolean(),
  /** The button on the login page: "Sign in with <name>". */
  name: z.string().trim().min(1, 'is required').max(60),
  /** The issuer; its /.well-known/openid-configuration is read (discovery). */
  issuerUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2048),
  clientId: z.string().trim().min(1, 'is required').max(500),
  /** The claim that identifies the person (seed 004's SearchClaim), e.g. email or preferred_username. */
  searchClaim: z.string().trim().min(1, 'is required').max(100),
  /** The claim with the person's groups, and which groups give which roles. */
  groupsClaim: z.string().trim().max(100).nullable(),
  groupRoles: z.array(z.object({ group: z.string().trim().min(1).max(500), role: roleSchema })).max(100),
  /** Off by default: a self-signed or untrusted certificate on the issuer is refused. */
  allowSelfSignedTls: z.boolean(),
  timeoutMs: z.number().int().min(500).max(60_000),
});
export const oidcFederationInputSchema = z.object({ config: oidcFederationConfigSchema, clientSecret: z.string().max(2048).nullable() });
export const oidcFederationViewSchema = z.object({ config: oidcFederationConfigSchema.nullable(), hasClientSecret: z.boolean(), redirectUri: z.string() });
export type OidcFederationConfig = z.infer<typeof oidcFederationConfigSchema>;
