import type { Kysely } from 'kysely';
import type { NewComputer } from '@shared/common/api/controlPlane/computerFields';
import {
  authorizationHookSchema,
  credentialKindSchema,
  type AuthorizationHook,
} from '@shared/common/api/controlPlane/policies';
import type { OfferedLevel, ResourceGroup } from '@shared/common/api/controlPlane/resources';
import { protocolSchema } from '@shared/common/api/settings';
import * as accessLevels from './accessLevels';
import type { PersonLevel } from './accessLevels';
import { insertPolicy, type PolicyInput } from './policyWrites';
import { targetOptions } from './rdpSecurity';
import { ComputerRepository } from './computers';
import type { Database } from './schema';

export type { PersonLevel } from './accessLevels';

/** A computer as demo data and tests add it (the administration adds them with ComputerRepository). */
type CatalogComputer = Omit<NewComputer, 'tags'>;
const hookOf = (text: string | null): AuthorizationHook | null =>
  text === null ? null : authorizationHookSchema.parse(JSON.parse(text));

/** Computers, access request policies and access levels, and what a person may reach. */
export class CatalogRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds a computer without tags, as the administration's repository adds one. */
  createComputer(input: CatalogComputer): Promise<string> {
    return new ComputerRepository(this.db).create({ ...input, tags: [] });
  }

  async computerExists(id: string): Promise<boolean> {
    const found = await this.db
      .selectFrom('computers')
      .select('id')
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return found !== undefined;
  }

  /** Whether anyone may watch a session of this policy on this computer: both switches on (GDPR). */
  async monitoringAllowed(policyId: string, computerId: string): Promise<boolean> {
    const policy = await this.db
      .selectFrom('access_request_policies')
      .select('live_monitoring')
      .where('id', '=', policyId)
      .executeTakeFirst();
    const computer = await this.db
      .selectFrom('computers')
      .select('live_monitoring')
      .where('id', '=', computerId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(policy?.live_monitoring) === 1 && Number(computer?.live_monitoring) === 1;
  }

  /** The computer's host; a deleted one's only `evenDeleted` (to remove the JIT accounts left on it). */
  async hostOf(id: string, evenDeleted = false): Promise<string | null> {
    let query = this.db.selectFrom('computers').select('host').where('id', '=', id);
    if (!evenDeleted) query = query.where('deleted_at', 'is', null);
    const found = await query.executeTakeFirst();
    return found?.host ?? null;
  }

  /** Creates a policy at revision 1 (the administration's route: PolicyRepository.create, which names who). */
  createPolicy(input: PolicyInput): Promise<string> {
    return insertPolicy(this.db, input, 'setup');
  }

  /**
   * What a Connect needs to know of a computer the person reaches under a policy (the terms,
   * recording, live monitoring, how the policy lets them connect); null when the person
   * does not reach it under that policy.
   */
  async connectTarget(personId: string, policyId: string, computerId: string) {
    const group = (await this.resourcesFor(personId, true)).find((g) => g.policyId === policyId);
    const computer = group?.computers.find((c) => c.computerId === computerId);
    if (!group || !computer) return null;
    const policy = await this.db
      .selectFrom('access_request_policies')
      .select([
        'terms',
        'max_duration_minutes',
        'disable_copy',
        'disable_paste',
        'authorization_hook',
        'live_monitoring',
        'announce_watchers',
        'recording',
        'revision',
      ])
      .where('id', '=', policyId)
      .executeTakeFirstOrThrow();
    const flags = await this.db
      .selectFrom('computers')
      .select(['recording', 'live_monitoring', 'jit_enabled'])
      .where('id', '=', computerId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!flags) return null;
    return {
      policyName: group.policyName,
      /** The policy revision the session would start under. */
      policyRevision: Number(policy.revision),
      computerName: computer.name,
      protocol: computer.protocol,
      host: computer.host,
      port: computer.port,
      terms: policy.terms,
      /** The longest a session may run under the policy; the gateway ends it then. */
      maxDurationMinutes: Number(policy.max_duration_minutes),
      // Both the computer and the policy must record (GDPR: a policy may turn it off).
      recorded: Number(flags.recording) === 1 && Number(policy.recording) === 1,
      disableCopy: Number(policy.disable_copy) === 1,
      disablePaste: Number(policy.disable_paste) === 1,
      // Both the computer and the policy must allow watching (GDPR).
      liveMonitoring: Number(flags.live_monitoring) === 1 && Number(policy.live_monitoring) === 1,
      announceWatchers: Number(policy.announce_watchers) === 1,
      credentialKinds: group.credentialKinds,
      mfaRequired: group.mfaRequired,
      jitEnabled: Number(flags.jit_enabled) === 1,
      authorization: hookOf(policy.authorization_hook),
      levels: await this.levelsFor(personId, policyId),
      ...(await targetOptions(this.db, computerId)),
    };
  }

  /** Every access level of a policy, with whether the person's groups carry it and whether they are pre-approved. */
  levelsFor(personId: string, policyId: string): Promise<PersonLevel[]> {
    return accessLevels.levelsFor(this.db, personId, policyId);
  }

  /** The policies that name the person or one of their groups, each with its computers. */
  async resourcesFor(personId: string, rdpProxyEnabled: boolean): Promise<ResourceGroup[]> {
    const viaGroups = this.db
      .selectFrom('policy_groups')
      .innerJoin('memberships', 'memberships.group_id', 'policy_groups.group_id')
      .select('policy_groups.policy_id')
      .where('memberships.person_id', '=', personId);
    const rows = await this.db
      .selectFrom('access_request_policies as p')
      .innerJoin(coveredComputers(this.db).as('pc'), 'pc.policy_id', 'p.id')
      .innerJoin('computers as c', 'c.id', 'pc.computer_id')
      .select([
        'p.id as policyId',
        'p.name as policyName',
        'p.credential_kinds',
        'p.mfa_required',
        'p.authorization_hook',
        'c.id as computerId',
        'c.name',
        'c.protocol',
        'c.host',
        'c.port',
        'c.jit_enabled',
      ])
      .where('c.deleted_at', 'is', null)
      .where('p.deleted_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('p.id', 'in', this.db.selectFrom('policy_persons').select('policy_id').where('person_id', '=', personId)),
          eb('p.id', 'in', viaGroups),
        ]),
      )
      .orderBy('p.name')
      .orderBy('c.name')
      .execute();
    const withShared = new Set(
      (await this.db.selectFrom('shared_credentials').select('computer_id').distinct().execute()).map(
        (r) => r.computer_id,
      ),
    );
    const groups = new Map<string, ResourceGroup>();
    for (const row of rows) {
      let group = groups.get(row.policyId);
      if (!group) {
        const levels = await this.levelsFor(personId, row.policyId);
        const hook = hookOf(row.authorization_hook);
        group = {
          policyId: row.policyId,
          policyName: row.policyName,
          credentialKinds: row.credential_kinds.split(',').map((k) => credentialKindSchema.parse(k)),
          mfaRequired: Number(row.mfa_required) === 1,
          accessLevels: levels
            .filter((l) => l.offered)
            .map(({ offered: _, targetAccount: __, grantId: ___, ...l }) => l),
          hasAccessLevels: levels.length > 0,
          authorization: hook ? { asks: hook.asks, prompt: hook.prompt } : null,
          computers: [],
        };
        groups.set(row.policyId, group);
      }
      const protocol = protocolSchema.parse(row.protocol);
      const blockedReason = protocol === 'rdp' && !rdpProxyEnabled ? ('RDP_PROXY_DISABLED' as const) : null;
      const connectProblem =
        blockedReason ??
        defaultConnectProblem(group) ??
        (withShared.has(row.computerId) ? null : ('NO_SHARED_CREDENTIAL' as const));
      group.computers.push({
        computerId: row.computerId,
        name: row.name,
        protocol,
        host: row.host,
        port: row.port,
        blockedReason,
        connectProblem,
        jitEnabled: Number(row.jit_enabled) === 1,
      });
    }
    return [...groups.values()];
  }
}

/** Each policy with each computer it covers: picked, or carrying one of the policy's tags. */
export function coveredComputers(db: Kysely<Database>) {
  return db
    .selectFrom('policy_computers')
    .select(['policy_id', 'computer_id'])
    .union(
      db
        .selectFrom('policy_tags as pt')
        .innerJoin('computer_tags as ct', 'ct.tag', 'pt.tag')
        .select(['pt.policy_id as policy_id', 'ct.computer_id as computer_id']),
    );
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
