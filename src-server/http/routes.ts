import { z } from 'zod';
import pkg from '../../package.json';
import * as iam from '../../src-shared/common/api/iam';
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
const admin = ['administrator'] as iam.Role[];

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
    route({ method: 'GET', path: '/health', summary: 'Liveness', access: 'public', response: iam.healthSchema, handler: () => Promise.resolve({ status: 'ok' as const, service: 'openpsm-control-plane', version: pkg.version }) }),
    route({
      method: 'GET',
      path: '/api/me',
      summary: 'The signed-in person',
      access: 'signed-in',
      response: iam.meSchema,
      handler: async ({ caller }) => {
        const person = await persons.findById(caller.personId);
        if (!person) throw new OpenPsmError('TOKEN_INVALID');
        return { id: person.id, username: person.username, displayName: person.displayName, roles: person.roles };
      },
    }),
    route({
      method: 'GET',
      path: '/api/resources',
      summary: 'My Resources: the computers the person may reach, by access request policy',
      access: 'signed-in',
      response: iam.resourcesSchema,
      handler: async ({ caller }) => ({ groups: await catalog.resourcesFor(caller.personId, await state.getSetting(rdpProxyKey, true)), mfaEnrolled: await mfa.isEnrolled(caller.personId) }),
    }),
    route({ method: 'GET', path: '/api/admin/persons', summary: 'List persons', access: admin, response: z.object({ persons: z.array(iam.personSchema) }), handler: async () => ({ persons: await persons.list() }) }),
    route({
      method: 'POST',
      path: '/api/admin/persons',
      summary: 'Create a local account',
      access: admin,
      body: iam.newPersonSchema,
      response: iam.idSchema,
      status: 201,
      handler: async ({ body, caller }) => {
        const person = await guarded(async () => persons.create({ username: body.username, displayName: body.displayName, roles: body.roles, passwordHash: await hashPassword(body.password) }));
        await state.audit(caller.username, 'person.create', person.username);
        return { id: person.id };
      },
    }),
    route({
      method: 'PATCH',
      path: '/api/admin/persons/:id',
      summary: 'Disable, enable, rename or change the roles of a person',
      access: admin,
      body: iam.personPatchSchema,
      response: iam.okSchema,
      handler: async ({ body, params, caller }) => {
        if (!(await persons.update(params['id'] as string, body))) throw new OpenPsmError('NOT_FOUND', { message: 'There is no person with that id.' });
        if (body.disabled) await deps.revokeSignIns(params['id'] as string);
        await state.audit(caller.username, 'person.update', params['id'] as string);
        return { ok: true as const };
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/persons/:id/revoke',
      summary: "End every sign-in of a person (their refresh and access tokens stop working)",
      access: admin,
      response: z.object({ revoked: z.number().int() }),
      handler: async ({ params, caller }) => {
        const revoked = await deps.revokeSignIns(params['id'] as string);
        await state.audit(caller.username, 'person.revoke_sign_ins', params['id'] as string);
        return { revoked };
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/groups',
      summary: 'Create a group with members',
      access: admin,
      body: iam.newGroupSchema,
      response: iam.idSchema,
      status: 201,
      handler: async ({ body, caller }) => {
        const id = await guarded(() => persons.createGroup(body.name, body.members));
        await state.audit(caller.username, 'group.create', body.name);
        return { id };
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/computers',
      summary: 'Add a managed computer',
      access: admin,
      body: iam.newComputerSchema,
      response: iam.idSchema,
      status: 201,
      handler: async ({ body, caller }) => {
        const id = await guarded(() => catalog.createComputer(body));
        await state.audit(caller.username, 'computer.create', body.name);
        return { id };
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/policies',
      summary: 'Create an access request policy with its access levels',
      access: admin,
      body: iam.newPolicySchema,
      response: iam.idSchema,
      status: 201,
      handler: async ({ body, caller }) => {
        const id = await guarded(() => catalog.createPolicy(body));
        await state.audit(caller.username, 'policy.create', body.name);
        return { id };
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/credentials',
      summary: 'Store a shared credential for a computer (the secret is never returned)',
      access: admin,
      body: iam.newSharedCredentialSchema,
      response: iam.sharedCredentialSchema,
      status: 201,
      handler: async ({ body, caller }) => {
        if (!(await catalog.computerExists(body.computerId))) throw new OpenPsmError('BAD_REQUEST', { message: 'The request names a computer that does not exist.' });
        const stored = await credentials.create(body);
        await state.audit(caller.username, 'credential.create', body.computerId);
        return stored;
      },
    }),
    route({ method: 'GET', path: '/api/admin/settings', summary: 'Server settings', access: admin, response: iam.serverSettingsSchema, handler: () => settings() }),
    route({
      method: 'PUT',
      path: '/api/admin/settings',
      summary: 'Change server settings (e.g. switch the RDP proxy off, require MFA at sign-in)',
      access: admin,
      body: iam.serverSettingsSchema.partial(),
      response: iam.serverSettingsSchema,
      handler: async ({ body, caller }) => {
        if (body.rdpProxyEnabled !== undefined) await state.setSetting(rdpProxyKey, body.rdpProxyEnabled);
        if (body.mfaRequiredForSignIn !== undefined) await state.setSetting(mfaRequiredKey, body.mfaRequiredForSignIn);
        await state.audit(caller.username, 'settings.update', Object.entries(body).map(([k, v]) => `${k}=${String(v)}`).join(' '));
        return settings();
      },
    }),
    route({
      method: 'DELETE',
      path: '/api/admin/persons/:id/mfa',
      summary: "Reset a person's two-step verification (lost phone); they enrol again when required",
      access: admin,
      response: iam.okSchema,
      handler: async ({ params, caller }) => {
        await mfa.reset(params['id'] as string);
        await state.audit(caller.username, 'mfa.reset', params['id'] as string);
        return { ok: true as const };
      },
    }),
    route({ method: 'GET', path: '/api/admin/sign-in/ldap', summary: 'The LDAP sign-in module (never its password)', access: admin, response: iam.ldapConfigViewSchema, handler: () => deps.modules.viewLdap() }),
    route({
      method: 'PUT',
      path: '/api/admin/sign-in/ldap',
      summary: 'Configure LDAP bind sign-in: directory, TLS with a pinned CA, user filter, groups to roles',
      access: admin,
      body: iam.ldapConfigInputSchema,
      response: iam.ldapConfigViewSchema,
      handler: async ({ body, caller }) => {
        await deps.modules.setLdap(body.config, body.bindPassword);
        await state.audit(caller.username, 'sign_in.ldap.update', `${body.config.enabled ? 'enabled' : 'disabled'} ${body.config.url}`);
        return deps.modules.viewLdap();
      },
    }),
    route({ method: 'GET', path: '/api/admin/sign-in/oidc', summary: 'Federation with an external OIDC issuer (never its client secret)', access: admin, response: iam.oidcFederationViewSchema, handler: async () => ({ ...(await deps.modules.viewFederation()), redirectUri: deps.federationRedirectUri() }) }),
    route({
      method: 'PUT',
      path: '/api/admin/sign-in/oidc',
      summary: 'Configure federation: issuer (discovery), client id and secret, the identifying claim, groups to roles',
      access: admin,
      body: iam.oidcFederationInputSchema,
      response: iam.oidcFederationViewSchema,
      handler: async ({ body, caller }) => {
        await deps.modules.setFederation(body.config, body.clientSecret);
        await state.audit(caller.username, 'sign_in.oidc.update', `${body.config.enabled ? 'enabled' : 'disabled'} ${body.config.issuerUrl}`);
        return { ...(await deps.modules.viewFederation()), redirectUri: deps.federationRedirectUri() };
      },
    }),
    route({ method: 'GET', path: '/api/audit', summary: 'The audit log, newest first', access: ['administrator', 'auditor'], response: iam.auditSchema, handler: async () => ({ entries: await state.auditEntries() }) }),
  ];
}
