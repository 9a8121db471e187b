import { z } from 'zod';
import { credentialKindSchema } from '@shared/common/api/controlPlane/policies';
import { openClaims, sealClaims } from '@shared/node/tickets/sealedClaims';

/**
 * Advanced Mode's checked choices, sealed by the server at the terms step (where the MFA code
 * is spent) and handed back with Agree. Single use (its jti goes in the ticket ledger),
 * short-lived, bound to the person, policy and computer; it grants nothing alone.
 */
export const approvalClaimsSchema = z
  .object({
    v: z.literal(1),
    jti: z.uuid(),
    personId: z.uuid(),
    policyId: z.uuid(),
    computerId: z.uuid(),
    credentialKind: credentialKindSchema,
    accessLevelId: z.uuid().nullable(),
    /** The authorization hook's audit line (the answer), or null when the policy has no hook. */
    authorization: z.string().max(600).nullable(),
    /** The MFA code was checked (the policy requires one). */
    mfa: z.boolean(),
    exp: z.number().int().min(0),
  })
  .strict();
export type ApprovalClaims = z.infer<typeof approvalClaimsSchema>;

const aad = 'openpsm-advanced-approval/1';

export const sealApproval = (key: Buffer, claims: ApprovalClaims) => sealClaims(key, aad, approvalClaimsSchema, claims);
export const openApproval = (key: Buffer, token: unknown, nowSeconds: number) =>
  openClaims(key, aad, approvalClaimsSchema, token, nowSeconds, 4096);
