import { resourcesApi } from '@shared/common/api/controlPlane/resources';
import type { CatalogRepository } from '../db/catalog';
import type { MfaRepository } from '../db/mfa';
import type { ServerStateRepository } from '../db/serverState';
import { route, type Route } from './router';
import { rdpProxyKey } from './systemRoutes';

/** What the catalog routes use. */
export interface CatalogRouteDeps {
  catalog: CatalogRepository;
  state: ServerStateRepository;
  mfa: MfaRepository;
}

/** The catalog: a person's resources (My Resources). Computers: computerRoutes.ts; policies: policyRoutes.ts; shared credentials: credentialRoutes.ts. */
export function catalogRoutes(deps: CatalogRouteDeps): Route[] {
  const { catalog, state, mfa } = deps;
  return [
    route({
      spec: resourcesApi.list,
      handler: async ({ caller }) => ({
        groups: await catalog.resourcesFor(caller.personId, await state.getSetting(rdpProxyKey, true)),
        mfaEnrolled: await mfa.isEnrolled(caller.personId),
      }),
      builtAnswer: true,
    }),
  ];
}
