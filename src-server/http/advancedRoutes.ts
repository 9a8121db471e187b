import { z } from 'zod';
import { computersApi } from '@shared/common/api/controlPlane/computers';
import { policiesApi } from '@shared/common/api/controlPlane/policies';
import { OpenPsmError } from '@shared/common/errors';
import type { CatalogRepository } from '../db/catalog';
import type { JitRepository } from '../db/jitAccounts';
import type { PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import { route, type Route } from './router';

export interface AdvancedRouteDeps {
  catalog: CatalogRepository;
  persons: PersonRepository;
  jit: Pick<JitRepository, 'setProvisioner'>;
  state: ServerStateRepository;
}

const uuid = z.uuid();
const idParam = (params: Record<string, string>) => {
  const parsed = uuid.safeParse(params['id']);
  if (!parsed.success) throw new OpenPsmError('NOT_FOUND', { message: 'There is nothing with that id.' });
  return parsed.data;
};

/** Administration behind Advanced Mode: pre-approvals for access levels, and the JIT provisioning account of a computer. */
export function advancedRoutes(deps: AdvancedRouteDeps): Route[] {
  const { catalog, persons, state } = deps;
  return [
    route({
      spec: policiesApi.approveLevel,
      handler: async ({ params, body, caller }) => {
        const levelId = idParam(params);
        if (body.personId === caller.personId) {
          await state.audit(caller.username, 'access_level.self_approval_refused', levelId);
          throw new OpenPsmError('SELF_APPROVAL');
        }
        const person = await persons.findById(body.personId);
        if (!person) throw new OpenPsmError('BAD_REQUEST', { message: 'There is no person with that id.' });
        if (!(await catalog.approveLevel(levelId, body.personId, caller.username)))
          throw new OpenPsmError('NOT_FOUND', { message: 'There is no access level with that id.' });
        await state.audit(caller.username, 'access_level.approve', `${levelId}: ${person.username}`);
        return { ok: true as const };
      },
    }),
    route({
      spec: computersApi.setJitProvisioner,
      handler: async ({ params, body, caller }) => {
        const computerId = idParam(params);
        if (!(await catalog.computerExists(computerId)))
          throw new OpenPsmError('NOT_FOUND', { message: 'There is no computer with that id.' });
        await deps.jit.setProvisioner(computerId, body);
        await state.audit(caller.username, 'computer.jit_provisioner', `${computerId}: ${body.username}`);
        return { ok: true as const };
      },
    }),
  ];
}
