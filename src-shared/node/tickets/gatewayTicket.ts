import crypto from 'node:crypto';
import { z } from 'zod';

/** What a gateway ticket grants: one session of one person on one computer under one policy. */
export const ticketClaimsSchema = z
  .object({
    v: z.literal(1),
    /** Single use: written to the database on first use. */
    jti: z.uuid(),
    /** Open a new connection, or join a live one read-only. */
    kind: z.enum(['connect', 'join']),
    personId: z.uuid(),
    policyId: z.uuid(),
    computerId: z.uuid(),
    accessLevelId: z.uuid().nullable(),
    /** Issued at and expires at, in epoch seconds. */
    iat: z.number().int().min(0),
    exp: z.number().int().min(0),
  })
  .strict();
export type TicketClaims = z.infer<typeof ticketClaimsSchema>;

export type TicketCheck = { ok: true; claims: TicketClaims } | { ok: false; code: 'TICKET_INVALID' | 'TICKET_EXPIRED' };

const aad = Buffer.from('openpsm-gateway-ticket/1', 'utf8');
/** A ticket is small; anything longer is not one of ours and is not even decrypted. */
export const maxTicketLength = 2048;

/** Seals the claims with AES-256-GCM under the gateway key: base64url(nonce ‖ ciphertext ‖ tag). */
export function sealTicket(key: Buffer, claims: TicketClaims): string {
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(JSON.stringify(ticketClaimsSchema.parse(claims)), 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
}

/**
 * Opens a ticket as untrusted input: TICKET_INVALID for anything forged, changed, sealed
 * under another key or malformed; TICKET_EXPIRED past `exp`. Never throws. Single use is
 * the caller's to enforce (the jti ledger), after this check.
 */
export function openTicket(key: Buffer, ticket: unknown, nowSeconds: number): TicketCheck {
  const invalid = { ok: false, code: 'TICKET_INVALID' } as const;
  if (typeof ticket !== 'string' || ticket.length > maxTicketLength || !/^[A-Za-z0-9_-]+$/.test(ticket)) return invalid;
  const bytes = Buffer.from(ticket, 'base64url');
  if (bytes.length < 12 + 16 + 2) return invalid;
  let text: string;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAAD(aad);
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    text = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return invalid;
  }
  let parsed: ReturnType<typeof ticketClaimsSchema.safeParse>;
  try {
    parsed = ticketClaimsSchema.safeParse(JSON.parse(text));
  } catch {
    return invalid;
  }
  if (!parsed.success) return invalid;
  if (parsed.data.exp <= nowSeconds) return { ok: false, code: 'TICKET_EXPIRED' };
  return { ok: true, claims: parsed.data };
}
