import type { Kysely } from 'kysely';
import { credentialKindSchema } from '@shared/common/api/controlPlane/policies';
import type { OfferedLevel, ResourceGroup } from '@shared/common/api/controlPlane/resources';
import { protocolSchema } from '@shared/common/api/settings';
import { settingsOf } from './accessRequests';
import { levelsByPolicy, levelsFor, type PersonLevel } from './accessLevels';
import { shownPolicyColumns, policyRows, reachQuery } from './reach';
import type { Database } from './schema';
import { hookOf, offeredHook } from './storedHooks';

type ReachRow = Awaited<ReturnType<ReturnType<typeof reachQuery>['execute']>>[number];
type PolicyRow = Awaited<ReturnType<typeof policyRows>>[number];
type Resource = ResourceGroup['computers'][number];

/** What My Resources shows of a policy's access-request settings: whether it takes requests, the longest window, every level. */
function requestsOf(text: string | null, levels: PersonLevel[]): ResourceGroup['requests'] {
  const settings = settingsOf(text);
  return settings ? { maxMinutes: settings.maxMinutes, levels: levels.map((l) => ({ id: l.id, name: l.name })) } : null;
}

/** A policy as My Resources shows it to the person, without its computers yet. */
function groupOf(row: PolicyRow, levels: PersonLevel[]): ResourceGroup {
  const hook = hookOf(row.authorization_hook);
  return {
    policyId: row.policyId,
    policyName: row.policyName,
    credentialKinds: row.credential_kinds.split(',').map((k) => credentialKindSchema.parse(k)),
    mfaRequired: Number(row.mfa_required) === 1,
    accessLevels: levels
      .filter((l) => l.offered)
      .map(({ offered: _, targetAccount: __, grantId: ___, grantOnly: ____, requestId: _____, ...l }) => l),
    hasAccessLevels: levels.length > 0,
    requests: requestsOf(row.access_requests, levels),
    authorization: offeredHook(hook),
    computers: [],
  };
}

/** A computer as My Resources shows it under its policy, with why a one-click Connect cannot start there. */
function resourceOf(row: ReachRow, group: ResourceGroup, rdpProxyEnabled: boolean): Resource {
  const protocol = protocolSchema.parse(row.protocol);
  const blockedReason = protocol === 'rdp' && !rdpProxyEnabled ? ('RDP_PROXY_DISABLED' as const) : null;
  const connectProblem =
    blockedReason ??
    defaultConnectProblem(group) ??
    (Number(row.has_shared) === 1 ? null : ('NO_SHARED_CREDENTIAL' as const));
  return {
    computerId: row.computerId,
    name: row.name,
    protocol,
    host: row.host,
    port: Number(row.port),
    blockedReason,
    connectProblem,
    jitEnabled: Number(row.jit_enabled) === 1,
  };
}

/** What a person reaches as the database says it: the (policy, computer) rows in order, and those policies. */
export interface Reach {
  rows: readonly ReachRow[];
  policies: ReadonlyMap<string, PolicyRow>;
}

/** The person's reach: two statements whatever its size (reach, policies). */
export async function reachOf(db: Kysely<Database>, personId: string): Promise<Reach> {
  const rows = await reachQuery(db, personId, null).orderBy('p.name').orderBy('c.name').orderBy('p.id').execute();
  if (rows.length === 0) return { rows, policies: new Map() };
  return { rows, policies: new Map((await policyRows(db, personId)).map((p) => [p.policyId, p])) };
}

/**
 * My Resources: the policies that name the person or one of their groups, each with its
 * computers, in four statements whatever their number (reach, policies, levels, grants). `known`:
 * the person's reach when it is already read (reachCache.ts); the levels are read each time, as
 * grants start and end with the clock.
 */
export async function resourcesOf(
  db: Kysely<Database>,
  personId: string,
  rdpProxyEnabled: boolean,
  now = new Date(),
  known?: Reach,
): Promise<ResourceGroup[]> {
  const { rows, policies } = known ?? (await reachOf(db, personId));
  if (rows.length === 0) return [];
  const levels = await levelsByPolicy(db, personId, now);
  const groups = new Map<string, ResourceGroup>();
  for (const row of rows) {
    let group = groups.get(row.policyId);
    if (!group) {
      const policy = policies.get(row.policyId);
      // Deleted or unnamed between the two statements: as if the reach had not found it.
      if (!policy) continue;
      group = groupOf(policy, levels.get(row.policyId) ?? []);
      groups.set(row.policyId, group);
    }
    group.computers.push(resourceOf(row, group, rdpProxyEnabled));
  }
  return [...groups.values()];
}

/**
 * One computer under one policy as My Resources would show it, checked directly (the same
 * rules, for this pair only): its group (without the other computers), the row, the person's
 * levels under the policy and what a Connect needs of the policy and the computer; null when
 * the person does not reach it there.
 */
export async function resourceAt(
  db: Kysely<Database>,
  ids: { personId: string; policyId: string; computerId: string },
  rdpProxyEnabled: boolean,
  now = new Date(),
) {
  const row = await reachQuery(db, ids.personId, { policyId: ids.policyId, computerId: ids.computerId })
    .select([
      ...shownPolicyColumns,
      'p.terms',
      'p.max_duration_minutes',
      'p.disable_copy',
      'p.disable_paste',
      'p.live_monitoring as policy_live_monitoring',
      'p.announce_watchers',
      'p.recording as policy_recording',
      'p.revision',
      'c.recording',
      'c.live_monitoring',
    ])
    .executeTakeFirst();
  if (!row) return null;
  const levels = await levelsFor(db, ids.personId, ids.policyId, now);
  const group = groupOf(row, levels);
  return { group, computer: resourceOf(row, group, rdpProxyEnabled), levels, row };
}

/**
 * Why a one-click Connect (shared credential, no questions) cannot run under a policy, or null:
 * the policy asks something (MFA, a ticket id), does not allow the shared credential, or has
 * access levels of which the person does not have exactly one usable.
 */
export function defaultConnectProblem(policy: {
  credentialKinds: string[];
  mfaRequired: boolean;
  authorization: unknown;
  hasAccessLevels: boolean;
  accessLevels: OfferedLevel[];
}) {
  if (!policy.credentialKinds.includes('shared') || policy.mfaRequired || policy.authorization !== null)
    return 'CONNECT_NEEDS_CHOICE' as const;
  if (!policy.hasAccessLevels) return null;
  if (policy.accessLevels.length === 0) return 'ACCESS_LEVEL_NOT_ASSIGNED' as const;
  const [only, ...others] = policy.accessLevels;
  if (others.length > 0 || !only) return 'ACCESS_LEVEL_REQUIRED' as const;
  if (!only.preApproval || only.approved) return null;
  return only.expired ? ('GRANT_EXPIRED' as const) : ('ACCESS_LEVEL_NOT_APPROVED' as const);
}
