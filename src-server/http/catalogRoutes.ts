import { computersApi } from '@shared/common/api/controlPlane/computers';
import { resourcesApi } from '@shared/common/api/controlPlane/resources';
import { defaultRdpSettings } from '@shared/common/api/rdpSecurity';
import { OpenPsmError } from '@shared/common/errors';
import type { CatalogRepository } from '../db/catalog';
import type { MfaRepository } from '../db/mfa';
import type { ServerStateRepository } from '../db/serverState';
import { guardedWrite } from './guardedWrite';
import { route, type Route } from './router';
import { rdpAuditText } from './rdpSecurityRoutes';
import { rdpProxyKey } from './systemRoutes';

/** What the catalog routes use. */
export interface CatalogRouteDeps {
  catalog: CatalogRepository;
  state: ServerStateRepository;
  mfa: MfaRepository;
}

/** The catalog: a person's resources (My Resources), and adding computers (policies: policyRoutes.ts; shared credentials: credentialRoutes.ts). */
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
      spec: computersApi.create,
      handler: async ({ body, caller }) => {
        if (body.rdp && body.protocol !== 'rdp')
          throw new OpenPsmError('BAD_REQUEST', {
            message: 'RDP security settings are for RDP computers only.',
            fields: [{ path: 'rdp', message: `is for RDP computers, not ${body.protocol}` }],
          });
        const id = await guardedWrite(() => catalog.createComputer(body));
        const rdp = body.protocol === 'rdp' ? `: ${rdpAuditText(body.rdp ?? defaultRdpSettings)}` : '';
        await state.audit(caller.username, 'computer.create', `${body.name}${rdp}`);
        return { id };
      },
    }),
  ];
}
