import { apiKeysApi } from '@shared/common/api/controlPlane/apiKeys';
import type { Role } from '@shared/common/api/controlPlane/basics';
import { OpenPsmError } from '@shared/common/errors';
import type { ApiKeyRepository } from '../db/apiKeys';
import type { PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import { guardedWrite } from './guardedWrite';
import { route, type Route } from './router';

/** What the API key routes use. */
export interface ApiKeyRouteDeps {
  apiKeys: ApiKeyRepository;
  persons: PersonRepository;
  state: ServerStateRepository;
}

/** A refusal naming the bad field, its message saying what is wrong (a form shows it beside the field). */
const refuse = (path: string, message: string) =>
  new OpenPsmError('BAD_REQUEST', { message: `${path}: ${message}.`, fields: [{ path, message }] });

/** Why a new key cannot be made (thrown), else nothing: a service account, roles it holds, a future expiry, a free name. */
async function checkNewKey(
  deps: ApiKeyRouteDeps,
  body: { personId: string; name: string; roles: Role[]; expiresAt: string },
): Promise<void> {
  const person = await deps.persons.findById(body.personId);
  if (!person || person.source !== 'service' || person.disabled)
    throw refuse('personId', 'is not an enabled service account');
  const lacking = body.roles.filter((role) => !person.roles.includes(role));
  if (lacking.length > 0) throw refuse('roles', `the service account does not hold ${lacking.join(', ')}`);
  if (Date.parse(body.expiresAt) <= Date.now()) throw refuse('expiresAt', 'must be in the future');
  if (await deps.apiKeys.findByName(body.name))
    throw new OpenPsmError('CONFLICT', {
      message: 'Another API key has this name.',
      fields: [{ path: 'name', message: 'another API key has this name' }],
    });
}

/** API keys for automation: list, create (the key shown once) and revoke, each change audited. */
export function apiKeyRoutes(deps: ApiKeyRouteDeps): Route[] {
  const { apiKeys, state } = deps;
  return [
    route({
      spec: apiKeysApi.list,
      handler: async () => ({ keys: await apiKeys.list(), serviceAccounts: await apiKeys.serviceAccounts() }),
    }),
    route({
      spec: apiKeysApi.create,
      handler: async ({ body, caller }) => {
        await checkNewKey(deps, body);
        const expiresAt = new Date(body.expiresAt).toISOString();
        const created = await guardedWrite(() => apiKeys.create({ ...body, expiresAt, createdBy: caller.username }));
        await state.audit(caller.username, 'api_key.create', body.name, [
          { field: 'roles', before: null, after: body.roles.join(',') },
          { field: 'expiresAt', before: null, after: expiresAt },
          { field: 'key', secret: true },
        ]);
        return { id: created.id, key: created.key, expiresAt };
      },
    }),
    route({
      spec: apiKeysApi.revoke,
      handler: async ({ params, caller }) => {
        const revoked = await apiKeys.revoke(params.id);
        if (!revoked) throw new OpenPsmError('NOT_FOUND', { message: 'There is no API key with that id.' });
        if (!revoked.wasRevoked)
          await state.audit(caller.username, 'api_key.revoke', revoked.name, [
            { field: 'revoked', before: false, after: true },
          ]);
        return { ok: true as const };
      },
    }),
  ];
}
