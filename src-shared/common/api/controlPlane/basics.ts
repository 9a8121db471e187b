import { z } from 'zod';
import { errorCodeSchema } from '../rpc';

/**
 * What every table of the control plane's HTTP API (the IAM Shop API) shares: roles, the
 * small answers, the error body and the field rules. The server validates requests and
 * answers with these schemas and builds /openapi.json from them; main's client parses every
 * answer with them.
 */

/** The desktop app's OIDC client at the control plane's built-in provider: public, PKCE, any loopback port (RFC 8252 §7.3). */
export const desktopClientId = 'openpsm-desktop';

export const roleSchema = z.enum(['administrator', 'access_manager', 'auditor']);
export type Role = z.infer<typeof roleSchema>;

export const nameSchema = z.string().trim().min(1, 'is required').max(200);
export const usernameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'may hold letters, digits and . _ @ - only');
/** A new local password's bounds; the server's password rules (passwordRules.ts) decide the rest. */
export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(1024);

/** A point in time as ISO-8601 with its offset (a grant's or an access request's window). */
export const instantSchema = z.iso.datetime({ offset: true, message: 'must be a date and time' });
export const idSchema = z.object({ id: z.uuid() });
export const okSchema = z.object({ ok: z.literal(true) });
/** An empty body or answer, and nothing else. */
export const emptySchema = z.object({}).strict();

/** Every error body the API sends: a code, a message, and for 400 the bad fields. */
export const apiErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** When to try again, for a refusal that passes (a rate limit). */
  retryAfterSeconds: z.number().int().min(0).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
