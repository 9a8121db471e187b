import { parseArgs } from 'node:util';
import { apiKeyNameSchema } from '@shared/common/api/controlPlane/apiKeys';
import { roleSchema } from '@shared/common/api/controlPlane/basics';
import type { Store } from './db/openStore';

/** How long a key from the command line lasts unless `--days` says otherwise. */
const defaultDays = 90;

const usage =
  'Use: api-key create --name <name> --role <role> [--role <role>…] [--days <days>] (roles: administrator, access_manager, auditor).';

/** `api-key create --name ci --role administrator [--days 90]`'s options, checked; throws with the usage otherwise. */
export function readApiKeyArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string', multiple: true }, days: { type: 'string' } },
  });
  if (positionals[0] !== 'create' || positionals.length !== 1) throw new Error(usage);
  const name = apiKeyNameSchema.safeParse(values.name ?? '');
  if (!name.success) throw new Error(`--name ${name.error.issues[0]?.message ?? 'is invalid'}. ${usage}`);
  const roles = (values.role ?? []).map((role) => roleSchema.safeParse(role));
  if (roles.length === 0 || roles.some((r) => !r.success)) throw new Error(`Give one or more valid --role. ${usage}`);
  const days = Number(values.days ?? defaultDays);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new Error(`--days must be 1 to 3650. ${usage}`);
  return { name: name.data, roles: roles.map((r) => r.data as NonNullable<typeof r.data>), days };
}

/**
 * Creates the service account named like the key (when it is not there yet) with the roles, and
 * a key for it; returns the line to print, holding the key this one time.
 */
export async function createApiKey(
  store: Pick<Store, 'persons' | 'apiKeys' | 'state'>,
  input: ReturnType<typeof readApiKeyArgs>,
): Promise<string> {
  let account = await store.persons.findByUsername(input.name);
  if (account && account.source !== 'service')
    throw new Error(`"${input.name}" is a person, not a service account. Choose another --name.`);
  if (account && input.roles.some((role) => !account?.roles.includes(role)))
    throw new Error(`The service account "${input.name}" holds only: ${account.roles.join(', ') || 'no role'}.`);
  if (!account) {
    await store.persons.create({
      username: input.name,
      displayName: `${input.name} (service account)`,
      passwordHash: '!',
      roles: input.roles,
      source: 'service',
    });
    account = await store.persons.findByUsername(input.name);
    if (!account) throw new Error(`The service account "${input.name}" could not be created.`);
    await store.state.audit('server command line', 'person.create_service', input.name);
  }
  if (await store.apiKeys.findByName(input.name)) throw new Error(`An API key named "${input.name}" exists already.`);
  const expiresAt = new Date(Date.now() + input.days * 86_400_000).toISOString();
  const key = await store.apiKeys.create({
    personId: account.id,
    name: input.name,
    roles: input.roles,
    expiresAt,
    createdBy: 'server command line',
  });
  await store.state.audit('server command line', 'api_key.create', input.name, [
    { field: 'roles', before: null, after: input.roles.join(',') },
    { field: 'expiresAt', before: null, after: expiresAt },
    { field: 'key', secret: true },
  ]);
  return `API key "${input.name}" for service account ${input.name} (${input.roles.join(', ')}), valid until ${expiresAt}. It is shown only now:\n${key.key}\n`;
}
