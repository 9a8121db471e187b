import { federationApi } from '@shared/common/api/controlPlane/federation';
import { ldapApi } from '@shared/common/api/controlPlane/ldap';
import type { ServerStateRepository } from '../db/serverState';
import type { SignInModules } from '../identity/signInModules';
import { route, type Route } from './router';

/** What the sign-in module routes use. */
export interface SignInModuleRouteDeps {
  state: ServerStateRepository;
  modules: SignInModules;
  /** Where the external issuer sends people back (to register there). */
  federationRedirectUri(): string;
}

/** The sign-in modules' settings: LDAP and federation (OIDC), each read and replaced whole. */
export function signInModuleRoutes(deps: SignInModuleRouteDeps): Route[] {
  const { state } = deps;
  return [
    route({ spec: ldapApi.get, handler: () => deps.modules.viewLdap() }),
    route({
      spec: ldapApi.set,
      handler: async ({ body, caller }) => {
        await deps.modules.setLdap(body.config, body.bindPassword);
        await state.audit(
          caller.username,
          'sign_in.ldap.update',
          `${body.config.enabled ? 'enabled' : 'disabled'} ${body.config.url}`,
        );
        return deps.modules.viewLdap();
      },
    }),
    route({
      spec: federationApi.get,
      handler: async () => ({ ...(await deps.modules.viewFederation()), redirectUri: deps.federationRedirectUri() }),
    }),
    route({
      spec: federationApi.set,
      handler: async ({ body, caller }) => {
        await deps.modules.setFederation(body.config, body.clientSecret);
        await state.audit(
          caller.username,
          'sign_in.oidc.update',
          `${body.config.enabled ? 'enabled' : 'disabled'} ${body.config.issuerUrl}`,
        );
        return { ...(await deps.modules.viewFederation()), redirectUri: deps.federationRedirectUri() };
      },
    }),
  ];
}
