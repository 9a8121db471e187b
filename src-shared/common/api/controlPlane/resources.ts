import { z } from 'zod';
import { protocolSchema } from '../settings';
import { offeredAuthorizationSchema } from './authorizationPlugins';
import { credentialKindSchema } from './policies';
import { defineRoute, noParams } from './route';

/** One computer in My Resources. */
export const resourceSchema = z.object({
  computerId: z.uuid(),
  name: z.string(),
  protocol: protocolSchema,
  host: z.string(),
  port: z.number().int(),
  /** Why no session can be started from this row, when none can (e.g. RDP_PROXY_DISABLED). */
  blockedReason: z.enum(['RDP_PROXY_DISABLED']).nullable(),
  /** Why a one-click Connect cannot start here (Advanced Mode may still), or null when it can. */
  connectProblem: z
    .enum([
      'RDP_PROXY_DISABLED',
      'CONNECT_NEEDS_CHOICE',
      'NO_SHARED_CREDENTIAL',
      'ACCESS_LEVEL_REQUIRED',
      'ACCESS_LEVEL_NOT_ASSIGNED',
      'ACCESS_LEVEL_NOT_APPROVED',
      'GRANT_EXPIRED',
    ])
    .nullable(),
  /** Advanced Mode may offer a temporary (JIT) account here. */
  jitEnabled: z.boolean(),
  /** Whether the gateway reached the computer's port lately (a cached TCP connect); absent when the server did not check. */
  reachability: z.enum(['reachable', 'unreachable']).optional(),
});

/** An access level as Advanced Mode offers it: the levels the person's groups (or an active grant) carry. */
export const offeredLevelSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  preApproval: z.boolean(),
  /** An active grant (of the level or its policy) approves it. */
  approved: z.boolean(),
  /** Not approved, and the person's last grant for it ran out. */
  expired: z.boolean(),
  /** The end of the active grant that approves it (a session under it ends then), or null. */
  approvedUntil: z.string().nullable(),
});
export type OfferedLevel = z.infer<typeof offeredLevelSchema>;

/** The computers the person may reach, grouped by access request policy. */
export const resourceGroupSchema = z.object({
  policyId: z.uuid(),
  policyName: z.string(),
  credentialKinds: z.array(credentialKindSchema),
  mfaRequired: z.boolean(),
  /** The access levels the person's groups carry under this policy (a policy may have others). */
  accessLevels: z.array(offeredLevelSchema),
  /** Whether the policy has access levels at all: then a session runs under one. */
  hasAccessLevels: z.boolean(),
  /** Whether the policy takes access requests: the longest window one may ask for (in minutes), and every level one may ask for. */
  requests: z
    .object({ maxMinutes: z.number().int(), levels: z.array(z.object({ id: z.uuid(), name: z.string() })) })
    .nullable(),
  /** What the policy's authorization plugin asks (a pattern and a webhook's address stay on the server). */
  authorization: offeredAuthorizationSchema.nullable(),
  computers: z.array(resourceSchema),
});
export const resourcesSchema = z.object({
  groups: z.array(resourceGroupSchema),
  /** Whether the person has an authenticator enrolled (policies with MFA need one). */
  mfaEnrolled: z.boolean(),
});
export type ResourceGroup = z.infer<typeof resourceGroupSchema>;
export type Resources = z.infer<typeof resourcesSchema>;

/** My Resources. */
export const resourcesApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/resources',
    summary: 'My Resources: the computers the person may reach, by access request policy',
    params: noParams,
    body: null,
    response: resourcesSchema,
    roles: 'signed-in',
    errors: [],
  }),
};
