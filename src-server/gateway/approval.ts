import { z } from 'zod';
import { sessionAuthorizationSchema } from '@shared/common/api/controlPlane/authorizationPlugins';
import { credentialKindSchema } from '@shared/common/api/controlPlane/policies';
import { maxApprovalLength } from '@shared/common/api/gateway';
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
    /** The policy revision the choices were checked under: a policy edited since (a plugin or MFA added) issues nothing. */
    policyRevision: z.number().int().min(1),
    /** The authorization plugin's audit line (a secret answer only by its key), or null when the policy has none. */
    authorization: z.string().max(4000).nullable(),
    /** What the session keeps of the plugin's verdict (ticket id, gateway user and groups, metadata). */
    kept: sessionAuthorizationSchema.nullable(),
    /** The MFA code was checked (the policy requires one). */
    mfa: z.boolean(),
    exp: z.number().int().min(0),
  })
  .strict();
export type ApprovalClaims = z.infer<typeof approvalClaimsSchema>;

const aad = 'openpsm-advanced-approval/1';

export const sealApproval = (key: Buffer, claims: ApprovalClaims) => sealClaims(key, aad, approvalClaimsSchema, claims);
export const openApproval = (key: Buffer, token: unknown, nowSeconds: number) =>
  openClaims(key, aad, approvalClaimsSchema, token, nowSeconds, maxApprovalLength);
