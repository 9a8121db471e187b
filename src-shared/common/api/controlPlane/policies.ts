import { z } from 'zod';
import { authorizationHookSchema } from './authorizationPlugins';
import { accessRequestSettingsSchema } from './accessRequests';
import { idSchema, nameSchema, okSchema } from './basics';
import { defineRoute, idParams, noParams } from './route';

/** How a policy lets a session sign in to its computer (where the credential comes from; vault's secretKindSchema is what a secret is). */
export const credentialKindSchema = z.enum(['shared', 'personal', 'jit']);
export type CredentialKind = z.infer<typeof credentialKindSchema>;

export { authorizationHookSchema, type AuthorizationHook } from './authorizationPlugins';

/** A computer tag a policy names: the policy covers every computer with it. */
export const policyTagSchema = z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters');

export const newAccessLevelSchema = z.object({
  /** The level's id when editing an existing level (it keeps its id); none for a new level. */
  id: z.uuid().optional(),
  name: nameSchema,
  preApproval: z.boolean().default(false),
  groups: z.array(z.uuid()).max(1000).default([]),
  /**
   * The username of the computer's shared credential a session under this level logs in
   * with (e.g. read-only → svc-ro); null: the computer's default shared credential.
   */
  targetAccount: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(256, 'must be at most 256 characters')
    .nullable()
    .default(null),
});

export const newPolicySchema = z.object({
  name: nameSchema,
  /** Who may reach the computers: persons and groups. */
  persons: z.array(z.uuid()).max(10_000).default([]),
  groups: z.array(z.uuid()).max(1000).default([]),
  computers: z.array(z.uuid()).max(10_000).default([]),
  /** Computer tags: the policy also covers every computer with one of them. */
  tags: z.array(policyTagSchema).max(100).default([]),
  credentialKinds: z.array(credentialKindSchema).min(1, 'needs at least one kind').max(3),
  accessLevels: z.array(newAccessLevelSchema).max(100).default([]),
  mfaRequired: z.boolean().default(false),
  terms: z.string().max(20_000).default(''),
  maxDurationMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(480),
  /** Block copying from the remote computer to this one. */
  disableCopy: z.boolean().default(false),
  /** Block pasting from this computer to the remote one. */
  disablePaste: z.boolean().default(false),
  /** The authorization plugin: Prompt (a ticket id or justification) or Webhook, run before each session. */
  authorization: authorizationHookSchema.nullable().default(null),
  /** GDPR: off means no one may watch this policy's sessions live (the terms page says so). */
  liveMonitoring: z.boolean().default(true),
  /** Tell the watched user, with a banner, when someone starts or stops watching. */
  announceWatchers: z.boolean().default(true),
  /** GDPR: off means this policy's sessions are never recorded (the terms page says so). */
  recording: z.boolean().default(true),
  /** Access requests: null, none are taken; else who reviews them, how many approvals, the longest window. */
  accessRequests: accessRequestSettingsSchema.nullable().default(null),
});

/**
 * A policy edit: the revision the form read, and the whole policy as it should be. Every field
 * is required (no defaults): an edit that leaves one out is refused, instead of resetting it
 * (recording back on, members emptied).
 */
export const policyEditSchema = newPolicySchema.required().extend({ revision: z.number().int().min(1) });
export type PolicyEdit = z.input<typeof policyEditSchema>;

/** An access level as the administration reads it (its id stays across edits). */
export const accessLevelSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  preApproval: z.boolean(),
  groups: z.array(z.uuid()),
  targetAccount: z.string().nullable(),
});

/** A policy as the administration reads and edits it. */
export const policySchema = newPolicySchema.extend({
  id: z.uuid(),
  revision: z.number().int(),
  accessLevels: z.array(accessLevelSchema),
  authorization: authorizationHookSchema.nullable(),
});
export type Policy = z.infer<typeof policySchema>;

/** A policy in the list, with how much it covers. */
export const policySummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  revision: z.number().int(),
  credentialKinds: z.array(credentialKindSchema),
  persons: z.number().int(),
  groups: z.number().int(),
  computers: z.number().int(),
  tags: z.array(z.string()),
  accessLevels: z.number().int(),
  recording: z.boolean(),
  liveMonitoring: z.boolean(),
});
export type PolicySummary = z.infer<typeof policySummarySchema>;

/** Who can reach a computer: the policies covering it, and the people they let in with their credential kinds. */
export const computerReachSchema = z.object({
  policies: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      /** How the policy covers the computer: picked, or through one of its tags. */
      via: z.array(z.string()),
      credentialKinds: z.array(credentialKindSchema),
    }),
  ),
  people: z.array(
    z.object({
      personId: z.uuid(),
      username: z.string(),
      displayName: z.string(),
      /** How the person is named: "direct", or "group <name>", with the policy. */
      via: z.array(z.string()),
      credentialKinds: z.array(credentialKindSchema),
    }),
  ),
});
export type ComputerReachAnswer = z.infer<typeof computerReachSchema>;

const admin: ['administrator'] = ['administrator'];

/** Pre-approves a person for an access level. */
export const levelApprovalSchema = z.object({ personId: z.uuid() }).strict();

/** Access request policies and their access levels. */
export const policiesApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/admin/policies',
    summary: 'List access request policies by name, with how many people, groups, computers and levels each covers',
    params: noParams,
    body: null,
    response: z.object({ policies: z.array(policySummarySchema) }),
    roles: admin,
    errors: [],
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/admin/policies/:id',
    summary: 'Read an access request policy with its members, computers, tags and access levels',
    params: idParams,
    body: null,
    response: policySchema,
    roles: admin,
    errors: ['NOT_FOUND'],
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/admin/policies/:id',
    summary:
      'Edit a policy: a new revision that new sessions use, while running ones keep theirs (409 STALE_REVISION when the revision is stale)',
    params: idParams,
    body: policyEditSchema,
    response: policySchema,
    roles: admin,
    errors: ['NOT_FOUND', 'STALE_REVISION', 'CONFLICT', 'BAD_REQUEST'],
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/admin/policies/:id',
    summary: 'Delete a policy and its access levels; running sessions keep going, new ones are refused',
    params: idParams,
    body: null,
    response: okSchema,
    roles: admin,
    errors: ['NOT_FOUND'],
  }),
  reach: defineRoute({
    method: 'GET',
    path: '/api/admin/computers/:id/reach',
    summary:
      'Who can reach a computer: the policies covering it, the people (directly and through groups) and their credential kinds',
    params: idParams,
    body: null,
    response: computerReachSchema,
    roles: admin,
    errors: ['NOT_FOUND'],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/admin/policies',
    summary: 'Create an access request policy with its access levels',
    params: noParams,
    body: newPolicySchema,
    response: idSchema,
    status: 201,
    roles: admin,
    errors: ['CONFLICT', 'BAD_REQUEST'],
  }),
  approveLevel: defineRoute({
    method: 'POST',
    path: '/api/admin/access-levels/:id/approvals',
    summary:
      'Pre-approve a person for an access level: a grant of the level for OPENPSM_GRANT_DEFAULT_HOURS, as POST /api/grants gives (never oneself: SELF_APPROVAL)',
    params: idParams,
    body: levelApprovalSchema,
    response: okSchema,
    status: 201,
    roles: ['administrator', 'access_manager'],
    errors: ['NOT_FOUND', 'SELF_APPROVAL', 'BAD_REQUEST'],
  }),
};
