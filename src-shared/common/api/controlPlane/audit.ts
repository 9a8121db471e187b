import { z } from 'zod';
import { defineRoute, noParams } from './route';

const text = (max: number) => z.string().trim().min(1).max(max).optional();
const instant = z.iso.datetime({ offset: true }).optional();

/** What the audit log is filtered by (each a query-string field; all optional). */
export const auditFilterQuery = z.object({
  from: instant,
  to: instant,
  actor: text(200),
  action: text(100),
  target: text(300),
  /** A session's id: the entries of that session. */
  session: text(36),
});

/** The audit page's query: the filters, the cursor a page gave as `nextCursor`, and the page size. */
export const auditPageQuery = auditFilterQuery.extend({
  cursor: z
    .string()
    .regex(/^[0-9T:.Z-]{10,32}\|[0-9]{1,15}$/, 'is not a cursor this server gave')
    .optional(),
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/, 'is not a number')
    .refine((v) => Number(v) >= 1 && Number(v) <= 500, 'must be 1 to 500')
    .optional(),
});

export const auditExportQuery = auditFilterQuery.extend({ format: z.enum(['csv', 'jsonl']) });

const pemBlock = /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/;

/** The forwarding fields; each checks itself, so that a form with several bad fields hears of all of them at once. */
const forwardingFields = z.object({
  enabled: z.boolean(),
  host: z
    .string()
    .trim()
    .max(253)
    .regex(/^[A-Za-z0-9.:-]*$/, 'needs a host name or address'),
  port: z.number().int().min(1).max(65535),
  tls: z.boolean(),
  /** The CA that signed the receiver's certificate (PEM); empty: the system's CAs. */
  caPem: z
    .string()
    .max(20_000)
    .refine((pem) => !pem.trim() || pemBlock.test(pem.trim()), 'is not a PEM certificate (BEGIN CERTIFICATE)'),
});

/** Forwarding switched on needs somewhere to send to. */
function needsHost(v: { enabled: boolean; host: string }, ctx: z.RefinementCtx) {
  if (v.enabled && !v.host) ctx.addIssue({ code: 'custom', path: ['host'], message: 'needs a host name or address' });
}

/** Where the audit log is forwarded: a syslog receiver (RFC 5424 over TCP, optionally TLS with a pinned CA). */
export const auditForwardingSchema = forwardingFields.superRefine(needsHost);

/**
 * A change of forwarding: the settings, and the revision the form read (optional). A save over
 * someone else's newer one is refused (STALE_REVISION); without it the save applies.
 */
export const auditForwardingSaveSchema = forwardingFields
  .extend({ revision: z.number().int().min(0).optional() })
  .superRefine(needsHost);

/** Whether forwarding keeps up: the last delivery, what waits, and the last error (null once delivered). */
export const auditForwardingStatusSchema = z.object({
  lastDeliveredAt: z.string().nullable(),
  queued: z.number().int(),
  lastError: z.string().nullable(),
});

export const auditForwardingViewSchema = z.object({
  settings: auditForwardingSchema,
  status: auditForwardingStatusSchema,
  /** Raised by every save that changes something. */
  revision: z.number().int().min(0),
});

const admin: ['administrator'] = ['administrator'];

/** The audit log's export and its forwarding to a SIEM (the page itself is `system.audit`). */
export const auditApi = {
  export: defineRoute({
    method: 'GET',
    path: '/api/audit/export',
    summary: 'The filtered audit log, newest first, streamed as CSV or JSON lines',
    params: noParams,
    body: null,
    query: auditExportQuery,
    response: z.string(),
    roles: ['administrator', 'auditor'],
    errors: [],
  }),
  forwarding: defineRoute({
    method: 'GET',
    path: '/api/admin/audit-forwarding',
    summary: "Where the audit log is forwarded (syslog) and the forwarder's status",
    params: noParams,
    body: null,
    response: auditForwardingViewSchema,
    roles: admin,
    errors: [],
  }),
  setForwarding: defineRoute({
    method: 'PUT',
    path: '/api/admin/audit-forwarding',
    summary:
      'Change where the audit log is forwarded (syslog over TCP, optional TLS with a pinned CA; 409 STALE_REVISION when the revision is stale)',
    params: noParams,
    body: auditForwardingSaveSchema,
    response: auditForwardingViewSchema,
    roles: admin,
    errors: ['STALE_REVISION'],
  }),
};
