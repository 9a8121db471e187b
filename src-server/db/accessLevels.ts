import type { Kysely } from 'kysely';
import type { OfferedLevel } from '@shared/common/api/controlPlane/resources';
import { grantStateAt } from './grants';
import { grantRows, levelRows } from './reach';
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
  /** The access request that grant was made for, or null. */
  requestId: string | null;
}

type LevelRow = Awaited<ReturnType<typeof levelRows>>[number];
type GrantRow = Awaited<ReturnType<typeof grantRows>>[number];

/** A policy's levels (in name order) as the person sees them at `now`, given their grants under it (newest end first). */
function personLevels(levels: LevelRow[], grants: GrantRow[], now: Date): PersonLevel[] {
  return levels.map((l) => {
    const mine = grants.filter((g) => g.access_level_id === null || g.access_level_id === l.id);
    const active = mine.find((g) => grantStateAt(g, now) === 'active');
    const carried = Number(l.carried) === 1;
    return {
      id: l.id,
      name: l.name,
      preApproval: Number(l.pre_approval) === 1,
      approved: active !== undefined,
      expired: active === undefined && mine.some((g) => grantStateAt(g, now) === 'expired'),
      offered: carried || active !== undefined,
      approvedUntil: active?.ends_at ?? null,
      grantId: active?.id ?? null,
      grantOnly: !carried && active !== undefined,
      requestId: active?.request_id ?? null,
      targetAccount: l.target_account,
    };
  });
}

/** Rows grouped by their policy, in the order they came. */
function byPolicy<T extends { policy_id: string }>(rows: T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.policy_id);
    if (list) list.push(row);
    else grouped.set(row.policy_id, [row]);
  }
  return grouped;
}

/**
 * Every access level of a policy, with whether the person's groups carry it and whether an
 * active grant (of the level, or of the whole policy) approves it; `expired` when none does and
 * a grant of it ran out (a revoked one is not "expired": it was taken away). Grants the person
 * gave themselves never count.
 */
export async function levelsFor(
  db: Kysely<Database>,
  personId: string,
  policyId: string,
  now = new Date(),
): Promise<PersonLevel[]> {
  const levels = await levelRows(db, personId, policyId);
  if (levels.length === 0) return [];
  return personLevels(levels, await grantRows(db, personId, policyId), now);
}

/**
 * The levels of every policy naming the person, as `levelsFor` gives each, in two statements
 * (the levels with whether the person's groups carry them, and the person's grants).
 */
export async function levelsByPolicy(
  db: Kysely<Database>,
  personId: string,
  now = new Date(),
): Promise<Map<string, PersonLevel[]>> {
  const levels = byPolicy(await levelRows(db, personId, null));
  if (levels.size === 0) return new Map();
  const grants = byPolicy(await grantRows(db, personId, null));
  return new Map(
    [...levels].map(([policyId, rows]) => [policyId, personLevels(rows, grants.get(policyId) ?? [], now)]),
  );
}
