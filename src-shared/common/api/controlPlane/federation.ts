import { z } from 'zod';
import { roleSchema } from './basics';
import { moduleRevisionSchema } from './ldap';
import { defineRoute, noParams } from './route';

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
export const oidcFederationInputSchema = z.object({
  config: oidcFederationConfigSchema,
  clientSecret: z.string().max(2048).nullable(),
});
/** PUT body: the config, the secret, and the revision the form read (optional; a stale one is refused). */
export const oidcFederationSaveSchema = oidcFederationInputSchema.extend({ revision: moduleRevisionSchema.optional() });
export const oidcFederationViewSchema = z.object({
  config: oidcFederationConfigSchema.nullable(),
  hasClientSecret: z.boolean(),
  redirectUri: z.string(),
  /** Raised by every save that changes something. */
  revision: moduleRevisionSchema,
});
export type OidcFederationConfig = z.infer<typeof oidcFederationConfigSchema>;
/** What the test found at the issuer: its discovery document's endpoints and its signing keys. */
export const oidcTestResultSchema = z.object({
  ok: z.literal(true),
  issuer: z.string(),
  authorizationEndpoint: z.string().nullable(),
  tokenEndpoint: z.string().nullable(),
  userinfoEndpoint: z.string().nullable(),
  jwksUri: z.string(),
  keyCount: z.number().int(),
  summary: z.string(),
});
export type OidcTestResult = z.infer<typeof oidcTestResultSchema>;

/** Federation with an external OIDC issuer. */
export const federationApi = {
  get: defineRoute({
    method: 'GET',
    path: '/api/admin/sign-in/oidc',
    summary: 'Federation with an external OIDC issuer (never its client secret)',
    params: noParams,
    body: null,
    response: oidcFederationViewSchema,
    roles: ['administrator'],
    errors: [],
  }),
  set: defineRoute({
    method: 'PUT',
    path: '/api/admin/sign-in/oidc',
    summary:
      'Configure federation: issuer (discovery), client id and secret, the identifying claim, groups to roles (409 STALE_REVISION when the revision is stale)',
    params: noParams,
    body: oidcFederationSaveSchema,
    response: oidcFederationViewSchema,
    roles: ['administrator'],
    errors: ['STALE_REVISION'],
  }),
  test: defineRoute({
    method: 'POST',
    path: '/api/admin/sign-in/oidc/test',
    summary: "Try typed federation settings without saving them: read the issuer's discovery document and keys",
    params: noParams,
    body: oidcFederationInputSchema,
    response: oidcTestResultSchema,
    roles: ['administrator'],
    errors: ['OIDC_TEST_FAILED'],
  }),
};
