import { personsApi } from '@shared/common/api/controlPlane/persons';
import type { NewPerson, PersonPatch } from '@shared/common/api/controlPlane/personFields';
import { OpenPsmError } from '@shared/common/errors';
import { directoryFields, sourceOf, type PersonDirectory } from '../db/personDirectory';
import type { OneTimeCodeRepository } from '../db/oneTimeCodes';
import type { PersonRecord, PersonRepository } from '../db/persons';
import type { AuditChange, ServerStateRepository } from '../db/serverState';
import { checkNewPassword } from '../identity/passwordRules';
import { hashPassword } from '../identity/passwords';
import { guardedWrite } from './guardedWrite';
import { route, type Route } from './router';

/** What the People page's routes use. */
export interface PersonAdminDeps {
  persons: PersonRepository;
  directory: PersonDirectory;
  state: ServerStateRepository;
  oneTimeCodes: OneTimeCodeRepository;
  /** How long a new person's one-time code stays valid (OPENPSM_ONE_TIME_CODE_TTL_SECONDS). */
  oneTimeCodeTtlSeconds: number;
  /** Ends every sign-in of a person. */
  revokeSignIns(personId: string): Promise<number>;
}

/** The fields an edit may change, as the record names them. */
const editable = [
  'displayName',
  'roles',
  'disabled',
  'email',
  'department',
  'location',
  'costCenter',
  'manager',
] as const;
type Editable = (typeof editable)[number];

const notFound = () => new OpenPsmError('NOT_FOUND', { message: 'There is no person with that id.' });
const blank = (v: string | null | undefined) => (v === '' ? null : v);

/** Reads a person for the routes: a live one by id, a manager by username, a field's value. */
function lookups(persons: PersonRepository) {
  const live = async (id: string) => {
    const person = await persons.findById(id);
    if (!person || person.deletedAt) throw notFound();
    return person;
  };
  const managerId = async (manager: string | null | undefined) => {
    if (manager === undefined) return undefined;
    if (blank(manager) === null) return null;
    const found = await persons.findByUsername(manager as string);
    if (!found) throw fieldError('BAD_REQUEST', 'manager', 'names nobody: no person has that username');
    return found.id;
  };
  const valueOf = async (p: PersonRecord, field: Editable): Promise<unknown> =>
    field === 'manager' ? (p.managerId ? ((await persons.findById(p.managerId))?.username ?? null) : null) : p[field];
  return { live, managerId, valueOf };
}
type Lookups = ReturnType<typeof lookups>;

/** The People page: list, create, read, edit and delete people; every change audited with what it changed. */
export function personAdminRoutes(deps: PersonAdminDeps): Route[] {
  const { persons, directory, state } = deps;
  const look = lookups(persons);
  return [
    route({ spec: personsApi.list, handler: async ({ query }) => directory.search(query) }),
    route({ spec: personsApi.get, handler: async ({ params }) => detail(deps, look, params['id'] as string) }),
    route({ spec: personsApi.create, handler: async ({ body, caller }) => create(deps, look, body, caller.username) }),
    route({
      spec: personsApi.update,
      handler: async ({ body, params, caller }) => edit(deps, look, params['id'] as string, body, caller),
    }),
    route({
      spec: personsApi.remove,
      handler: async ({ params, caller }) => {
        const person = await look.live(params['id'] as string);
        if (person.id === caller.personId)
          throw new OpenPsmError('BAD_REQUEST', { message: 'You cannot delete yourself; ask another administrator.' });
        if (!(await persons.markDeleted(person.id))) throw notFound();
        await deps.revokeSignIns(person.id);
        await state.audit(caller.username, 'person.delete', person.username);
        return { ok: true as const };
      },
    }),
  ];
}

async function detail(deps: PersonAdminDeps, look: Lookups, id: string) {
  const person = await look.live(id);
  const manager = person.managerId ? await deps.persons.findById(person.managerId) : undefined;
  return {
    ...row(person),
    manager: manager ? { id: manager.id, username: manager.username, displayName: manager.displayName } : null,
    directoryFields: directoryFields(person.source),
    ...(await deps.directory.reach(person)),
  };
}

async function create(deps: PersonAdminDeps, look: Lookups, body: NewPerson, actor: string) {
  const { persons } = deps;
  if (body.password !== undefined) await checkNewPassword(deps.state, body.username, body.password);
  const deleted = await persons.deletedHolder(body.username);
  if (deleted && !body.reuseUsername)
    throw fieldError('USERNAME_OF_DELETED', 'username', 'belonged to a deleted person; confirm to reuse it');
  const managerId = await look.managerId(body.manager);
  if (deleted) await persons.releaseUsername(deleted, body.username);
  const person = await guardedWrite(async () =>
    persons.create({
      username: body.username,
      displayName: body.displayName,
      roles: body.roles,
      // A service account's '!' matches no password: it cannot sign in, only act through API keys.
      passwordHash: body.password === undefined ? '!' : await hashPassword(body.password),
      source: body.kind === 'service' ? 'service' : 'local',
      ...employeeOf(body),
      managerId,
    }),
  ).catch((error: unknown) => {
    if (error instanceof OpenPsmError && error.code === 'CONFLICT')
      throw fieldError('CONFLICT', 'username', 'is taken: another person has it');
    throw error;
  });
  const action =
    body.kind === 'service' ? 'person.create_service' : deleted ? 'person.create_reusing_username' : 'person.create';
  const byCode = body.passwordMode === 'oneTimeCode';
  const secret = body.password !== undefined ? 'password' : byCode ? 'oneTimeCode' : null;
  await deps.state.audit(actor, action, person.username, secret ? [{ field: secret, secret: true as const }] : []);
  // "Set at first sign-in": no password yet ('!' matches none), and a code answered this once.
  if (byCode)
    return { id: person.id, oneTimeCode: await deps.oneTimeCodes.issue(person.id, deps.oneTimeCodeTtlSeconds) };
  return { id: person.id };
}

async function edit(
  deps: PersonAdminDeps,
  look: Lookups,
  id: string,
  body: PersonPatch,
  caller: { personId: string; username: string },
) {
  const before = await look.live(id);
  refuseDirectoryFields(before, body);
  if (before.id === caller.personId) refuseSelfLockout(body);
  if (body.revision !== undefined && body.revision !== before.revision)
    throw await staleError(before, body, look.valueOf);
  const outcome = await deps.persons.update(before.id, {
    revision: body.revision ?? before.revision,
    disabled: body.disabled,
    roles: body.roles,
    displayName: body.displayName,
    ...employeeOf(body),
    managerId: await look.managerId(body.manager),
  });
  const after = await look.live(before.id);
  if (outcome === 'stale') throw await staleError(after, body, look.valueOf);
  if (body.disabled) await deps.revokeSignIns(before.id);
  // Rule groups (department = Operations, …) follow the person's employee fields.
  if (body.department !== undefined || body.location !== undefined || body.costCenter !== undefined)
    await deps.persons.applyRuleGroups(before.id);
  await deps.state.audit(
    caller.username,
    'person.update',
    before.username,
    await changesOf(before, after, look.valueOf),
  );
  return { revision: after.revision };
}

/** An administrator may not disable themself nor drop their own administrator role: another administrator must. */
function refuseSelfLockout(body: PersonPatch) {
  if (body.disabled === true)
    throw fieldError('BAD_REQUEST', 'disabled', 'cannot be set on yourself; ask another administrator');
  if (body.roles && !body.roles.includes('administrator'))
    throw fieldError('BAD_REQUEST', 'roles', 'must keep administrator on yourself; ask another administrator');
}

/** The employee text fields of a request, an empty one meaning none. */
function employeeOf(body: PersonPatch | NewPerson) {
  return {
    email: blank(body.email),
    department: blank(body.department),
    location: blank(body.location),
    costCenter: blank(body.costCenter),
  };
}

function fieldError(code: 'BAD_REQUEST' | 'CONFLICT' | 'USERNAME_OF_DELETED', path: string, message: string) {
  const text = code === 'USERNAME_OF_DELETED' ? undefined : `${path} ${message}.`;
  return new OpenPsmError(code, { ...(text ? { message: text } : {}), path, fields: [{ path, message }] });
}

function row(p: PersonRecord) {
  const { id, username, displayName, roles, disabled, email, department, location, costCenter, revision } = p;
  return {
    id,
    username,
    displayName,
    roles,
    disabled,
    source: sourceOf(p.source),
    email,
    department,
    location,
    costCenter,
    revision,
  };
}

/** An LDAP or federated person's name and roles come from their directory; an edit of them is refused naming it. */
function refuseDirectoryFields(person: PersonRecord, body: PersonPatch) {
  const owned = directoryFields(person.source).filter((f) => f in body && f !== 'username');
  if (owned.length === 0) return;
  const source = sourceOf(person.source) === 'ldap' ? 'the LDAP directory' : 'the federated sign-in';
  throw new OpenPsmError('BAD_REQUEST', {
    message: `These fields are set by ${source}.`,
    fields: owned.map((path) => ({ path, message: `is set by ${source}` })),
  });
}

type ValueOf = (p: PersonRecord, field: Editable) => Promise<unknown>;

/** 409 naming each field the edit touches whose stored value is no longer what the form loaded. */
async function staleError(current: PersonRecord, body: PersonPatch, valueOf: ValueOf) {
  const fields = [];
  for (const field of editable) {
    if (!(field in body)) continue;
    const now = await valueOf(current, field);
    fields.push({ path: field, message: `is now ${JSON.stringify(now)} on the server` });
  }
  return new OpenPsmError('STALE_REVISION', {
    message: `Someone else changed this person (now revision ${current.revision}): ${fields
      .map((f) => `${f.path} ${f.message}`)
      .join('; ')}. Reload it; what you typed is kept.`,
    fields,
  });
}

async function changesOf(before: PersonRecord, after: PersonRecord, valueOf: ValueOf): Promise<AuditChange[]> {
  const changes: AuditChange[] = [];
  for (const field of editable) {
    const [was, now] = [await valueOf(before, field), await valueOf(after, field)];
    if (JSON.stringify(was) !== JSON.stringify(now)) changes.push({ field, before: was, after: now });
  }
  return changes;
}
