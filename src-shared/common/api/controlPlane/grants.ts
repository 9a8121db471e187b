import { z } from 'zod';
import { instantSchema } from './basics';
import { defineRoute, idParams, noParams } from './route';

/** Where a grant came from: an access manager's grant, or (later) an approved access request. */
export const grantSourceSchema = z.enum(['manual', 'request']);
/** A grant now: not started yet, running, past its end, or revoked. */
export const grantStateSchema = z.enum(['scheduled', 'active', 'expired', 'revoked']);
export type GrantState = z.infer<typeof grantStateSchema>;

/** A new grant: a person, a policy and one of its access levels (none: the whole policy), and its window. */
export const newGrantSchema = z
  .object({
    personId: z.uuid('choose a person'),
    policyId: z.uuid('choose a policy'),
    /** null: every access level of the policy. */
    accessLevelId: z.uuid('choose an access level').nullable().default(null),
    /** Unset: now. */
    startsAt: instantSchema.optional(),
    /** Unset: the start plus OPENPSM_GRANT_DEFAULT_HOURS. */
    endsAt: instantSchema.optional(),
  })
  .strict()
  .superRefine((g, ctx) => {
    if (g.startsAt && g.endsAt && Date.parse(g.endsAt) <= Date.parse(g.startsAt))
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after the start' });
  });
export type NewGrant = z.input<typeof newGrantSchema>;

/** A grant as the Grants page lists it. */
export const grantSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  policyId: z.uuid(),
  policyName: z.string(),
  /** null: the whole policy (every access level). */
  accessLevelId: z.uuid().nullable(),
  accessLevelName: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  source: grantSourceSchema,
  grantedBy: z.string(),
  grantedAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  state: grantStateSchema,
});
export type Grant = z.infer<typeof grantSchema>;

/** What the "Grant access" form picks from: people (by search) and the policies with their access levels. */
export const grantChoicesSchema = z.object({
  persons: z.array(z.object({ id: z.uuid(), username: z.string(), displayName: z.string() })),
  policies: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      levels: z.array(z.object({ id: z.uuid(), name: z.string(), preApproval: z.boolean() })),
    }),
  ),
});
export type GrantChoices = z.infer<typeof grantChoicesSchema>;

const managers: ['administrator', 'access_manager'] = ['administrator', 'access_manager'];

/** Grants: a person's access level (or policy) for a window; list, grant, revoke. Never for oneself. */
export const grantsApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/grants',
    summary: 'List grants, newest first (?state=active|scheduled|expired|revoked, ?personId=), with the default window',
    params: noParams,
    query: z.object({ state: grantStateSchema.optional(), personId: z.uuid().optional() }),
    body: null,
    response: z.object({
      grants: z.array(grantSchema),
      /** OPENPSM_GRANT_DEFAULT_HOURS: the window of a grant given no end. */
      defaultHours: z.number().int(),
      /** OPENPSM_GRANT_MAX_HOURS: the longest window. */
      maxHours: z.number().int(),
    }),
    roles: managers,
    errors: ['BAD_REQUEST'],
  }),
  choices: defineRoute({
    method: 'GET',
    path: '/api/grants/choices',
    summary: 'The people (?search=, at most 50) and the policies with their access levels a grant may name',
    params: noParams,
    query: z.object({ search: z.string().max(200).optional() }),
    body: null,
    response: grantChoicesSchema,
    roles: managers,
    errors: ['BAD_REQUEST'],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/grants',
    summary:
      'Grant a person an access level (or a whole policy) from a start (default now) to an end (default OPENPSM_GRANT_DEFAULT_HOURS later); never oneself (SELF_APPROVAL)',
    params: noParams,
    body: newGrantSchema,
    response: grantSchema,
    status: 201,
    roles: managers,
    errors: ['BAD_REQUEST', 'SELF_APPROVAL'],
  }),
  revoke: defineRoute({
    method: 'POST',
    path: '/api/grants/:id/revoke',
    summary:
      "Revoke a grant now: the sessions running under it end (GRANT_REVOKED). Access managers and administrators; for an access request's grant, also the policy's reviewers",
    params: idParams,
    body: z.object({}).strict(),
    response: z.object({ grant: grantSchema, endedSessions: z.number().int() }),
    roles: 'signed-in',
    errors: ['NOT_FOUND', 'CONFLICT', 'FORBIDDEN_ROLE'],
  }),
};
