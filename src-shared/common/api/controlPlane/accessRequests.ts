import { z } from 'zod';
import { instantSchema } from './basics';
import { defineRoute, idParams, noParams } from './route';

/**
 * A policy that takes access requests: which groups review them, how many approvals a request
 * needs, and the longest window a request may ask for (in the policy's minutes).
 */
export const accessRequestSettingsSchema = z
  .object({
    reviewerGroups: z.array(z.uuid()).min(1, 'needs at least one reviewer group').max(100),
    approvals: z.number().int().min(1).max(5).default(1),
    maxMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(8 * 60),
  })
  .strict();
export type AccessRequestSettings = z.infer<typeof accessRequestSettingsSchema>;

/** A request: a computer under a policy (and one of its access levels), for a window, with a reason. */
export const newAccessRequestSchema = z
  .object({
    policyId: z.uuid('choose a policy'),
    computerId: z.uuid('choose a computer'),
    /** null: the whole policy (every level). */
    accessLevelId: z.uuid('choose an access level').nullable().default(null),
    reason: z.string().trim().min(1, 'is required').max(1000, 'must be at most 1000 characters'),
    /** Unset: now. */
    startsAt: instantSchema.optional(),
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    ticketId: z.string().trim().max(200, 'must be at most 200 characters').nullable().default(null),
  })
  .strict();
export type NewAccessRequest = z.input<typeof newAccessRequestSchema>;

/**
 * pending → approved (a grant) or denied; the requester may cancel a pending or approved one; a
 * reviewer or manager may revoke an approved one's grant. A pending one past its end is expired,
 * an approved one past its end has ended.
 */
export const accessRequestStateSchema = z.enum([
  'pending',
  'approved',
  'denied',
  'cancelled',
  'revoked',
  'expired',
  'ended',
]);
export type AccessRequestState = z.infer<typeof accessRequestStateSchema>;

export const reviewSchema = z.object({
  reviewer: z.string(),
  decision: z.enum(['approve', 'deny']),
  comment: z.string(),
  at: z.string(),
});

export const accessRequestSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  policyId: z.uuid(),
  policyName: z.string(),
  computerId: z.uuid(),
  computerName: z.string(),
  accessLevelId: z.uuid().nullable(),
  accessLevelName: z.string().nullable(),
  reason: z.string(),
  ticketId: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  createdAt: z.string(),
  state: accessRequestStateSchema,
  approvalsRequired: z.number().int(),
  reviews: z.array(reviewSchema),
  /** The grant an approval made (revoking it ends the sessions it allowed). */
  grantId: z.uuid().nullable(),
  /** Whether the caller made it (a reviewer sees their own, and may not review it). */
  mine: z.boolean(),
  /** Whether the caller may review it now: a reviewer of its policy, not its requester, not yet reviewed by them. */
  canReview: z.boolean(),
});
export type AccessRequest = z.infer<typeof accessRequestSchema>;

export const newReviewSchema = z
  .object({
    decision: z.enum(['approve', 'deny']),
    comment: z.string().trim().max(1000, 'must be at most 1000 characters').default(''),
  })
  .strict();

/** Access requests (issue 24): ask for a computer for a window, review, cancel. Grants stay under /api/grants. */
export const accessRequestsApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/access-requests',
    summary:
      "The caller's own requests (?scope=mine, the default) or those they may review (?scope=review), newest first, with how many wait for their review",
    params: noParams,
    query: z.object({ scope: z.enum(['mine', 'review']).optional() }),
    body: null,
    response: z.object({
      requests: z.array(accessRequestSchema),
      /** How many wait for the caller's review. */
      toReview: z.number().int(),
      /** Whether the caller reviews some policy's requests. */
      reviewer: z.boolean(),
      /** How many requests the caller made. */
      own: z.number().int(),
    }),
    roles: 'signed-in',
    errors: ['BAD_REQUEST'],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/access-requests',
    summary:
      "Request a computer under a policy that takes requests (and optionally one of its levels) for a window within the policy's longest",
    params: noParams,
    body: newAccessRequestSchema,
    response: accessRequestSchema,
    status: 201,
    roles: 'signed-in',
    errors: ['BAD_REQUEST', 'RESOURCE_NOT_ALLOWED'],
  }),
  review: defineRoute({
    method: 'POST',
    path: '/api/access-requests/:id/reviews',
    summary:
      'Approve or deny a pending request, with a comment: a reviewer of its policy, once, never the requester (SELF_APPROVAL). Enough approvals make a grant; one denial ends it',
    params: idParams,
    body: newReviewSchema,
    response: accessRequestSchema,
    roles: 'signed-in',
    errors: ['NOT_FOUND', 'SELF_APPROVAL', 'FORBIDDEN_ROLE', 'CONFLICT'],
  }),
  cancel: defineRoute({
    method: 'POST',
    path: '/api/access-requests/:id/cancel',
    summary: "The requester cancels a pending or approved request: an approval's grant is revoked, ending its sessions",
    params: idParams,
    body: z.object({}).strict(),
    response: accessRequestSchema,
    roles: 'signed-in',
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
};
