import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Grant, GrantChoices, GrantState } from '@shared/common/api/controlPlane/grants';
import { grantSourceSchema } from '@shared/common/api/controlPlane/grants';
import type { Database } from './schema';

/** A grant to store: who gets which level (null: the whole policy) for which window, from whom. */
export interface GrantToStore {
  personId: string;
  policyId: string;
  accessLevelId: string | null;
  startsAt: Date;
  endsAt: Date;
  source: 'manual' | 'request';
  grantedBy: string;
  /** The access request an approval made it for. */
  requestId?: string | null;
}

/** A grant's state at `now`: revoked wins, then its window decides. */
export function grantStateAt(g: { starts_at: string; ends_at: string; revoked_at: string | null }, now: Date) {
  const at = now.toISOString();
  if (g.revoked_at !== null) return 'revoked' as const;
  if (g.ends_at <= at) return 'expired' as const;
  return g.starts_at > at ? ('scheduled' as const) : ('active' as const);
}

/** Grants with their person's, policy's and level's names. */
function selectGrants(db: Kysely<Database>) {
  return db
    .selectFrom('grants as g')
    .innerJoin('persons as p', 'p.id', 'g.person_id')
    .innerJoin('access_request_policies as pol', 'pol.id', 'g.policy_id')
    .leftJoin('access_levels as l', 'l.id', 'g.access_level_id')
    .select([
      'g.id',
      'g.person_id',
      'p.username',
      'p.display_name',
      'g.policy_id',
      'pol.name as policy_name',
      'g.access_level_id',
      'l.name as level_name',
      'g.starts_at',
      'g.ends_at',
      'g.source',
      'g.granted_by',
      'g.granted_at',
      'g.revoked_at',
      'g.revoked_by',
    ]);
}

/** How many grants a list answers with at most (newest first). */
const listLimit = 500;

/**
 * Grants: a person's access level, or every level of a policy, for a window (migration 025).
 * Times are stored as ISO-8601 UTC text, so they compare as text on SQLite and PostgreSQL.
 */
export class GrantRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(g: GrantToStore): Promise<Grant> {
    const id = crypto.randomUUID();
    await this.db
      .insertInto('grants')
      .values({
        id,
        person_id: g.personId,
        policy_id: g.policyId,
        access_level_id: g.accessLevelId,
        starts_at: g.startsAt.toISOString(),
        ends_at: g.endsAt.toISOString(),
        source: g.source,
        granted_by: g.grantedBy,
        granted_at: new Date().toISOString(),
        request_id: g.requestId ?? null,
      })
      .execute();
    return (await this.get(id)) as Grant;
  }

  async get(id: string, now = new Date()): Promise<Grant | undefined> {
    const row = await selectGrants(this.db).where('g.id', '=', id).executeTakeFirst();
    return row && grantOf(row, now);
  }

  /** Newest first: every grant, or those in `state` at `now`, or one person's. */
  async list(filter: { state?: GrantState | undefined; personId?: string | undefined }, now = new Date()) {
    const at = now.toISOString();
    let query = selectGrants(this.db);
    if (filter.personId) query = query.where('g.person_id', '=', filter.personId);
    if (filter.state === 'revoked') query = query.where('g.revoked_at', 'is not', null);
    else if (filter.state) {
      query = query.where('g.revoked_at', 'is', null);
      if (filter.state === 'expired') query = query.where('g.ends_at', '<=', at);
      else query = query.where('g.ends_at', '>', at);
      if (filter.state === 'active') query = query.where('g.starts_at', '<=', at);
      if (filter.state === 'scheduled') query = query.where('g.starts_at', '>', at);
    }
    const rows = await query.orderBy('g.granted_at', 'desc').orderBy('g.id').limit(listLimit).execute();
    return rows.map((r) => grantOf(r, now));
  }

  /** Revokes a grant that is not revoked yet; false when there is none such. */
  async revoke(id: string, by: string, now = new Date()): Promise<boolean> {
    const done = await this.db
      .updateTable('grants')
      .set({ revoked_at: now.toISOString(), revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(done.numUpdatedRows) > 0;
  }

  /** The people (matching `search` in username or name, at most 50) and every policy with its levels. */
  async choices(search: string): Promise<GrantChoices> {
    let people = this.db.selectFrom('persons').select(['id', 'username', 'display_name']).where('disabled', '=', 0);
    const text = search.trim().toLowerCase();
    if (text) {
      const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      people = people.where((eb) =>
        eb.or([eb(eb.fn('lower', ['username']), 'like', like), eb(eb.fn('lower', ['display_name']), 'like', like)]),
      );
    }
    const persons = await people.orderBy('username').limit(50).execute();
    const policies = await this.db
      .selectFrom('access_request_policies')
      .select(['id', 'name'])
      .where('deleted_at', 'is', null)
      .orderBy('name')
      .execute();
    const levels = await this.db
      .selectFrom('access_levels')
      .select(['id', 'name', 'policy_id', 'pre_approval'])
      .orderBy('name')
      .execute();
    return {
      persons: persons.map((p) => ({ id: p.id, username: p.username, displayName: p.display_name })),
      policies: policies.map((p) => ({
        id: p.id,
        name: p.name,
        levels: levels
          .filter((l) => l.policy_id === p.id)
          .map((l) => ({ id: l.id, name: l.name, preApproval: Number(l.pre_approval) === 1 })),
      })),
    };
  }

  /** The policy an access level belongs to, or undefined when there is no such level (or its policy was deleted). */
  async policyOfLevel(levelId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('access_levels as l')
      .innerJoin('access_request_policies as p', 'p.id', 'l.policy_id')
      .select('l.policy_id')
      .where('l.id', '=', levelId)
      .where('p.deleted_at', 'is', null)
      .executeTakeFirst();
    return row?.policy_id;
  }

  async policyExists(policyId: string): Promise<boolean> {
    return !!(await this.db
      .selectFrom('access_request_policies')
      .select('id')
      .where('id', '=', policyId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst());
  }
}

type GrantRow = Awaited<ReturnType<ReturnType<typeof selectGrants>['executeTakeFirstOrThrow']>>;

function grantOf(r: GrantRow, now: Date): Grant {
  return {
    id: r.id,
    personId: r.person_id,
    username: r.username,
    displayName: r.display_name,
    policyId: r.policy_id,
    policyName: r.policy_name,
    accessLevelId: r.access_level_id,
    accessLevelName: r.level_name,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    source: grantSourceSchema.parse(r.source),
    grantedBy: r.granted_by,
    grantedAt: r.granted_at,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
    state: grantStateAt(r, now),
  };
}
