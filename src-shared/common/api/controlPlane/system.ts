import { z } from 'zod';
import { defineRoute, noParams } from './route';

export const healthSchema = z.object({ status: z.literal('ok'), service: z.string(), version: z.string() });

export const serverSettingsSchema = z.object({
  /** RDP rows can start sessions; off, they say RDP_PROXY_DISABLED. */
  rdpProxyEnabled: z.boolean(),
  /** Every sign-in needs a second step (TOTP); people without one enrol at their next sign-in. */
  mfaRequiredForSignIn: z.boolean(),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
});
export const auditSchema = z.object({ entries: z.array(auditEntrySchema) });

const admin: ['administrator'] = ['administrator'];

/** The server itself: liveness, its settings and its audit log. */
export const systemApi = {
  health: defineRoute({
    method: 'GET',
    path: '/health',
    summary: 'Liveness',
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
    summary: 'Change server settings (e.g. switch the RDP proxy off, require MFA at sign-in)',
    params: noParams,
    body: serverSettingsSchema.partial(),
    response: serverSettingsSchema,
    roles: admin,
    errors: [],
  }),
  audit: defineRoute({
    method: 'GET',
    path: '/api/audit',
    summary: 'The audit log, newest first',
    params: noParams,
    body: null,
    response: auditSchema,
    roles: ['administrator', 'auditor'],
    errors: [],
  }),
};
