import { policiesApi } from '@shared/common/api/controlPlane/policies';
import { resourcesApi } from '@shared/common/api/controlPlane/resources';
import type { CatalogRepository } from '../db/catalog';
import type { MfaRepository } from '../db/mfa';
import type { ServerStateRepository } from '../db/serverState';
import { guardedWrite } from './guardedWrite';
import { route, type Route } from './router';
import { rdpProxyKey } from './systemRoutes';

/** What the catalog routes use. */
export interface CatalogRouteDeps {
  catalog: CatalogRepository;
  state: ServerStateRepository;
  mfa: MfaRepository;
}

/** The catalog: a person's resources (My Resources), and adding policies (computers: computerRoutes.ts; shared credentials: credentialRoutes.ts). */
export function catalogRoutes(deps: CatalogRouteDeps): Route[] {
  const { catalog, state, mfa } = deps;
  return [
    route({
      spec: resourcesApi.list,
      handler: async ({ caller }) => ({
        groups: await catalog.resourcesFor(caller.personId, await state.getSetting(rdpProxyKey, true)),
        mfaEnrolled: await mfa.isEnrolled(caller.personId),
      }),
    }),
    route({
      spec: policiesApi.create,
      handler: async ({ body, caller }) => {
        const id = await guardedWrite(() => catalog.createPolicy(body));
        await state.audit(caller.username, 'policy.create', body.name);
        return { id };
      },
    }),
  ];
}
