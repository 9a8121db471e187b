import type { Kysely } from 'kysely';
import type { EmployeeField } from '@shared/common/api/controlPlane/groups';
import type { Database } from './schema';

/** Each employee field a rule can match, and its column on persons. */
export const ruleColumns = {
  department: 'department',
  location: 'location',
  costCenter: 'cost_center',
} as const satisfies Record<EmployeeField, keyof Database['persons']>;

const same = (a: string | null | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

/** Makes the group hold exactly `members` (adds the missing, removes the rest). */
async function setMembers(db: Kysely<Database>, groupId: string, members: Set<string>): Promise<void> {
  const rows = await db.selectFrom('memberships').select('person_id').where('group_id', '=', groupId).execute();
  const now = new Set(rows.map((r) => r.person_id));
  for (const person of now)
    if (!members.has(person))
      await db.deleteFrom('memberships').where('group_id', '=', groupId).where('person_id', '=', person).execute();
  for (const person of members)
    if (!now.has(person)) await db.insertInto('memberships').values({ group_id: groupId, person_id: person }).execute();
}

/** Sets one person's membership of one group. */
async function setMember(db: Kysely<Database>, groupId: string, personId: string, member: boolean): Promise<void> {
  await db.deleteFrom('memberships').where('group_id', '=', groupId).where('person_id', '=', personId).execute();
  if (member) await db.insertInto('memberships').values({ group_id: groupId, person_id: personId }).execute();
}

/**
 * Recomputes rule groups: everyone whose employee field matches the rule (ignoring case and
 * surrounding spaces). With `personId`, only that person's memberships (after they changed);
 * with `groupId`, only that group (after its rule changed).
 */
export async function applyRuleGroups(
  db: Kysely<Database>,
  only: { personId?: string; groupId?: string } = {},
): Promise<void> {
  let groups = db.selectFrom('groups').selectAll().where('kind', '=', 'rule');
  if (only.groupId) groups = groups.where('id', '=', only.groupId);
  let persons = db.selectFrom('persons').select(['id', 'department', 'location', 'cost_center']);
  if (only.personId) persons = persons.where('id', '=', only.personId);
  const people = await persons.execute();
  for (const group of await groups.execute()) {
    const column = ruleColumns[group.rule_field as EmployeeField];
    if (!column) continue;
    const matches = (p: (typeof people)[number]) => same(p[column], group.rule_value ?? '');
    if (only.personId) {
      for (const person of people) await setMember(db, group.id, person.id, matches(person));
    } else {
      await setMembers(db, group.id, new Set(people.filter(matches).map((p) => p.id)));
    }
  }
}

/**
 * At a directory or federation sign-in: the person is a member of each group mapped to one of
 * the directory groups they are in now, and of no other group mapped to that source.
 */
export async function followDirectory(
  db: Kysely<Database>,
  personId: string,
  source: 'ldap' | 'oidc',
  directoryGroups: string[],
): Promise<void> {
  const mapped = await db
    .selectFrom('groups')
    .select(['id', 'directory_value'])
    .where('kind', '=', 'directory')
    .where('directory_source', '=', source)
    .execute();
  for (const group of mapped) {
    const member = directoryGroups.some((value) => same(value, group.directory_value ?? ''));
    await setMember(db, group.id, personId, member);
  }
}
