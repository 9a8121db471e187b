import { z } from 'zod';
import { sessionAuthorizationSchema } from '../../common/api/controlPlane/authorizationPlugins';
import { maxTicketLength, personalSecretSchema } from '../../common/api/gateway';
import { openClaims, sealClaims, type Opened } from './sealedClaims';

/** Which credential the gateway hands guacd: the computer's shared one, the person's own (sealed in here), or a JIT account it creates. */
export const ticketCredentialSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('shared') }).strict(),
  z.object({ kind: z.literal('personal'), personal: personalSecretSchema }).strict(),
  z.object({ kind: z.literal('jit') }).strict(),
]);
export type TicketCredential = z.infer<typeof ticketCredentialSchema>;

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
    /** A connect ticket: the policy revision whose terms the person agreed to (the session starts under it, or not at all). */
    policyRevision: z.number().int().min(1).optional(),
    /** A connect ticket's credential; a join ticket carries `shared` and never uses it (the owner's connection has the credential). */
    credential: ticketCredentialSchema,
    /** A connect ticket: what the session keeps of its authorization plugin's verdict. */
    authorization: sessionAuthorizationSchema.optional(),
    /** A join ticket: the live session (gateway id) it watches. */
    sessionId: z.uuid().optional(),
    /** Issued at and expires at, in epoch seconds. */
    iat: z.number().int().min(0),
    exp: z.number().int().min(0),
  })
  .strict();
export type TicketClaims = z.infer<typeof ticketClaimsSchema>;

export type TicketCheck = Opened<TicketClaims>;

const aad = 'openpsm-gateway-ticket/1';
export { maxTicketLength };

/** Seals the claims with AES-256-GCM under the gateway key: base64url(nonce ‖ ciphertext ‖ tag). */
export function sealTicket(key: Buffer, claims: TicketClaims): string {
  return sealClaims(key, aad, ticketClaimsSchema, claims);
}

/**
 * Opens a ticket as untrusted input: TICKET_INVALID for anything forged, changed, sealed
 * under another key or malformed; TICKET_EXPIRED past `exp`. Never throws. Single use is
 * the caller's to enforce (the jti ledger), after this check.
 */
export function openTicket(key: Buffer, ticket: unknown, nowSeconds: number): TicketCheck {
  return openClaims(key, aad, ticketClaimsSchema, ticket, nowSeconds, maxTicketLength);
}
