import type { Kysely } from 'kysely';
import { groupsApi, type Group, type GroupDetail } from '@shared/common/api/controlPlane/groups';
import { OpenPsmError } from '@shared/common/errors';
import {
  changeMember,
  createGroupRecord,
  deleteGroupRecord,
  findGroupRow,
  groupDetail,
  groupUsedBy,
  listGroups,
  updateGroupRecord,
} from '../db/groups';
import type { Database } from '../db/schema';
import type { AuditChange, ServerStateRepository } from '../db/serverState';
import { guardedWrite } from './guardedWrite';
import { route, type Route } from './router';

export interface GroupRouteDeps {
  db: Kysely<Database>;
  state: ServerStateRepository;
}

const notFound = () => new OpenPsmError('NOT_FOUND', { message: 'There is no group with that id.' });

/** The group, or NOT_FOUND. */
async function existing(db: Kysely<Database>, id: string | undefined) {
  const detail = id ? await groupDetail(db, id) : undefined;
  if (!detail) throw notFound();
  return detail;
}

/** What an edit changes, field by field (the audit's before and after). */
function changesOf(before: Group, patch: Partial<Pick<Group, 'name' | 'directory' | 'rule'>>): AuditChange[] {
  return (['name', 'directory', 'rule'] as const)
    .filter((f) => patch[f] !== undefined && JSON.stringify(patch[f]) !== JSON.stringify(before[f]))
    .map((f) => ({ field: f, before: before[f], after: patch[f] }));
}

/** A stale edit's refusal: 409 naming each field as it is now, members included. */
function staleEdit(current: GroupDetail): OpenPsmError {
  const now = (value: unknown) => `is now ${JSON.stringify(value)}`;
  const names = current.members.map((m) => m.username);
  return new OpenPsmError('STALE_REVISION', {
    message: `Someone changed this group since you opened it: it is now named "${current.name}" (revision ${current.revision}). Members now: ${names.join(', ') || 'none'}. Reload it; what you typed is kept.`,
    fields: [
      { path: 'revision', message: now(current.revision) },
      { path: 'name', message: now(current.name) },
      ...(current.directory ? [{ path: 'directory', message: now(current.directory.value) }] : []),
      ...(current.rule ? [{ path: 'rule', message: now(`${current.rule.field} = ${current.rule.value}`) }] : []),
      { path: 'members', message: now(names) },
    ],
  });
}

/**
 * Adds or removes one member on the group revision the form read, audited with the members
 * before and after; a stale revision is refused with the group as it is now.
 */
async function changeMembers(
  deps: GroupRouteDeps,
  actor: string,
  group: GroupDetail,
  revision: number,
  person: { id: string; username: string },
  member: boolean,
) {
  if (group.revision !== revision) throw staleEdit(group);
  const next = await guardedWrite(() => changeMember(deps.db, group.id, revision, person.id, member));
  if (next === null) throw staleEdit(await existing(deps.db, group.id));
  const before = group.members.map((m) => m.username);
  const after = [...new Set(member ? [...before, person.username] : before.filter((u) => u !== person.username))];
  await deps.state.audit(
    actor,
    member ? 'group.member_add' : 'group.member_remove',
    `${group.name}: ${person.username}`,
    [{ field: 'members', before, after: after.sort() }],
  );
  return { revision: next };
}

/** A manual group (members by hand), or BAD_REQUEST for one that follows a directory or a rule. */
async function manualGroup(db: Kysely<Database>, id: string | undefined) {
  const group = await existing(db, id);
  if (group.kind !== 'manual')
    throw new OpenPsmError('BAD_REQUEST', {
      message: `The members of "${group.name}" follow its ${group.kind === 'rule' ? 'rule' : 'directory group'}; they cannot be changed by hand.`,
    });
  return group;
}

/** The administration of groups: list, create, read, rename or remap, delete, and members by hand. */
export function groupRoutes(deps: GroupRouteDeps): Route[] {
  const { db, state } = deps;
  return [
    route({
      spec: groupsApi.list,
      handler: async ({ query }) => ({ groups: await listGroups(db, (query as { search?: string }).search ?? '') }),
    }),
    route({
      spec: groupsApi.create,
      handler: async ({ body, caller }) => {
        const id = await guardedWrite(() => createGroupRecord(db, body));
        await state.audit(caller.username, 'group.create', body.name);
        return { id };
      },
    }),
    route({ spec: groupsApi.get, handler: async ({ params }) => existing(db, params['id']) }),
    route({
      spec: groupsApi.update,
      handler: async ({ params, body, caller }) => {
        const before = await existing(db, params['id']);
        const row = await findGroupRow(db, before.id);
        if (!row || before.revision !== body.revision) throw staleEdit(before);
        const revision = await guardedWrite(() => updateGroupRecord(db, row, body));
        if (revision === null) throw staleEdit(await existing(db, before.id));
        await state.audit(caller.username, 'group.update', before.name, changesOf(before, body));
        return { revision };
      },
    }),
    route({
      spec: groupsApi.remove,
      handler: async ({ params, caller }) => {
        const group = await existing(db, params['id']);
        const { policies, accessLevels } = await groupUsedBy(db, group.id);
        if (policies.length + accessLevels.length > 0) throw inUse(group.name, policies, accessLevels);
        await deleteGroupRecord(db, group.id);
        await state.audit(caller.username, 'group.delete', group.name);
        return { ok: true as const };
      },
    }),
    route({
      spec: groupsApi.addMember,
      handler: async ({ params, body, caller }) => {
        const group = await manualGroup(db, params['id']);
        const person = await db
          .selectFrom('persons')
          .select(['id', 'username'])
          .where('id', '=', body.personId)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (!person) throw new OpenPsmError('NOT_FOUND', { message: 'There is no person with that id.' });
        return changeMembers(deps, caller.username, group, body.revision, person, true);
      },
    }),
    route({
      spec: groupsApi.removeMember,
      handler: async ({ params, query, caller }) => {
        const group = await manualGroup(db, params['id']);
        const revision = Number(query.revision);
        if (group.revision !== revision) throw staleEdit(group);
        const member = group.members.find((m) => m.id === params['personId']);
        if (!member)
          throw new OpenPsmError('NOT_FOUND', { message: `That person is not a member of "${group.name}".` });
        return changeMembers(deps, caller.username, group, revision, member, false);
      },
    }),
  ];
}

/** The refusal to delete a group still in use, naming each policy and access level. */
function inUse(name: string, policies: string[], accessLevels: string[]): OpenPsmError {
  const named = [
    ...(policies.length ? [`policies: ${policies.join(', ')}`] : []),
    ...(accessLevels.length ? [`access levels: ${accessLevels.join(', ')}`] : []),
  ];
  return new OpenPsmError('CONFLICT', {
    message: `"${name}" is still used by ${named.join('; ')}. Remove it from them first.`,
  });
}
