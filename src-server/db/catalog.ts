import type { Kysely } from 'kysely';
import type { NewComputer } from '@shared/common/api/controlPlane/computerFields';
import type { ResourceGroup } from '@shared/common/api/controlPlane/resources';
import * as accessLevels from './accessLevels';
import type { PersonLevel } from './accessLevels';
import { resourceAt, resourcesOf } from './myResources';
import { hookOf } from './storedHooks';
import { insertPolicy, type PolicyInput } from './policyWrites';
import { ReachCache } from './reachCache';
import { targetOptions } from './rdpSecurity';
import { ComputerRepository } from './computers';
import type { Database } from './schema';

export type { PersonLevel } from './accessLevels';

/** A computer as demo data and tests add it (the administration adds them with ComputerRepository). */
type CatalogComputer = Omit<NewComputer, 'tags'>;

/** Computers, access request policies and access levels, and what a person may reach. */
export class CatalogRepository {
  private readonly reach: ReachCache;

  constructor(private readonly db: Kysely<Database>) {
    this.reach = new ReachCache(db);
  }

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
    const found = await resourceAt(this.db, { personId, policyId, computerId }, true);
    if (!found) return null;
    const { group, computer, levels, row } = found;
    return {
      policyName: group.policyName,
      /** The policy revision the session would start under. */
      policyRevision: Number(row.revision),
      computerName: computer.name,
      protocol: computer.protocol,
      host: computer.host,
      port: computer.port,
      terms: row.terms,
      /** The longest a session may run under the policy; the gateway ends it then. */
      maxDurationMinutes: Number(row.max_duration_minutes),
      // Both the computer and the policy must record (GDPR: a policy may turn it off).
      recorded: Number(row.recording) === 1 && Number(row.policy_recording) === 1,
      disableCopy: Number(row.disable_copy) === 1,
      disablePaste: Number(row.disable_paste) === 1,
      // Both the computer and the policy must allow watching (GDPR).
      liveMonitoring: Number(row.live_monitoring) === 1 && Number(row.policy_live_monitoring) === 1,
      announceWatchers: Number(row.announce_watchers) === 1,
      credentialKinds: group.credentialKinds,
      mfaRequired: group.mfaRequired,
      jitEnabled: computer.jitEnabled,
      authorization: hookOf(row.authorization_hook),
      levels,
      ...(await targetOptions(this.db, computerId)),
    };
  }

  /** Every access level of a policy, with whether the person's groups carry it and whether they are pre-approved. */
  levelsFor(personId: string, policyId: string): Promise<PersonLevel[]> {
    return accessLevels.levelsFor(this.db, personId, policyId);
  }

  /** The policies that name the person or one of their groups, each with its computers (myResources.ts), their reach kept while unchanged. */
  async resourcesFor(personId: string, rdpProxyEnabled: boolean): Promise<ResourceGroup[]> {
    return resourcesOf(this.db, personId, rdpProxyEnabled, new Date(), await this.reach.reachOf(personId));
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
