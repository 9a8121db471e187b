import { z } from 'zod';
import { roleSchema } from './basics';
import { defineRoute, noParams } from './route';

/** LDAP bind sign-in (seed 004): where the directory is, how a user is found, groups to roles. */
export const ldapConfigSchema = z
  .object({
    enabled: z.boolean(),
    url: z
      .string()
      .trim()
      .regex(/^ldaps?:\/\/[^/\s]+$/, 'must be ldap://host:port or ldaps://host:port'),
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
    if (c.security === 'plain' && !loopback)
      ctx.addIssue({
        code: 'custom',
        path: ['security'],
        message: 'plain LDAP is allowed only on loopback (127.0.0.1); use ldaps or starttls with a pinned CA',
      });
    if (c.security === 'ldaps' && !c.url.startsWith('ldaps://'))
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'must start with ldaps:// for ldaps' });
    if (c.security !== 'ldaps' && c.url.startsWith('ldaps://'))
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'must start with ldap:// for starttls or plain' });
    if (c.security !== 'plain' && !c.caPem)
      ctx.addIssue({ code: 'custom', path: ['caPem'], message: 'is required for ldaps and starttls (the pinned CA)' });
  });
/** PUT body: the config plus the service account's password (write-only; null keeps the stored one). */
export const ldapConfigInputSchema = z.object({
  config: ldapConfigSchema,
  bindPassword: z.string().max(1024).nullable(),
});
/** The revision a form read: a save over someone else's newer one is refused (STALE_REVISION); without it the save applies. */
export const moduleRevisionSchema = z.number().int().min(0);
/** PUT body: the config, the password, and the revision the form read (optional). */
export const ldapConfigSaveSchema = ldapConfigInputSchema.extend({ revision: moduleRevisionSchema.optional() });
/** GET answer: never the password, only whether one is kept, and a warning for plain LDAP. */
export const ldapConfigViewSchema = z.object({
  config: ldapConfigSchema.nullable(),
  hasBindPassword: z.boolean(),
  warning: z.string().nullable(),
  /** Raised by every save that changes something. */
  revision: moduleRevisionSchema,
});
export type LdapConfig = z.infer<typeof ldapConfigSchema>;
/** Test body: the typed settings (a null password tries the stored one), a username to find, and maybe its password. */
export const ldapTestInputSchema = ldapConfigInputSchema.extend({
  username: z.string().trim().min(1, 'is required').max(256),
  password: z.string().max(1024).optional(),
});
/** What the test found: the entries matching the username, the one entry's groups and roles, in one line too. */
export const ldapTestResultSchema = z.object({
  ok: z.literal(true),
  found: z.number().int(),
  dn: z.string().nullable(),
  groups: z.array(z.string()),
  roles: z.array(roleSchema),
  /** Whether the typed password was tried (a bind as the entry) and accepted. */
  passwordChecked: z.boolean(),
  summary: z.string(),
});
export type LdapTestResult = z.infer<typeof ldapTestResultSchema>;

/** The LDAP sign-in module. */
export const ldapApi = {
  get: defineRoute({
    method: 'GET',
    path: '/api/admin/sign-in/ldap',
    summary: 'The LDAP sign-in module (never its password)',
    params: noParams,
    body: null,
    response: ldapConfigViewSchema,
    roles: ['administrator'],
    errors: [],
  }),
  set: defineRoute({
    method: 'PUT',
    path: '/api/admin/sign-in/ldap',
    summary:
      'Configure LDAP bind sign-in: directory, TLS with a pinned CA, user filter, groups to roles (409 STALE_REVISION when the revision is stale)',
    params: noParams,
    body: ldapConfigSaveSchema,
    response: ldapConfigViewSchema,
    roles: ['administrator'],
    errors: ['STALE_REVISION'],
  }),
  test: defineRoute({
    method: 'POST',
    path: '/api/admin/sign-in/ldap/test',
    summary: 'Try typed LDAP settings without saving them: connect, bind, find a user, read its groups',
    params: noParams,
    body: ldapTestInputSchema,
    response: ldapTestResultSchema,
    roles: ['administrator'],
    errors: ['LDAP_TEST_FAILED'],
  }),
};
