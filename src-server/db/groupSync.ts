import type { Kysely } from 'kysely';
import type { EmployeeField } from '@shared/common/api/controlPlane/groups';
import { AuditLog } from './auditLog';
import type { Database } from './schema';

/** Each employee field a rule can match, and its column on persons. */
export const ruleColumns = {
  department: 'department',
  location: 'location',
  costCenter: 'cost_center',
} as const satisfies Record<EmployeeField, keyof Database['persons']>;

const same = (a: string | null | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

/** A group's members: id → username. */
async function membersOf(db: Kysely<Database>, groupId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('persons', 'persons.id', 'memberships.person_id')
    .select(['persons.id', 'persons.username'])
    .where('memberships.group_id', '=', groupId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.username]));
}

/** Writes the difference between a group's members before and after. */
async function writeMembers(db: Kysely<Database>, groupId: string, before: Set<string>, after: Set<string>) {
  for (const person of before)
    if (!after.has(person))
      await db.deleteFrom('memberships').where('group_id', '=', groupId).where('person_id', '=', person).execute();
  for (const person of after)
    if (!before.has(person))
      await db.insertInto('memberships').values({ group_id: groupId, person_id: person }).execute();
}

/** Sets one person's membership of one group. */
async function setMember(db: Kysely<Database>, groupId: string, personId: string, member: boolean): Promise<void> {
  await db.deleteFrom('memberships').where('group_id', '=', groupId).where('person_id', '=', personId).execute();
  if (member) await db.insertInto('memberships').values({ group_id: groupId, person_id: personId }).execute();
}

const sortedNames = (members: Map<string, string>) => [...members.values()].sort();

/** Whether any of `people` would join or leave the group: their membership differs from `matches`. */
async function ruleMovesSomeone<P extends { id: string }>(
  db: Kysely<Database>,
  groupId: string,
  people: P[],
  matches: (person: P) => boolean,
): Promise<boolean> {
  if (people.length === 0) return false;
  const rows = await db
    .selectFrom('memberships')
    .select('person_id')
    .where('group_id', '=', groupId)
    .where(
      'person_id',
      'in',
      people.map((p) => p.id),
    )
    .execute();
  const members = new Set(rows.map((r) => r.person_id));
  return people.some((p) => members.has(p.id) !== matches(p));
}

/**
 * Recomputes rule groups: everyone whose employee field matches the rule (ignoring case and
 * surrounding spaces). With `personId`, only that person's memberships (after they changed);
 * with `groupId`, only that group (after its rule changed). Each group whose members change is
 * audited with its members before and after, the actor being the rule (`(rule Operations)`).
 */
export async function applyRuleGroups(
  db: Kysely<Database>,
  only: { personId?: string; groupId?: string } = {},
): Promise<void> {
  let groups = db.selectFrom('groups').selectAll().where('kind', '=', 'rule');
  if (only.groupId) groups = groups.where('id', '=', only.groupId);
  let persons = db
    .selectFrom('persons')
    .select(['id', 'username', 'department', 'location', 'cost_center'])
    .where('deleted_at', 'is', null);
  if (only.personId) persons = persons.where('id', '=', only.personId);
  const people = await persons.execute();
  const audit = new AuditLog(db);
  for (const group of await groups.execute()) {
    const column = ruleColumns[group.rule_field as EmployeeField];
    if (!column) continue;
    // At a sign-in, only that person can move: skip reading the whole group when they stay put.
    if (
      only.personId &&
      !(await ruleMovesSomeone(db, group.id, people, (p) => same(p[column], group.rule_value ?? '')))
    )
      continue;
    const before = await membersOf(db, group.id);
    // A whole recompute starts from nobody; one person's only moves that person.
    const after = only.personId ? new Map(before) : new Map<string, string>();
    for (const p of people)
      if (same(p[column], group.rule_value ?? '')) after.set(p.id, p.username);
      else after.delete(p.id);
    if (before.size === after.size && [...after.keys()].every((id) => before.has(id))) continue;
    await writeMembers(db, group.id, new Set(before.keys()), new Set(after.keys()));
    await audit.append({
      actor: `(rule ${group.name})`,
      action: 'group.members_by_rule',
      target: group.name,
      changes: [{ field: 'members', before: sortedNames(before), after: sortedNames(after) }],
    });
  }
}

/**
 * At a directory or federation sign-in: the person is a member of each group mapped to one of
 * the directory groups they are in now, and of no other group mapped to that source. Each
 * group they join or leave is audited with its members before and after.
 */
export async function followDirectory(
  db: Kysely<Database>,
  personId: string,
  source: 'ldap' | 'oidc',
  directoryGroups: string[],
): Promise<void> {
  const mapped = await db
    .selectFrom('groups')
    .select(['id', 'name', 'directory_value'])
    .where('kind', '=', 'directory')
    .where('directory_source', '=', source)
    .execute();
  const audit = new AuditLog(db);
  for (const group of mapped) {
    const member = directoryGroups.some((value) => same(value, group.directory_value ?? ''));
    const before = await membersOf(db, group.id);
    if (before.has(personId) === member) continue;
    await setMember(db, group.id, personId, member);
    const after = await membersOf(db, group.id);
    await audit.append({
      actor: `(${source === 'ldap' ? 'LDAP' : 'federated'} directory)`,
      action: 'group.members_by_directory',
      target: group.name,
      changes: [{ field: 'members', before: sortedNames(before), after: sortedNames(after) }],
    });
  }
}
