import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** One computer under one policy, or null: every (policy, computer) pair the person reaches. */
export type ReachTarget = { policyId: string; computerId: string } | null;

/**
 * The policies naming the person, directly or through one of their groups, and the computers
 * each covers (picked, or carrying one of its tags): one statement, whatever the number of
 * policies and computers. `target` narrows it to one computer under one policy (the ticket's
 * direct check), with the same rules. Deleted policies and computers are left out. Each row says
 * whether the computer has a shared credential (an indexed EXISTS, not a scan of them all).
 * The policies' own columns come once each (shownPolicyColumns), not on each of their computers' rows:
 * making rows is most of the statement's time.
 */
export function reachQuery(db: Kysely<Database>, personId: string, target: ReachTarget) {
  return db
    .with('mine', (w) => {
      const direct = w.selectFrom('policy_persons').select('policy_id').where('person_id', '=', personId);
      const viaGroups = w
        .selectFrom('policy_groups as pg')
        .innerJoin('memberships as m', 'm.group_id', 'pg.group_id')
        .select('pg.policy_id')
        .where('m.person_id', '=', personId);
      return target
        ? direct.where('policy_id', '=', target.policyId).union(viaGroups.where('pg.policy_id', '=', target.policyId))
        : direct.union(viaGroups);
    })
    .with('covered', (w) => {
      let picked = w
        .selectFrom('policy_computers as pc')
        .select(['pc.policy_id', 'pc.computer_id'])
        .where('pc.policy_id', 'in', w.selectFrom('mine').select('policy_id'));
      let tagged = w
        .selectFrom('policy_tags as pt')
        .innerJoin('computer_tags as ct', 'ct.tag', 'pt.tag')
        .select(['pt.policy_id as policy_id', 'ct.computer_id as computer_id'])
        .where('pt.policy_id', 'in', w.selectFrom('mine').select('policy_id'));
      if (target) {
        picked = picked.where('pc.computer_id', '=', target.computerId);
        tagged = tagged.where('ct.computer_id', '=', target.computerId);
      }
      return picked.union(tagged);
    })
    .selectFrom('covered')
    .innerJoin('access_request_policies as p', 'p.id', 'covered.policy_id')
    .innerJoin('computers as c', 'c.id', 'covered.computer_id')
    .select((eb) => [
      'p.id as policyId',
      'c.id as computerId',
      'c.name',
      'c.protocol',
      'c.host',
      'c.port',
      'c.jit_enabled',
      eb
        .exists(eb.selectFrom('shared_credentials as s').select('s.id').whereRef('s.computer_id', '=', 'c.id'))
        .as('has_shared'),
    ])
    .where('p.deleted_at', 'is', null)
    .where('c.deleted_at', 'is', null);
}

/** What My Resources shows of a policy, as the reach query's `p` gives it. */
export const shownPolicyColumns = [
  'p.name as policyName',
  'p.credential_kinds',
  'p.mfa_required',
  'p.authorization_hook',
  'p.access_requests',
] as const;

/** The person's policies (not deleted), with what My Resources shows of each: one statement. */
export function policyRows(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('access_request_policies as p')
    .select(['p.id as policyId', ...shownPolicyColumns])
    .where('p.id', 'in', mineOf(db, personId))
    .where('p.deleted_at', 'is', null)
    .execute();
}

/** The ids of the policies naming the person, directly or through one of their groups. */
function mineOf(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('policy_persons')
    .select('policy_id')
    .where('person_id', '=', personId)
    .union(
      db
        .selectFrom('policy_groups as pg')
        .innerJoin('memberships as m', 'm.group_id', 'pg.group_id')
        .select('pg.policy_id')
        .where('m.person_id', '=', personId),
    );
}

/**
 * The access levels of the person's policies (or of one policy), each with whether one of the
 * person's groups carries it: one statement.
 */
export function levelRows(db: Kysely<Database>, personId: string, policyId: string | null) {
  let query = db
    .selectFrom('access_levels as l')
    .select((eb) => [
      'l.id',
      'l.policy_id',
      'l.name',
      'l.pre_approval',
      'l.target_account',
      eb
        .exists(
          eb
            .selectFrom('access_level_groups as g')
            .innerJoin('memberships as m', 'm.group_id', 'g.group_id')
            .select('g.access_level_id')
            .whereRef('g.access_level_id', '=', 'l.id')
            .where('m.person_id', '=', personId),
        )
        .as('carried'),
    ]);
  query =
    policyId !== null
      ? query.where('l.policy_id', '=', policyId)
      : query.where('l.policy_id', 'in', mineOf(db, personId));
  return query.orderBy('l.name').orderBy('l.id').execute();
}

/** The person's grants (under one policy, or all), newest end first; never one they gave themselves. */
export function grantRows(db: Kysely<Database>, personId: string, policyId: string | null) {
  let query = db
    .selectFrom('grants as g')
    .innerJoin('persons as p', 'p.id', 'g.person_id')
    .select(['g.id', 'g.policy_id', 'g.access_level_id', 'g.starts_at', 'g.ends_at', 'g.revoked_at', 'g.request_id'])
    .where('g.person_id', '=', personId)
    .whereRef('g.granted_by', '!=', 'p.username');
  if (policyId !== null) query = query.where('g.policy_id', '=', policyId);
  return query.orderBy('g.ends_at', 'desc').orderBy('g.id').execute();
}
