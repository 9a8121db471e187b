import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { policiesApi, type newPolicySchema, type Policy } from '@shared/common/api/controlPlane/policies';
import { OpenPsmError } from '@shared/common/errors';
import type { PolicyRepository } from '../db/policies';
import { computerReach } from '../db/policyReach';
import type { Database } from '../db/schema';
import type { AuditChange, ServerStateRepository } from '../db/serverState';
import type { LiveSessions } from '../gateway/liveSessions';
import { guardedWrite } from './guardedWrite';
import { endSessionsOfGoneGrants, openGrantIds } from './policyGrantEnds';
import { route, type Route } from './router';

export interface PolicyRouteDeps {
  db: Kysely<Database>;
  policies: PolicyRepository;
  state: ServerStateRepository;
  /** Sessions under a grant the edit or delete takes away end, as a revoke ends them. */
  live: Pick<LiveSessions, 'underGrant'>;
}

type PolicyBody = z.output<typeof newPolicySchema>;
type Field = { path: string; message: string };

const notFound = () => new OpenPsmError('NOT_FOUND', { message: 'There is no access request policy with that id.' });

/** The ids of a table that exist among those asked for (a deleted computer is not one). */
async function existingIds(db: Kysely<Database>, table: 'persons' | 'groups' | 'computers', ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows =
    table === 'computers'
      ? await db.selectFrom(table).select('id').where('id', 'in', ids).where('deleted_at', 'is', null).execute()
      : await db.selectFrom(table).select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Every person, group and computer the policy names exists, and its levels have distinct names; else BAD_REQUEST naming the fields. */
async function checkReferences(db: Kysely<Database>, body: PolicyBody) {
  const fields: Field[] = [];
  const levelGroups = body.accessLevels.flatMap((l) => l.groups);
  const found = {
    persons: await existingIds(db, 'persons', body.persons),
    groups: await existingIds(db, 'groups', [...body.groups, ...levelGroups]),
    computers: await existingIds(db, 'computers', body.computers),
  };
  for (const key of ['persons', 'groups', 'computers'] as const)
    body[key].forEach((id, i) => {
      if (!found[key].has(id)) fields.push({ path: `${key}.${i}`, message: `is not a ${key.slice(0, -1)}` });
    });
  const seen = new Set<string>();
  body.accessLevels.forEach((level, i) => {
    const name = level.name.toLowerCase();
    if (seen.has(name)) fields.push({ path: `accessLevels.${i}.name`, message: 'is the name of another level' });
    seen.add(name);
    level.groups.forEach((g, j) => {
      if (!found.groups.has(g)) fields.push({ path: `accessLevels.${i}.groups.${j}`, message: 'is not a group' });
    });
  });
  fields.push(...(await requestSettingFields(db, body)));
  if (fields.length)
    throw new OpenPsmError('BAD_REQUEST', { message: 'Some fields of the policy need attention.', fields });
}

/**
 * Access requests need something to grant (an access level), reviewer groups that exist, and
 * at least as many reviewers in them as the approvals asked for: else no request could pass.
 */
async function requestSettingFields(db: Kysely<Database>, body: PolicyBody): Promise<Field[]> {
  const settings = body.accessRequests;
  if (!settings) return [];
  const fields: Field[] = [];
  if (body.accessLevels.length === 0)
    fields.push({ path: 'accessRequests', message: 'needs an access level to grant: add one' });
  const found = await existingIds(db, 'groups', settings.reviewerGroups);
  settings.reviewerGroups.forEach((id, i) => {
    if (!found.has(id)) fields.push({ path: `accessRequests.reviewerGroups.${i}`, message: 'is not a group' });
  });
  const reviewers = settings.reviewerGroups.length
    ? await db
        .selectFrom('memberships')
        .select('person_id')
        .distinct()
        .where('group_id', 'in', settings.reviewerGroups)
        .execute()
    : [];
  if (reviewers.length < settings.approvals)
    fields.push({
      path: 'accessRequests.approvals',
      message: `is more than the ${reviewers.length} people in the reviewer groups`,
    });
  return fields;
}

/** A name taken by another policy: CONFLICT naming the field. */
const nameTaken = (name: string) =>
  new OpenPsmError('CONFLICT', {
    message: `A policy named "${name}" already exists. Choose another name.`,
    fields: [{ path: 'name', message: 'is the name of another policy' }],
  });

/** How the audit shows a setting: lists joined, levels by name, target account and pre-approval. */
function shown(field: string, value: unknown): unknown {
  if (field === 'accessLevels')
    return (value as Policy['accessLevels'])
      .map(
        (l) => `${l.name}${l.targetAccount ? ` as ${l.targetAccount}` : ''}${l.preApproval ? ' (pre-approval)' : ''}`,
      )
      .join(', ');
  if (Array.isArray(value)) return value.join(', ');
  if (field === 'authorization') return value ? JSON.stringify(value) : null;
  return value;
}

/** What an edit changes, field by field (the audit's before and after). */
export function policyChanges(before: Policy | null, after: Policy | null): AuditChange[] {
  const fields = Object.keys(after ?? before ?? {}).filter((f) => f !== 'id' && f !== 'revision');
  return fields
    .filter((f) => {
      const key = f as keyof Policy;
      const comparable = (p: Policy | null) =>
        p === null
          ? null
          : JSON.stringify(key === 'accessLevels' ? p.accessLevels.map(({ id: _, ...l }) => l) : p[key]);
      return comparable(before) !== comparable(after);
    })
    .map((f) => ({
      field: f,
      before: before ? shown(f, before[f as keyof Policy]) : null,
      after: after ? shown(f, after[f as keyof Policy]) : null,
    }));
}

/** A webhook secret an edit replaces, as the audit names it: never its value. */
const secretChange = (a: PolicyBody['authorization']): AuditChange[] =>
  a?.plugin === 'webhook' && a.secret !== null
    ? [{ field: 'authorization.secret', before: '(sealed)', after: '(replaced, sealed)' }]
    : [];

/** A stale edit's refusal, naming the policy as it is now. */
const staleEdit = (current: Policy) =>
  new OpenPsmError('STALE_REVISION', {
    message: `Someone changed this policy since you opened it: it is now at revision ${current.revision}. Reload it; what you typed is kept.`,
    fields: [{ path: 'revision', message: `is now ${current.revision}` }],
  });

/** Access request policies: list, read, create, edit (a new revision), delete, and who can reach a computer. */
export function policyRoutes(deps: PolicyRouteDeps): Route[] {
  const { db, policies, state, live } = deps;
  const read = async (id: string | undefined) => (id ? await policies.get(id) : undefined) ?? null;
  return [
    route({ spec: policiesApi.list, handler: async () => ({ policies: await policies.list() }) }),
    route({
      spec: policiesApi.get,
      handler: async ({ params }) => {
        const policy = await read(params['id']);
        if (!policy) throw notFound();
        return policy;
      },
    }),
    route({
      spec: policiesApi.create,
      handler: async ({ body, caller }) => {
        await checkReferences(db, body);
        const id = await guardedWrite(() => policies.create(body, caller.username)).catch((error: unknown) => {
          throw error instanceof OpenPsmError && error.code === 'CONFLICT' ? nameTaken(body.name) : error;
        });
        await state.audit(caller.username, 'policy.create', body.name, policyChanges(null, await read(id)));
        return { id };
      },
    }),
    route({
      spec: policiesApi.update,
      handler: async ({ params, body, caller }) => {
        const before = await read(params['id']);
        if (!before) throw notFound();
        if (before.revision !== body.revision) throw staleEdit(before);
        await checkReferences(db, body);
        const { revision, ...input } = body;
        const grantsBefore = await openGrantIds(db, before.id);
        const done = await guardedWrite(() => policies.update(before.id, revision, input, caller.username)).catch(
          (error: unknown) => {
            throw error instanceof OpenPsmError && error.code === 'CONFLICT' ? nameTaken(body.name) : error;
          },
        );
        const after = await read(before.id);
        if (!done || !after) throw after ? staleEdit(after) : notFound();
        const changes = [
          { field: 'revision', before: before.revision, after: after.revision },
          ...policyChanges(before, after),
          ...secretChange(body.authorization),
        ];
        await state.audit(caller.username, 'policy.update', after.name, changes);
        const why = `${caller.username} removed the access level of this session from ${after.name}, so it has ended.`;
        endSessionsOfGoneGrants(live, grantsBefore, await openGrantIds(db, before.id), why);
        return after;
      },
    }),
    route({
      spec: policiesApi.remove,
      handler: async ({ params, caller }) => {
        const before = await read(params['id']);
        const grantsBefore = before ? await openGrantIds(db, before.id) : [];
        if (!before || !(await policies.remove(before.id, caller.username))) throw notFound();
        await state.audit(caller.username, 'policy.delete', before.name, policyChanges(before, null));
        const why = `${caller.username} deleted the policy ${before.name}, and with it your grant, so this session has ended.`;
        endSessionsOfGoneGrants(live, grantsBefore, [], why);
        return { ok: true as const };
      },
    }),
    route({
      spec: policiesApi.reach,
      handler: async ({ params }) => {
        const id = params['id'] ?? '';
        const computer = db.selectFrom('computers').select('id').where('id', '=', id).where('deleted_at', 'is', null);
        if (!(await computer.executeTakeFirst()))
          throw new OpenPsmError('NOT_FOUND', { message: 'There is no computer with that id.' });
        return computerReach(db, id);
      },
    }),
  ];
}
