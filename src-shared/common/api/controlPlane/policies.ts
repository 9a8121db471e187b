import { z } from 'zod';
import { idSchema, nameSchema, okSchema } from './basics';
import { defineRoute, idParams, noParams } from './route';

/** How a policy lets a session sign in to its computer (where the credential comes from; vault's secretKindSchema is what a secret is). */
export const credentialKindSchema = z.enum(['shared', 'personal', 'jit']);
export type CredentialKind = z.infer<typeof credentialKindSchema>;

/** The policy's authorization hook (seed 002): what it asks before a session, and how an answer must look. */
export const authorizationHookSchema = z
  .object({
    asks: z.enum(['ticket-id', 'justification']),
    /** The question shown in Advanced Mode. */
    prompt: z.string().trim().min(1, 'is required').max(200),
    /** A regular expression a ticket id must match (whole answer), or null for any non-empty answer. */
    pattern: z
      .string()
      .max(200)
      .refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'must be a valid regular expression')
      .nullable(),
  })
  .strict();
export type AuthorizationHook = z.infer<typeof authorizationHookSchema>;

export const newAccessLevelSchema = z.object({
  name: nameSchema,
  preApproval: z.boolean().default(false),
  groups: z.array(z.uuid()).max(1000).default([]),
});

export const newPolicySchema = z.object({
  name: nameSchema,
  /** Who may reach the computers: persons and groups. */
  persons: z.array(z.uuid()).max(10_000).default([]),
  groups: z.array(z.uuid()).max(1000).default([]),
  computers: z.array(z.uuid()).max(10_000).default([]),
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
  /** The authorization hook: a ticket id or justification asked before each session. */
  authorization: authorizationHookSchema.nullable().default(null),
  /** GDPR: off means no one may watch this policy's sessions live (the terms page says so). */
  liveMonitoring: z.boolean().default(true),
  /** Tell the watched user, with a banner, when someone starts or stops watching. */
  announceWatchers: z.boolean().default(true),
  /** GDPR: off means this policy's sessions are never recorded (the terms page says so). */
  recording: z.boolean().default(true),
});

/** Pre-approves a person for an access level. */
export const levelApprovalSchema = z.object({ personId: z.uuid() }).strict();

/** Access request policies and their access levels. */
export const policiesApi = {
  create: defineRoute({
    method: 'POST',
    path: '/api/admin/policies',
    summary: 'Create an access request policy with its access levels',
    params: noParams,
    body: newPolicySchema,
    response: idSchema,
    status: 201,
    roles: ['administrator'],
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
