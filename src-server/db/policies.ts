import { accessRequestSettingsSchema } from '@shared/common/api/controlPlane/accessRequests';
import type { Kysely } from 'kysely';
import { credentialKindSchema, type Policy, type PolicySummary } from '@shared/common/api/controlPlane/policies';
import { insertPolicy, replacePolicy, softDeletePolicy, type PolicyInput } from './policyWrites';
import type { Database } from './schema';
import type { ServerKey } from '../secrets/serverKey';
import { hookOf, sealedHook, shownHook, type HookWrite } from './storedHooks';

/** A policy as the administration writes it: a webhook's secret in clear, sealed here before it is stored. */
export type PolicyWrite = Omit<PolicyInput, 'authorization'> & { authorization?: HookWrite | null | undefined };

const kindsOf = (text: string) => text.split(',').map((k) => credentialKindSchema.parse(k));
const on = (n: number | string) => Number(n) === 1;

/** How many rows of a policy-keyed table each policy has. */
async function countBy(
  db: Kysely<Database>,
  table: 'policy_persons' | 'policy_groups' | 'policy_computers' | 'access_levels',
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom(table)
    .select((eb) => ['policy_id', eb.fn.countAll<number | string>().as('n')])
    .groupBy('policy_id')
    .execute();
  return new Map(rows.map((r) => [r.policy_id, Number(r.n)]));
}

/** Access request policies for the administration: list, read, edit (by revision), delete, and revision snapshots. */
export class PolicyRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly key: Pick<ServerKey, 'seal'>,
  ) {}

  async create(input: PolicyWrite, by: string): Promise<string> {
    return insertPolicy(this.db, { ...input, authorization: sealedHook(input.authorization, null, this.key) }, by);
  }

  async list(): Promise<PolicySummary[]> {
    const rows = await this.db
      .selectFrom('access_request_policies')
      .selectAll()
      .where('deleted_at', 'is', null)
      .orderBy('name')
      .execute();
    const [persons, groups, computers, levels] = await Promise.all([
      countBy(this.db, 'policy_persons'),
      countBy(this.db, 'policy_groups'),
      countBy(this.db, 'policy_computers'),
      countBy(this.db, 'access_levels'),
    ]);
    const tags = await this.db.selectFrom('policy_tags').select(['policy_id', 'tag']).orderBy('tag').execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      revision: Number(r.revision),
      credentialKinds: kindsOf(r.credential_kinds),
      persons: persons.get(r.id) ?? 0,
      groups: groups.get(r.id) ?? 0,
      computers: computers.get(r.id) ?? 0,
      tags: tags.filter((t) => t.policy_id === r.id).map((t) => t.tag),
      accessLevels: levels.get(r.id) ?? 0,
      recording: on(r.recording),
      liveMonitoring: on(r.live_monitoring),
    }));
  }

  async get(id: string): Promise<Policy | undefined> {
    const r = await this.db
      .selectFrom('access_request_policies')
      .selectAll()
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!r) return undefined;
    const persons = await this.db
      .selectFrom('policy_persons')
      .select('person_id')
      .where('policy_id', '=', id)
      .execute();
    const groups = await this.db.selectFrom('policy_groups').select('group_id').where('policy_id', '=', id).execute();
    const computers = await this.db
      .selectFrom('policy_computers')
      .select('computer_id')
      .where('policy_id', '=', id)
      .execute();
    const levels = await this.db
      .selectFrom('access_levels')
      .selectAll()
      .where('policy_id', '=', id)
      .orderBy('name')
      .orderBy('id')
      .execute();
    const levelGroups = levels.length
      ? await this.db
          .selectFrom('access_level_groups')
          .selectAll()
          .where(
            'access_level_id',
            'in',
            levels.map((l) => l.id),
          )
          .execute()
      : [];
    const tags = await this.db
      .selectFrom('policy_tags')
      .select('tag')
      .where('policy_id', '=', id)
      .orderBy('tag')
      .execute();
    return {
      id: r.id,
      revision: Number(r.revision),
      name: r.name,
      persons: persons.map((p) => p.person_id),
      groups: groups.map((g) => g.group_id),
      computers: computers.map((c) => c.computer_id),
      tags: tags.map((t) => t.tag),
      credentialKinds: kindsOf(r.credential_kinds),
      accessLevels: levels.map((l) => ({
        id: l.id,
        name: l.name,
        preApproval: on(l.pre_approval),
        groups: levelGroups.filter((g) => g.access_level_id === l.id).map((g) => g.group_id),
        targetAccount: l.target_account,
      })),
      mfaRequired: on(r.mfa_required),
      terms: r.terms,
      maxDurationMinutes: Number(r.max_duration_minutes),
      disableCopy: on(r.disable_copy),
      disablePaste: on(r.disable_paste),
      authorization: shownHook(hookOf(r.authorization_hook)),
      liveMonitoring: on(r.live_monitoring),
      announceWatchers: on(r.announce_watchers),
      recording: on(r.recording),
      accessRequests: r.access_requests ? accessRequestSettingsSchema.parse(JSON.parse(r.access_requests)) : null,
    };
  }

  /** Replaces the policy on the revision read: the next revision, which new sessions use. False when stale or gone. */
  async update(id: string, revision: number, input: PolicyWrite, by: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('access_request_policies')
      .select('authorization_hook')
      .where('id', '=', id)
      .executeTakeFirst();
    const authorization = sealedHook(input.authorization, hookOf(row?.authorization_hook ?? null), this.key);
    return replacePolicy(this.db, id, revision, { ...input, authorization }, by);
  }

  /**
   * Deletes the policy softly (see softDeletePolicy): nobody reaches anything through it any
   * more, its name is free, and the sessions, revision snapshots and audit under it stay.
   */
  remove(id: string, by: string): Promise<boolean> {
    return softDeletePolicy(this.db, id, by);
  }

  /** The policy's current revision, or null when it is gone (deleted). */
  async revisionOf(id: string): Promise<number | null> {
    const r = await this.db
      .selectFrom('access_request_policies')
      .select('revision')
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return r ? Number(r.revision) : null;
  }

  /** The terms text of one revision of a policy, as the person read and agreed to it; null when there is no such snapshot. */
  async termsAt(id: string, revision: number): Promise<string | null> {
    const r = await this.db
      .selectFrom('policy_revisions')
      .select('terms')
      .where('policy_id', '=', id)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return r?.terms ?? null;
  }
}
