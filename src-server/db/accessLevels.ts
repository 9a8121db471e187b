import type { Kysely } from 'kysely';
import type { OfferedLevel } from '@shared/common/api/controlPlane/resources';
import type { Database } from './schema';

/** A policy's access levels as one person sees them: whether their groups carry each, and whether they are approved for it. */
export interface PersonLevel extends OfferedLevel {
  offered: boolean;
  /** The username of the computer's shared credential the level logs in with (null: the default one). */
  targetAccount?: string | null;
}

/** Every access level of a policy, with whether the person's groups carry it and whether they are pre-approved. */
export async function levelsFor(db: Kysely<Database>, personId: string, policyId: string): Promise<PersonLevel[]> {
  const levels = await db
    .selectFrom('access_levels')
    .select(['id', 'name', 'pre_approval', 'target_account'])
    .where('policy_id', '=', policyId)
    .orderBy('name')
    .execute();
  if (levels.length === 0) return [];
  const ids = levels.map((l) => l.id);
  const carried = new Set(
    (
      await db
        .selectFrom('access_level_groups as g')
        .innerJoin('memberships as m', 'm.group_id', 'g.group_id')
        .select('g.access_level_id')
        .where('m.person_id', '=', personId)
        .where('g.access_level_id', 'in', ids)
        .execute()
    ).map((r) => r.access_level_id),
  );
  // An approval the person gave themselves (stored before SELF_APPROVAL was refused) does not count.
  const approvals = db
    .selectFrom('access_level_approvals as a')
    .innerJoin('persons as p', 'p.id', 'a.person_id')
    .select('a.access_level_id')
    .whereRef('a.approved_by', '!=', 'p.username');
  const approved = new Set(
    (await approvals.where('a.person_id', '=', personId).where('a.access_level_id', 'in', ids).execute()).map(
      (r) => r.access_level_id,
    ),
  );
  return levels.map((l) => ({
    id: l.id,
    name: l.name,
    preApproval: Number(l.pre_approval) === 1,
    approved: approved.has(l.id),
    offered: carried.has(l.id),
    targetAccount: l.target_account,
  }));
}

/** Pre-approves a person for an access level; false when there is no such level. Approving twice is not an error. */
export async function approveLevel(
  db: Kysely<Database>,
  levelId: string,
  personId: string,
  by: string,
): Promise<boolean> {
  if (!(await db.selectFrom('access_levels').select('id').where('id', '=', levelId).executeTakeFirst())) return false;
  const existing = await db
    .selectFrom('access_level_approvals')
    .select('person_id')
    .where('access_level_id', '=', levelId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!existing)
    await db
      .insertInto('access_level_approvals')
      .values({
        access_level_id: levelId,
        person_id: personId,
        approved_by: by,
        approved_at: new Date().toISOString(),
      })
      .execute();
  return true;
}
