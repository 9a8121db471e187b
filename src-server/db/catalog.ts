import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { credentialKindSchema, type newComputerSchema, type newPolicySchema, type ResourceGroup } from '../../src-shared/common/api/iam';
import { protocolSchema } from '../../src-shared/common/api/settings';
import type { Database } from './schema';

type NewComputer = z.output<typeof newComputerSchema>;
/** A new policy; its clipboard rules are off unless given. */
type NewPolicy = Omit<z.output<typeof newPolicySchema>, 'disableCopy' | 'disablePaste'> & { disableCopy?: boolean; disablePaste?: boolean };

/** Computers, access request policies and access levels, and what a person may reach. */
export class CatalogRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async createComputer(input: NewComputer): Promise<string> {
    const id = crypto.randomUUID();
    await this.db
      .insertInto('computers')
      .values({ id, name: input.name, protocol: input.protocol, host: input.host, port: input.port, jit_enabled: input.jitEnabled ? 1 : 0, recording: input.recording ? 1 : 0, live_monitoring: input.liveMonitoring ? 1 : 0 })
      .execute();
    return id;
  }

  async computerExists(id: string): Promise<boolean> {
    return (await this.db.selectFrom('computers').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  async createPolicy(input: NewPolicy): Promise<string> {
    const id = crypto.randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('access_request_policies')
        .values({ id, name: input.name, credential_kinds: [...new Set(input.credentialKinds)].join(','), mfa_required: input.mfaRequired ? 1 : 0, terms: input.terms, max_duration_minutes: input.maxDurationMinutes, disable_copy: input.disableCopy ? 1 : 0, disable_paste: input.disablePaste ? 1 : 0 })
        .execute();
      for (const person of new Set(input.persons)) await tx.insertInto('policy_persons').values({ policy_id: id, person_id: person }).execute();
      for (const group of new Set(input.groups)) await tx.insertInto('policy_groups').values({ policy_id: id, group_id: group }).execute();
      for (const computer of new Set(input.computers)) await tx.insertInto('policy_computers').values({ policy_id: id, computer_id: computer }).execute();
      for (const level of input.accessLevels) {
        const levelId = crypto.randomUUID();
        await tx.insertInto('access_levels').values({ id: levelId, policy_id: id, name: level.name, pre_approval: level.preApproval ? 1 : 0 }).execute();
        for (const group of new Set(level.groups)) await tx.insertInto('access_level_groups').values({ access_level_id: levelId, group_id: group }).execute();
      }
    });
    return id;
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
    const policy = await this.db.selectFrom('access_request_policies').select(['terms', 'disable_copy', 'disable_paste']).where('id', '=', policyId).executeTakeFirstOrThrow();
    const flags = await this.db.selectFrom('computers').select(['recording', 'live_monitoring']).where('id', '=', computerId).executeTakeFirstOrThrow();
    return {
      policyName: group.policyName,
      computerName: computer.name,
      protocol: computer.protocol,
      host: computer.host,
      port: computer.port,
      terms: policy.terms,
      recorded: flags.recording === 1,
      disableCopy: Number(policy.disable_copy) === 1,
      disablePaste: Number(policy.disable_paste) === 1,
      liveMonitoring: flags.live_monitoring === 1,
      credentialKinds: group.credentialKinds,
      mfaRequired: group.mfaRequired,
    };
  }

  /** The policies that name the person or one of their groups, each with its computers. */
  async resourcesFor(personId: string, rdpProxyEnabled: boolean): Promise<ResourceGroup[]> {
    const viaGroups = this.db.selectFrom('policy_groups').innerJoin('memberships', 'memberships.group_id', 'policy_groups.group_id').select('policy_groups.policy_id').where('memberships.person_id', '=', personId);
    const rows = await this.db
      .selectFrom('access_request_policies as p')
      .innerJoin('policy_computers as pc', 'pc.policy_id', 'p.id')
      .innerJoin('computers as c', 'c.id', 'pc.computer_id')
      .select(['p.id as policyId', 'p.name as policyName', 'p.credential_kinds', 'p.mfa_required', 'c.id as computerId', 'c.name', 'c.protocol', 'c.host', 'c.port'])
      .where((eb) => eb.or([eb('p.id', 'in', this.db.selectFrom('policy_persons').select('policy_id').where('person_id', '=', personId)), eb('p.id', 'in', viaGroups)]))
      .orderBy('p.name')
      .orderBy('c.name')
      .execute();
    const withShared = new Set((await this.db.selectFrom('shared_credentials').select('computer_id').distinct().execute()).map((r) => r.computer_id));
    const groups = new Map<string, ResourceGroup>();
    for (const row of rows) {
      let group = groups.get(row.policyId);
      if (!group) {
        group = { policyId: row.policyId, policyName: row.policyName, credentialKinds: row.credential_kinds.split(',').map((k) => credentialKindSchema.parse(k)), mfaRequired: row.mfa_required === 1, computers: [] };
        groups.set(row.policyId, group);
      }
      const protocol = protocolSchema.parse(row.protocol);
      const blockedReason = protocol === 'rdp' && !rdpProxyEnabled ? ('RDP_PROXY_DISABLED' as const) : null;
      const needsChoice = !group.credentialKinds.includes('shared') || group.mfaRequired;
      const connectProblem = blockedReason ?? (needsChoice ? ('CONNECT_NEEDS_CHOICE' as const) : withShared.has(row.computerId) ? null : ('NO_SHARED_CREDENTIAL' as const));
      group.computers.push({ computerId: row.computerId, name: row.name, protocol, host: row.host, port: row.port, blockedReason, connectProblem });
    }
    return [...groups.values()];
  }
}
