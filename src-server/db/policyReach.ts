import type { Kysely } from 'kysely';
import {
  credentialKindSchema,
  type ComputerReachAnswer,
  type CredentialKind,
} from '@shared/common/api/controlPlane/policies';
import { coveredComputers } from './catalog';
import type { Database } from './schema';

type ReachPerson = ComputerReachAnswer['people'][number];

/** The policies covering a computer, each with how (picked, or which of the computer's tags). */
async function coveringPolicies(db: Kysely<Database>, computerId: string): Promise<ComputerReachAnswer['policies']> {
  const rows = await db
    .selectFrom('access_request_policies as p')
    .innerJoin(coveredComputers(db).as('pc'), 'pc.policy_id', 'p.id')
    .select(['p.id', 'p.name', 'p.credential_kinds'])
    .where('pc.computer_id', '=', computerId)
    .where('p.deleted_at', 'is', null)
    .orderBy('p.name')
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const picked = new Set(
    (
      await db
        .selectFrom('policy_computers')
        .select('policy_id')
        .where('computer_id', '=', computerId)
        .where('policy_id', 'in', ids)
        .execute()
    ).map((r) => r.policy_id),
  );
  const tagged = await db
    .selectFrom('policy_tags as pt')
    .innerJoin('computer_tags as ct', 'ct.tag', 'pt.tag')
    .select(['pt.policy_id', 'pt.tag'])
    .where('ct.computer_id', '=', computerId)
    .where('pt.policy_id', 'in', ids)
    .orderBy('pt.tag')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    via: [
      ...(picked.has(r.id) ? ['picked'] : []),
      ...tagged.filter((t) => t.policy_id === r.id).map((t) => `tag ${t.tag}`),
    ],
    credentialKinds: r.credential_kinds.split(',').map((k) => credentialKindSchema.parse(k)),
  }));
}

/**
 * Who can reach a computer: the policies covering it (picked or by tag), and the people they
 * name, directly or through a group, each with how and with the credential kinds they may use.
 */
export async function computerReach(db: Kysely<Database>, computerId: string): Promise<ComputerReachAnswer> {
  const policies = await coveringPolicies(db, computerId);
  if (policies.length === 0) return { policies, people: [] };
  const ids = policies.map((p) => p.id);
  const direct = await db
    .selectFrom('policy_persons as pp')
    .innerJoin('persons as p', 'p.id', 'pp.person_id')
    .select(['pp.policy_id', 'p.id', 'p.username', 'p.display_name', 'p.disabled'])
    .where('pp.policy_id', 'in', ids)
    .execute();
  const viaGroups = await db
    .selectFrom('policy_groups as pg')
    .innerJoin('groups as g', 'g.id', 'pg.group_id')
    .innerJoin('memberships as m', 'm.group_id', 'pg.group_id')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .select(['pg.policy_id', 'g.name as groupName', 'p.id', 'p.username', 'p.display_name', 'p.disabled'])
    .where('pg.policy_id', 'in', ids)
    .execute();
  const people = new Map<string, ReachPerson & { kinds: Set<CredentialKind> }>();
  const add = (row: (typeof direct)[number], how: string) => {
    if (Number(row.disabled) === 1) return;
    const policy = policies.find((p) => p.id === row.policy_id);
    if (!policy) return;
    let person = people.get(row.id);
    if (!person) {
      person = {
        personId: row.id,
        username: row.username,
        displayName: row.display_name,
        via: [],
        credentialKinds: [],
        kinds: new Set(),
      };
      people.set(row.id, person);
    }
    person.via.push(`${policy.name}: ${how}`);
    for (const kind of policy.credentialKinds) person.kinds.add(kind);
  };
  for (const row of direct) add(row, 'direct');
  for (const row of viaGroups) add(row, `group ${row.groupName}`);
  const order: CredentialKind[] = ['shared', 'personal', 'jit'];
  return {
    policies,
    people: [...people.values()]
      .sort((a, b) => a.username.localeCompare(b.username))
      .map(({ kinds, ...p }) => ({ ...p, via: p.via.sort(), credentialKinds: order.filter((k) => kinds.has(k)) })),
  };
}
