import type { AccessRequestSettings } from '@shared/common/api/controlPlane/accessRequests';
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { CredentialKind } from '@shared/common/api/controlPlane/policies';
import type { StoredHookInput } from './storedHooks';
import type { Database } from './schema';

/** One access level as a policy write takes it: an id keeps an existing level's id. */
export interface PolicyLevelInput {
  id?: string | undefined;
  name: string;
  preApproval: boolean;
  groups: string[];
  targetAccount?: string | null | undefined;
}

/** A whole policy as it is written (created, or replaced by an edit). */
export interface PolicyInput {
  name: string;
  persons: string[];
  groups: string[];
  computers: string[];
  tags?: string[] | undefined;
  credentialKinds: CredentialKind[];
  accessLevels: PolicyLevelInput[];
  mfaRequired: boolean;
  terms: string;
  maxDurationMinutes: number;
  disableCopy?: boolean | undefined;
  disablePaste?: boolean | undefined;
  /** The plugin as stored: a webhook's secret already sealed (snapshots keep it sealed too). */
  authorization?: StoredHookInput | null | undefined;
  liveMonitoring?: boolean | undefined;
  announceWatchers?: boolean | undefined;
  recording?: boolean | undefined;
  accessRequests?: AccessRequestSettings | null | undefined;
}

/** The policy's own columns. */
export function policyColumns(input: PolicyInput) {
  return {
    name: input.name,
    credential_kinds: [...new Set(input.credentialKinds)].join(','),
    mfa_required: input.mfaRequired ? 1 : 0,
    terms: input.terms,
    max_duration_minutes: input.maxDurationMinutes,
    disable_copy: input.disableCopy ? 1 : 0,
    disable_paste: input.disablePaste ? 1 : 0,
    authorization_hook: input.authorization ? JSON.stringify(input.authorization) : null,
    live_monitoring: input.liveMonitoring === false ? 0 : 1,
    announce_watchers: input.announceWatchers === false ? 0 : 1,
    recording: input.recording === false ? 0 : 1,
    // Only when given: a store migrated to an older schema (before 030) has no such column.
    ...(input.accessRequests === undefined
      ? {}
      : { access_requests: input.accessRequests ? JSON.stringify(input.accessRequests) : null }),
  };
}

/** Replaces the policy's members, computers and tags with the input's. */
async function writeMembers(tx: Transaction<Database>, id: string, input: PolicyInput) {
  await tx.deleteFrom('policy_persons').where('policy_id', '=', id).execute();
  await tx.deleteFrom('policy_groups').where('policy_id', '=', id).execute();
  await tx.deleteFrom('policy_computers').where('policy_id', '=', id).execute();
  await tx.deleteFrom('policy_tags').where('policy_id', '=', id).execute();
  for (const person of new Set(input.persons))
    await tx.insertInto('policy_persons').values({ policy_id: id, person_id: person }).execute();
  for (const group of new Set(input.groups))
    await tx.insertInto('policy_groups').values({ policy_id: id, group_id: group }).execute();
  for (const computer of new Set(input.computers))
    await tx.insertInto('policy_computers').values({ policy_id: id, computer_id: computer }).execute();
  for (const tag of new Set(input.tags ?? []))
    await tx.insertInto('policy_tags').values({ policy_id: id, tag }).execute();
}

/**
 * Replaces the policy's access levels: a level given with the id of one of the policy's levels
 * keeps that id (grants and approvals refer to it); the others are new; levels left out go.
 */
async function writeLevels(tx: Transaction<Database>, id: string, levels: PolicyLevelInput[]) {
  const existing = new Set(
    (await tx.selectFrom('access_levels').select('id').where('policy_id', '=', id).execute()).map((r) => r.id),
  );
  const kept = new Set(levels.map((l) => l.id).filter((l): l is string => l !== undefined && existing.has(l)));
  const gone = [...existing].filter((l) => !kept.has(l));
  if (gone.length) await tx.deleteFrom('access_levels').where('id', 'in', gone).execute();
  for (const level of levels) {
    const values = {
      name: level.name,
      pre_approval: level.preApproval ? 1 : 0,
      target_account: level.targetAccount ?? null,
    };
    let levelId = level.id;
    if (levelId !== undefined && kept.has(levelId)) {
      await tx.updateTable('access_levels').set(values).where('id', '=', levelId).execute();
      await tx.deleteFrom('access_level_groups').where('access_level_id', '=', levelId).execute();
    } else {
      levelId = crypto.randomUUID();
      await tx
        .insertInto('access_levels')
        .values({ id: levelId, policy_id: id, ...values })
        .execute();
    }
    for (const group of new Set(level.groups))
      await tx.insertInto('access_level_groups').values({ access_level_id: levelId, group_id: group }).execute();
  }
}

/** The snapshot a revision keeps: every setting (terms apart), as JSON. */
function settingsOf(input: PolicyInput): string {
  const { terms: _, ...settings } = input;
  return JSON.stringify(settings);
}

/** Records a revision's snapshot: its settings and its terms text. */
async function snapshot(tx: Transaction<Database>, id: string, revision: number, input: PolicyInput, by: string) {
  await tx
    .insertInto('policy_revisions')
    .values({
      policy_id: id,
      revision,
      settings: settingsOf(input),
      terms: input.terms,
      created_at: new Date().toISOString(),
      created_by: by,
    })
    .execute();
}

/** Creates a policy at revision 1, with its members, computers, tags and levels, and its first snapshot. */
export async function insertPolicy(db: Kysely<Database>, input: PolicyInput, by: string): Promise<string> {
  const id = crypto.randomUUID();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('access_request_policies')
      .values({ id, ...policyColumns(input), revision: 1 })
      .execute();
    await writeMembers(tx, id, input);
    await writeLevels(tx, id, input.accessLevels);
    await snapshot(tx, id, 1, input, by);
  });
  return id;
}

/**
 * Replaces a policy on the revision the caller read, making the next revision with its
 * snapshot; false when the revision is stale or the policy gone (deleted).
 */
export async function replacePolicy(
  db: Kysely<Database>,
  id: string,
  revision: number,
  input: PolicyInput,
  by: string,
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const done = await tx
      .updateTable('access_request_policies')
      .set({ ...policyColumns(input), revision: revision + 1 })
      .where('id', '=', id)
      .where('revision', '=', revision)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) return false;
    await writeMembers(tx, id, input);
    await writeLevels(tx, id, input.accessLevels);
    await snapshot(tx, id, revision + 1, input, by);
    return true;
  });
}

/** The name a deleted policy keeps: its own with a mark, so the name is free again and history still says which it was. */
export function deletedPolicyName(name: string, id: string): string {
  const mark = ` (deleted ${id.slice(0, 8)})`;
  return `${name.slice(0, 200 - mark.length)}${mark}`;
}

/**
 * Deletes a policy softly, in one transaction: marks it deleted and renames it (the name can be
 * used again), and removes what gives access through it (members, computers, tags, its levels'
 * groups, and revokes its open grants, as `by`). Its row, levels, revision snapshots and sessions stay: the session
 * history, recordings and audit keep saying which policy they ran under. False when it is gone.
 */
export async function softDeletePolicy(db: Kysely<Database>, id: string, by: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('access_request_policies')
      .select('name')
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) return false;
    const done = await tx
      .updateTable('access_request_policies')
      .set({ deleted_at: new Date().toISOString(), name: deletedPolicyName(row.name, id) })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) return false;
    for (const table of ['policy_persons', 'policy_groups', 'policy_computers', 'policy_tags'] as const)
      await tx.deleteFrom(table).where('policy_id', '=', id).execute();
    const levels = tx.selectFrom('access_levels').select('id').where('policy_id', '=', id);
    await tx.deleteFrom('access_level_groups').where('access_level_id', 'in', levels).execute();
    const now = new Date().toISOString();
    await tx
      .updateTable('grants')
      .set({ revoked_at: now, revoked_by: by })
      .where('policy_id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
    return true;
  });
}
