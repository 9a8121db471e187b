import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { Group, GroupDetail, newGroupSchema } from '@shared/common/api/controlPlane/groups';
import { applyRuleGroups } from './groupSync';
import type { Database } from './schema';

type Db = Kysely<Database>;
type GroupRow = Selectable<Database['groups']>;
export type NewGroup = z.output<typeof newGroupSchema>;

/** A stored group as the API shows it. */
function groupOf(row: GroupRow, memberCount: number): Group {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind === 'directory' || row.kind === 'rule' ? row.kind : 'manual',
    directory:
      row.kind === 'directory'
        ? { source: row.directory_source === 'oidc' ? 'oidc' : 'ldap', value: row.directory_value ?? '' }
        : null,
    rule:
      row.kind === 'rule'
        ? { field: (row.rule_field ?? 'department') as 'department', value: row.rule_value ?? '' }
        : null,
    revision: Number(row.revision),
    memberCount,
  };
}

async function memberCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('memberships')
    .select(['group_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .groupBy('group_id')
    .execute();
  return new Map(rows.map((r) => [r.group_id, Number(r.n)]));
}

/** Every group, by name; with `search`, those whose name contains it (ignoring case). */
export async function listGroups(db: Db, search = ''): Promise<Group[]> {
  const counts = await memberCounts(db);
  const rows = await db.selectFrom('groups').selectAll().orderBy('name').execute();
  const text = search.trim().toLowerCase();
  return rows.filter((r) => r.name.toLowerCase().includes(text)).map((r) => groupOf(r, counts.get(r.id) ?? 0));
}

export function findGroupRow(db: Db, id: string): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The policies and access levels that name a group. */
export async function groupUsedBy(db: Db, id: string): Promise<GroupDetail['usedBy']> {
  const policies = await db
    .selectFrom('policy_groups')
    .innerJoin('access_request_policies', 'access_request_policies.id', 'policy_groups.policy_id')
    .select('access_request_policies.name')
    .where('policy_groups.group_id', '=', id)
    .orderBy('access_request_policies.name')
    .execute();
  const levels = await db
    .selectFrom('access_level_groups')
    .innerJoin('access_levels', 'access_levels.id', 'access_level_groups.access_level_id')
    .select('access_levels.name')
    .where('access_level_groups.group_id', '=', id)
    .orderBy('access_levels.name')
    .execute();
  return { policies: policies.map((p) => p.name), accessLevels: levels.map((l) => l.name) };
}

/** A group with its members and who uses it, or undefined. */
export async function groupDetail(db: Db, id: string): Promise<GroupDetail | undefined> {
  const row = await findGroupRow(db, id);
  if (!row) return undefined;
  const members = await db
    .selectFrom('memberships')
    .innerJoin('persons', 'persons.id', 'memberships.person_id')
    .select(['persons.id', 'persons.username', 'persons.display_name'])
    .where('memberships.group_id', '=', id)
    .orderBy('persons.username')
    .execute();
  return {
    ...groupOf(row, members.length),
    members: members.map((m) => ({ id: m.id, username: m.username, displayName: m.display_name })),
    usedBy: await groupUsedBy(db, id),
  };
}

/** The kind columns for a directory mapping or a rule (or neither: kept by hand). */
function kindColumns(input: { directory?: NewGroup['directory']; rule?: NewGroup['rule'] }) {
  if (input.directory)
    return { kind: 'directory', directory_source: input.directory.source, directory_value: input.directory.value };
  if (input.rule) return { kind: 'rule', rule_field: input.rule.field, rule_value: input.rule.value };
  return { kind: 'manual' };
}

/** Creates a group; a rule group is filled at once, a directory group at its members' next sign-in. */
export async function createGroupRecord(db: Db, input: NewGroup): Promise<string> {
  const id = crypto.randomUUID();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('groups')
      .values({ id, name: input.name, ...kindColumns(input) })
      .execute();
    if (!input.directory && !input.rule)
      for (const person of new Set(input.members))
        await tx.insertInto('memberships').values({ group_id: id, person_id: person }).execute();
  });
  if (input.rule) await applyRuleGroups(db, { groupId: id });
  return id;
}

/** Writes an edit made on `revision`; false when the group changed since (nothing is written). */
export async function updateGroupRecord(
  db: Db,
  row: GroupRow,
  patch: { revision: number; name?: string | undefined; directory?: NewGroup['directory']; rule?: NewGroup['rule'] },
): Promise<number | null> {
  const next = patch.revision + 1;
  const set = {
    revision: next,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(row.kind === 'directory' && patch.directory ? kindColumns({ directory: patch.directory }) : {}),
    ...(row.kind === 'rule' && patch.rule ? kindColumns({ rule: patch.rule }) : {}),
  };
  const result = await db
    .updateTable('groups')
    .set(set)
    .where('id', '=', row.id)
    .where('revision', '=', patch.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return null;
  if (row.kind === 'rule' && patch.rule) await applyRuleGroups(db, { groupId: row.id });
  return next;
}

export async function deleteGroupRecord(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('memberships').where('group_id', '=', id).execute();
    await tx.deleteFrom('groups').where('id', '=', id).execute();
  });
}

/**
 * Adds (`member` true) or removes one person of a group kept by hand, on the revision the form
 * read; the group's revision rises. Null when the group changed since (nothing is written).
 */
export async function changeMember(
  db: Db,
  groupId: string,
  revision: number,
  personId: string,
  member: boolean,
): Promise<number | null> {
  return db.transaction().execute(async (tx) => {
    const bumped = await tx
      .updateTable('groups')
      .set({ revision: revision + 1 })
      .where('id', '=', groupId)
      .where('revision', '=', revision)
      .executeTakeFirst();
    if (Number(bumped.numUpdatedRows) !== 1) return null;
    await tx.deleteFrom('memberships').where('group_id', '=', groupId).where('person_id', '=', personId).execute();
    if (member) await tx.insertInto('memberships').values({ group_id: groupId, person_id: personId }).execute();
    return revision + 1;
  });
}
