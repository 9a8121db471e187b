import { resourcesApi, type ResourceGroup } from '@shared/common/api/controlPlane/resources';
import type { Reachability } from '@shared/node/net/reachability';
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
  reachability?: ((host: string, port: number) => Reachability | Promise<Reachability>) | undefined;
}

/**
 * Each row (built for this answer) with its cached reachability. Kept answers are used as they
 * are; only checks under way are waited for, all at once (a thousand rows, a thousand awaits, cost milliseconds).
 */
async function withReachability(groups: ResourceGroup[], reachability: CatalogRouteDeps['reachability']) {
  if (!reachability) return groups;
  const rows = groups.flatMap((group) => group.computers);
  const answers = rows.map((c) => reachability(c.host, c.port));
  const known = answers.some((a) => typeof a !== 'string') ? await Promise.all(answers) : (answers as Reachability[]);
  rows.forEach((row, i) => (row.reachability = known[i]));
  return groups;
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
