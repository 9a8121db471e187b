import { resourcesApi, type ResourceGroup } from '@shared/common/api/controlPlane/resources';
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
  /** Whether the gateway reaches a computer's port (cached); rows carry no reachability when absent. */
  reachability?: ((host: string, port: number) => Promise<'reachable' | 'unreachable'>) | undefined;
}

/** Each row with its cached reachability, all rows checked at once. */
async function withReachability(groups: ResourceGroup[], reachability: CatalogRouteDeps['reachability']) {
  if (!reachability) return groups;
  return Promise.all(
    groups.map(async (group) => ({
      ...group,
      computers: await Promise.all(
        group.computers.map(async (c) => ({ ...c, reachability: await reachability(c.host, c.port) })),
      ),
    })),
  );
}

/** The catalog: a person's resources (My Resources). Computers: computerRoutes.ts; policies: policyRoutes.ts; shared credentials: credentialRoutes.ts. */
export function catalogRoutes(deps: CatalogRouteDeps): Route[] {
  const { catalog, state, mfa, reachability } = deps;
  return [
    route({
      spec: resourcesApi.list,
      handler: async ({ caller }) => ({
        groups: await withReachability(
          await catalog.resourcesFor(caller.personId, await state.getSetting(rdpProxyKey, true)),
          reachability,
        ),
        mfaEnrolled: await mfa.isEnrolled(caller.personId),
      }),
      builtAnswer: true,
    }),
  ];
}
