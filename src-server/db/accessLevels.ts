import type { Kysely } from 'kysely';
import type { OfferedLevel } from '@shared/common/api/controlPlane/resources';
import { grantStateAt } from './grants';
import type { Database } from './schema';

/**
 * A policy's access levels as one person sees them: whether their groups (or an active grant)
 * carry each, whether an active grant approves it, and which grant that is.
 */
export interface PersonLevel extends OfferedLevel {
  offered: boolean;
  /** The username of the computer's shared credential the level logs in with (null: the default one). */
  targetAccount?: string | null;
  /** The active grant that approves the level (the one ending last), or null. */
  grantId: string | null;
  /** The person reaches the level only through that grant (none of their groups carries it). */
  grantOnly: boolean;
}

/** The person's grants under a policy that count: never one they gave themselves. */
async function grantsUnder(db: Kysely<Database>, personId: string, policyId: string) {
  return db
    .selectFrom('grants as g')
    .innerJoin('persons as p', 'p.id', 'g.person_id')
    .select(['g.id', 'g.access_level_id', 'g.starts_at', 'g.ends_at', 'g.revoked_at'])
    .where('g.person_id', '=', personId)
    .where('g.policy_id', '=', policyId)
    .whereRef('g.granted_by', '!=', 'p.username')
    .orderBy('g.ends_at', 'desc')
    .execute();
}

/**
 * Every access level of a policy, with whether the person's groups carry it and whether an
 * active grant (of the level, or of the whole policy) approves it; `expired` when none does and
 * a grant of it ran out (a revoked one is not "expired": it was taken away).
 */
export async function levelsFor(
  db: Kysely<Database>,
  personId: string,
  policyId: string,
  now = new Date(),
): Promise<PersonLevel[]> {
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
  const grants = await grantsUnder(db, personId, policyId);
  return levels.map((l) => {
    const mine = grants.filter((g) => g.access_level_id === null || g.access_level_id === l.id);
    const active = mine.find((g) => grantStateAt(g, now) === 'active');
    return {
      id: l.id,
      name: l.name,
      preApproval: Number(l.pre_approval) === 1,
      approved: active !== undefined,
      expired: active === undefined && mine.some((g) => grantStateAt(g, now) === 'expired'),
      offered: carried.has(l.id) || active !== undefined,
      grantId: active?.id ?? null,
      grantOnly: !carried.has(l.id) && active !== undefined,
      targetAccount: l.target_account,
    };
  });
}
