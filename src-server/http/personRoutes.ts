import { employeeFieldSchema } from '@shared/common/api/controlPlane/groups';
import { personsApi } from '@shared/common/api/controlPlane/persons';
import { OpenPsmError } from '@shared/common/errors';
import type { MfaRepository } from '../db/mfa';
import type { PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import { hashPassword } from '../identity/passwords';
import { guardedWrite } from './guardedWrite';
import { route, type Route } from './router';

const employeeFieldNames = employeeFieldSchema.options;

/** What the person routes use. */
export interface PersonRouteDeps {
  persons: PersonRepository;
  state: ServerStateRepository;
  mfa: MfaRepository;
  /** Ends every sign-in of a person. */
  revokeSignIns(personId: string): Promise<number>;
}

/** The signed-in person, and the administration of persons and groups: accounts, sign-ins, MFA. */
export function personRoutes(deps: PersonRouteDeps): Route[] {
  const { persons, state, mfa } = deps;
  return [
    route({
      spec: personsApi.me,
      handler: async ({ caller }) => {
        const person = await persons.findById(caller.personId);
        if (!person) throw new OpenPsmError('TOKEN_INVALID');
        return { id: person.id, username: person.username, displayName: person.displayName, roles: person.roles };
      },
    }),
    route({ spec: personsApi.list, handler: async () => ({ persons: await persons.list() }) }),
    route({
      spec: personsApi.create,
      handler: async ({ body, caller }) => {
        const person = await guardedWrite(async () =>
          persons.create({
            username: body.username,
            displayName: body.displayName,
            roles: body.roles,
            passwordHash: await hashPassword(body.password),
          }),
        );
        await state.audit(caller.username, 'person.create', person.username);
        return { id: person.id };
      },
    }),
    route({
      spec: personsApi.update,
      handler: async ({ body, params, caller }) => {
        if (!(await persons.update(params['id'] as string, body)))
          throw new OpenPsmError('NOT_FOUND', { message: 'There is no person with that id.' });
        if (body.disabled) await deps.revokeSignIns(params['id'] as string);
        if (employeeFieldNames.some((f) => body[f] !== undefined))
          await persons.applyRuleGroups(params['id'] as string);
        await state.audit(caller.username, 'person.update', params['id'] as string);
        return { ok: true as const };
      },
    }),
    route({
      spec: personsApi.revokeSignIns,
      handler: async ({ params, caller }) => {
        const revoked = await deps.revokeSignIns(params['id'] as string);
        await state.audit(caller.username, 'person.revoke_sign_ins', params['id'] as string);
        return { revoked };
      },
    }),
    route({
      spec: personsApi.resetMfa,
      handler: async ({ params, caller }) => {
        await mfa.reset(params['id'] as string);
        await state.audit(caller.username, 'mfa.reset', params['id'] as string);
        return { ok: true as const };
      },
    }),
  ];
}
