import { z } from 'zod';
import { computersApi } from '@shared/common/api/controlPlane/computers';
import { policiesApi } from '@shared/common/api/controlPlane/policies';
import { OpenPsmError } from '@shared/common/errors';
import type { CatalogRepository } from '../db/catalog';
import type { GrantRepository } from '../db/grants';
import type { JitRepository } from '../db/jitAccounts';
import type { PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import { giveGrant } from './grantRoutes';
import { route, type Route } from './router';

export interface AdvancedRouteDeps {
  catalog: CatalogRepository;
  persons: PersonRepository;
  jit: Pick<JitRepository, 'setProvisioner'>;
  state: ServerStateRepository;
  grants: GrantRepository;
  /** OPENPSM_GRANT_DEFAULT_HOURS: the window of a pre-approval, which is a grant. */
  grantDefaultHours: number;
  grantMaxHours: number;
}

const uuid = z.uuid();
const idParam = (params: Record<string, string>) => {
  const parsed = uuid.safeParse(params['id']);
  if (!parsed.success) throw new OpenPsmError('NOT_FOUND', { message: 'There is nothing with that id.' });
  return parsed.data;
};

/**
 * Administration behind Advanced Mode: pre-approvals for access levels (each a grant of the level
 * for OPENPSM_GRANT_DEFAULT_HOURS, as POST /api/grants gives), and the JIT provisioning account of
 * a computer.
 */
export function advancedRoutes(deps: AdvancedRouteDeps): Route[] {
  const { catalog, state } = deps;
  return [
    route({
      spec: policiesApi.approveLevel,
      handler: async ({ params, body, caller }) => {
        const levelId = idParam(params);
        const policyId = await deps.grants.policyOfLevel(levelId);
        if (!policyId) throw new OpenPsmError('NOT_FOUND', { message: 'There is no access level with that id.' });
        await giveGrant(deps, caller, {
          personId: body.personId,
          policyId,
          accessLevelId: levelId,
        });
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
