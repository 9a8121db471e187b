import pkg from '../../package.json';
import { computersApi } from '../../src-shared/common/api/controlPlane/computers';
import { federationApi } from '../../src-shared/common/api/controlPlane/federation';
import { ldapApi } from '../../src-shared/common/api/controlPlane/ldap';
import { personsApi } from '../../src-shared/common/api/controlPlane/persons';
import { policiesApi } from '../../src-shared/common/api/controlPlane/policies';
import { resourcesApi } from '../../src-shared/common/api/controlPlane/resources';
import { systemApi } from '../../src-shared/common/api/controlPlane/system';
import type { CatalogRepository } from '../db/catalog';
import type { CredentialRepository } from '../db/credentials';
import type { MfaRepository } from '../db/mfa';
import { mfaRequiredKey } from '../identity/mfaFlow';
import type { SignInModules } from '../identity/signInModules';
import type { PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import { hashPassword } from '../identity/passwords';
import { route, type Route } from './router';
import { OpenPsmError } from '../../src-shared/common/errors';

export interface RouteDeps {
  persons: PersonRepository;
  catalog: CatalogRepository;
  credentials: CredentialRepository;
  state: ServerStateRepository;
  mfa: MfaRepository;
  modules: SignInModules;
  /** Where the external issuer sends people back (to register there). */
  federationRedirectUri(): string;
  /** Ends every sign-in of a person. */
  revokeSignIns(personId: string): Promise<number>;
}

const rdpProxyKey = 'rdpProxyEnabled';

/** Turns the database's constraint errors into coded answers. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new OpenPsmError('CONFLICT');
    if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new OpenPsmError('BAD_REQUEST', { message: 'The request names a person, group or computer that does not exist.' });
    throw error;
  }
}

/** The IAM Shop API, one table: it drives dispatch, authorization, validation and /openapi.json. */
export function apiRoutes(deps: RouteDeps): Route[] {
  const { persons, catalog, credentials, state, mfa } = deps;
  const settings = async () => ({ rdpProxyEnabled: await state.getSetting(rdpProxyKey, true), mfaRequiredForSignIn: await state.getSetting(mfaRequiredKey, false) });
  return [
    route({ spec: systemApi.health, handler: () => Promise.resolve({ status: 'ok' as const, service: 'openpsm-control-plane', version: pkg.version }) }),
    route({
      spec: personsApi.me,
      handler: async ({ caller }) => {
        const person = await persons.findById(caller.personId);
        if (!person) throw new OpenPsmError('TOKEN_INVALID');
        return { id: person.id, username: person.username, displayName: person.displayName, roles: person.roles };
      },
    }),
    route({
      spec: resourcesApi.list,
      handler: async ({ caller }) => ({ groups: await catalog.resourcesFor(caller.personId, await state.getSetting(rdpProxyKey, true)), mfaEnrolled: await mfa.isEnrolled(caller.personId) }),
    }),
    route({ spec: personsApi.list, handler: async () => ({ persons: await persons.list() }) }),
    route({
      spec: personsApi.create,
      handler: async ({ body, caller }) => {
        const person = await guarded(async () => persons.create({ username: body.username, displayName: body.displayName, roles: body.roles, passwordHash: await hashPassword(body.password) }));
        await state.audit(caller.username, 'person.create', person.username);
        return { id: person.id };
      },
    }),
    route({
      spec: personsApi.update,
      handler: async ({ body, params, caller }) => {
        if (!(await persons.update(params['id'] as string, body))) throw new OpenPsmError('NOT_FOUND', { message: 'There is no person with that id.' });
        if (body.disabled) await deps.revokeSignIns(params['id'] as string);
        await state.audit(caller.username, 'person.update', params['id'] as string);
        return { ok: true as const };
      },
    }),
    route({
      spec: personsApi.revokeSignIns,
      handler: async ({ params, caller }) => {
        const revoked = await deps.revokeSignIns(params['id'] as string);
        await state.audit(caller.username, 'person.revoke_sign_ins', params['id'] as string);
        return { revoked };
      },
    }),
    route({
      spec: personsApi.createGroup,
      handler: async ({ body, caller }) => {
        const id = await guarded(() => persons.createGroup(body.name, body.members));
        await state.audit(caller.username, 'group.create', body.name);
        return { id };
      },
    }),
    route({
      spec: computersApi.create,
      handler: async ({ body, caller }) => {
        const id = await guarded(() => catalog.createComputer(body));
        await state.audit(caller.username, 'computer.create', body.name);
        return { id };
      },
    }),
    route({
      spec: policiesApi.create,
      handler: async ({ body, caller }) => {
        const id = await guarded(() => catalog.createPolicy(body));
        await state.audit(caller.username, 'policy.create', body.name);
        return { id };
      },
    }),
    route({
      spec: computersApi.createSharedCredential,
      handler: async ({ body, caller }) => {
        if (!(await catalog.computerExists(body.computerId))) throw new OpenPsmError('BAD_REQUEST', { message: 'The request names a computer that does not exist.' });
        const stored = await credentials.create(body);
        await state.audit(caller.username, 'credential.create', body.computerId);
        return stored;
      },
    }),
    route({ spec: systemApi.settings, handler: () => settings() }),
    route({
      spec: systemApi.setSettings,
      handler: async ({ body, caller }) => {
        if (body.rdpProxyEnabled !== undefined) await state.setSetting(rdpProxyKey, body.rdpProxyEnabled);
        if (body.mfaRequiredForSignIn !== undefined) await state.setSetting(mfaRequiredKey, body.mfaRequiredForSignIn);
        await state.audit(caller.username, 'settings.update', Object.entries(body).map(([k, v]) => `${k}=${String(v)}`).join(' '));
        return settings();
      },
    }),
    route({
      spec: personsApi.resetMfa,
      handler: async ({ params, caller }) => {
        await mfa.reset(params['id'] as string);
        await state.audit(caller.username, 'mfa.reset', params['id'] as string);
        return { ok: true as const };
      },
    }),
    route({ spec: ldapApi.get, handler: () => deps.modules.viewLdap() }),
    route({
      spec: ldapApi.set,
      handler: async ({ body, caller }) => {
        await deps.modules.setLdap(body.config, body.bindPassword);
        await state.audit(caller.username, 'sign_in.ldap.update', `${body.config.enabled ? 'enabled' : 'disabled'} ${body.config.url}`);
        return deps.modules.viewLdap();
      },
    }),
    route({ spec: federationApi.get, handler: async () => ({ ...(await deps.modules.viewFederation()), redirectUri: deps.federationRedirectUri() }) }),
    route({
      spec: federationApi.set,
      handler: async ({ body, caller }) => {
        await deps.modules.setFederation(body.config, body.clientSecret);
        await state.audit(caller.username, 'sign_in.oidc.update', `${body.config.enabled ? 'enabled' : 'disabled'} ${body.config.issuerUrl}`);
        return { ...(await deps.modules.viewFederation()), redirectUri: deps.federationRedirectUri() };
      },
    }),
    route({ spec: systemApi.audit, handler: async () => ({ entries: await state.auditEntries() }) }),
  ];
}
