import { z } from 'zod';
import { auditPageQuery } from './audit';
import { passwordRulesSchema } from './passwordRules';
import { defineRoute, noParams } from './route';

/** Whether the gateway's guacd answers, and the protocol version it offers (its `args`' first element). */
export const guacdHealthSchema = z.object({
  status: z.enum(['reachable', 'unreachable']),
  protocolVersion: z.string().nullable(),
  /** One sentence for a person: where guacd was asked and what happened. */
  detail: z.string(),
});
export type GuacdHealthInfo = z.infer<typeof guacdHealthSchema>;

export const healthSchema = z.object({
  status: z.literal('ok'),
  service: z.string(),
  version: z.string(),
  /** The gateway's guacd; absent from a server that does not say. */
  guacd: guacdHealthSchema.optional(),
});

export const serverSettingsSchema = z.object({
  /** RDP rows can start sessions; off, they say RDP_PROXY_DISABLED. */
  rdpProxyEnabled: z.boolean(),
  /** Every sign-in needs a second step (TOTP); people without one enrol at their next sign-in. */
  mfaRequiredForSignIn: z.boolean(),
  /** What a new local password must meet (person created by an administrator, first administrator at setup). */
  passwordRules: passwordRulesSchema,
  /** Raised by every save that changes something; a save that names an older one is refused (STALE_REVISION). */
  revision: z.number().int().min(0),
});

/** A change of server settings: only the fields given change (a password rule alone, too). */
export const serverSettingsPatchSchema = z
  .object({
    rdpProxyEnabled: z.boolean().optional(),
    mfaRequiredForSignIn: z.boolean().optional(),
    passwordRules: passwordRulesSchema.partial().strict().optional(),
    /** The revision the form read; without it the save applies whatever changed meanwhile. */
    revision: z.number().int().min(0).optional(),
  })
  .strict();

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  /** What an edit changed: each field before and after; a secret only as changed. */
  changes: z.array(
    z.union([
      z.object({ field: z.string(), secret: z.literal(true) }),
      z.object({ field: z.string(), before: z.unknown(), after: z.unknown() }),
    ]),
  ),
  sessionId: z.string().nullable(),
});
export const auditSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** The next (older) page's cursor; null on the last page. */
  nextCursor: z.string().nullable(),
});

const admin: ['administrator'] = ['administrator'];

/** The server itself: liveness, its settings and its audit log. */
export const systemApi = {
  health: defineRoute({
    method: 'GET',
    path: '/health',
    summary: "Liveness, and whether the gateway's guacd answers (with the protocol version it offers)",
    params: noParams,
    body: null,
    response: healthSchema,
    roles: 'public',
    errors: [],
  }),
  settings: defineRoute({
    method: 'GET',
    path: '/api/admin/settings',
    summary: 'Server settings',
    params: noParams,
    body: null,
    response: serverSettingsSchema,
    roles: admin,
    errors: [],
  }),
  setSettings: defineRoute({
    method: 'PUT',
    path: '/api/admin/settings',
    summary:
      'Change server settings (e.g. switch the RDP proxy off, require MFA at sign-in, the password rules); audited with each field before and after',
    params: noParams,
    body: serverSettingsPatchSchema,
    response: serverSettingsSchema,
    roles: admin,
    errors: [],
  }),
  audit: defineRoute({
    method: 'GET',
    path: '/api/audit',
    summary: 'The audit log, newest first, filtered and paged by cursor',
    params: noParams,
    body: null,
    query: auditPageQuery,
    response: auditSchema,
    roles: ['administrator', 'auditor'],
    errors: [],
  }),
};
