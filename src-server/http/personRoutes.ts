import { personsApi } from '@shared/common/api/controlPlane/persons';
import { OpenPsmError } from '@shared/common/errors';
import type { MfaRepository } from '../db/mfa';
import type { PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import { route, type Route } from './router';

/** What the person routes use. */
export interface PersonRouteDeps {
  persons: PersonRepository;
  state: ServerStateRepository;
  mfa: MfaRepository;
  /** Ends every sign-in of a person. */
  revokeSignIns(personId: string): Promise<number>;
}

/** The signed-in person, groups, and a person's sign-ins and MFA (the People page's other routes: personAdminRoutes.ts). */
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
