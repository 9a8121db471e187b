import pkg from '../../package.json';
import { auditPageQuery } from '@shared/common/api/controlPlane/audit';
import { systemApi } from '@shared/common/api/controlPlane/system';
import { filterOf } from '../audit/exportText';
import { cursorOf } from '../db/auditLog';
import type { ServerStateRepository } from '../db/serverState';
import { mfaRequiredKey } from '../identity/mfaFlow';
import { route, type Route } from './router';

/** The server setting that turns the RDP proxy on or off. */
export const rdpProxyKey = 'rdpProxyEnabled';

/** What the system routes use. */
export interface SystemRouteDeps {
  state: ServerStateRepository;
}

/** The server itself: liveness, its settings, and the audit log's pages (export and forwarding: auditRoutes). */
export function systemRoutes(deps: SystemRouteDeps): Route[] {
  const { state } = deps;
  const settings = async () => ({
    rdpProxyEnabled: await state.getSetting(rdpProxyKey, true),
    mfaRequiredForSignIn: await state.getSetting(mfaRequiredKey, false),
  });
  return [
    route({
      spec: systemApi.health,
      handler: () => Promise.resolve({ status: 'ok' as const, service: 'openpsm-control-plane', version: pkg.version }),
    }),
    route({ spec: systemApi.settings, handler: () => settings() }),
    route({
      spec: systemApi.setSettings,
      handler: async ({ body, caller }) => {
        if (body.rdpProxyEnabled !== undefined) await state.setSetting(rdpProxyKey, body.rdpProxyEnabled);
        if (body.mfaRequiredForSignIn !== undefined) await state.setSetting(mfaRequiredKey, body.mfaRequiredForSignIn);
        await state.audit(
          caller.username,
          'settings.update',
          Object.entries(body)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(' '),
        );
        return settings();
      },
    }),
    route({
      spec: systemApi.audit,
      handler: ({ query: checked }) => {
        const query = auditPageQuery.parse(checked);
        return state.log.page(
          { ...filterOf(query), before: cursorOf(query.cursor) },
          query.limit ? Number(query.limit) : 200,
        );
      },
    }),
  ];
}
