import { federationApi } from '@shared/common/api/controlPlane/federation';
import { ldapApi } from '@shared/common/api/controlPlane/ldap';
import { OpenPsmError } from '@shared/common/errors';
import type { ServerStateRepository } from '../db/serverState';
import { testLdap } from '../identity/ldapTest';
import { testIssuer } from '../identity/oidcTest';
import type { SignInModules } from '../identity/signInModules';
import { route, type Route } from './router';
import { settingRevision } from './settingRevision';
import { moduleChanges } from './signInChanges';

/** What the sign-in module routes use. */
export interface SignInModuleRouteDeps {
  state: ServerStateRepository;
  modules: SignInModules;
  /** Where the external issuer sends people back (to register there). */
  federationRedirectUri(): string;
}

/** Runs a Test, auditing it as a test run (what was tried and what it found), never as a change. */
async function audited<T extends { summary: string }>(
  state: ServerStateRepository,
  who: { actor: string; action: string; target: string },
  run: () => Promise<T>,
): Promise<T> {
  try {
    const found = await run();
    await state.audit(who.actor, who.action, `${who.target}: ${found.summary}`);
    return found;
  } catch (error) {
    const said = error instanceof OpenPsmError ? `${error.code}: ${error.message}` : 'failed';
    await state.audit(who.actor, who.action, `${who.target}: ${said}`.slice(0, 1000));
    throw error;
  }
}

/** The sign-in modules' settings: LDAP and federation (OIDC), each read and replaced whole, and tried before saving. */
export function signInModuleRoutes(deps: SignInModuleRouteDeps): Route[] {
  const { state, modules } = deps;
  const ldapRevision = settingRevision(state, 'ldapRevision', 'the LDAP settings');
  const federationRevision = settingRevision(state, 'federationRevision', 'the federation settings');
  const ldapView = async () => ({ ...(await modules.viewLdap()), revision: await ldapRevision.read() });
  const federationView = async () => ({
    ...(await modules.viewFederation()),
    redirectUri: deps.federationRedirectUri(),
    revision: await federationRevision.read(),
  });
  return [
    route({ spec: ldapApi.get, handler: ldapView }),
    route({
      spec: ldapApi.set,
      handler: async ({ body, caller }) => {
        await ldapRevision.check(body.revision);
        const before = (await modules.viewLdap()).config;
        await modules.setLdap(body.config, body.bindPassword);
        const changes = moduleChanges(before, body.config, {
          field: 'bindPassword',
          typed: body.bindPassword !== null,
        });
        if (changes.length > 0) await ldapRevision.bump();
        const target = `${body.config.enabled ? 'enabled' : 'disabled'} ${body.config.url}`;
        await state.audit(caller.username, 'sign_in.ldap.update', target, changes);
        return ldapView();
      },
    }),
    route({
      spec: ldapApi.test,
      handler: async ({ body, caller }) => {
        const bindPassword = body.bindPassword ?? (await modules.storedBindPassword());
        const target = `${body.config.url} for ${body.username}${body.password === undefined ? '' : ' (with a password)'}`;
        return audited(state, { actor: caller.username, action: 'sign_in.ldap.test', target }, () =>
          testLdap(body.config, bindPassword, body.username, body.password),
        );
      },
    }),
    route({ spec: federationApi.get, handler: federationView }),
    route({
      spec: federationApi.set,
      handler: async ({ body, caller }) => {
        await federationRevision.check(body.revision);
        const before = (await modules.viewFederation()).config;
        await modules.setFederation(body.config, body.clientSecret);
        const changes = moduleChanges(before, body.config, {
          field: 'clientSecret',
          typed: body.clientSecret !== null,
        });
        if (changes.length > 0) await federationRevision.bump();
        const target = `${body.config.enabled ? 'enabled' : 'disabled'} ${body.config.issuerUrl}`;
        await state.audit(caller.username, 'sign_in.oidc.update', target, changes);
        return federationView();
      },
    }),
    route({
      spec: federationApi.test,
      handler: ({ body, caller }) =>
        audited(state, { actor: caller.username, action: 'sign_in.oidc.test', target: body.config.issuerUrl }, () =>
          testIssuer(body.config),
        ),
    }),
  ];
}
