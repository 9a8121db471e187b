import type { Kysely } from 'kysely';
import { credentialsApi, type SharedCredential } from '@shared/common/api/controlPlane/credentials';
import { OpenPsmError } from '@shared/common/errors';
import type { CredentialRepository } from '../db/credentials';
import type { Database } from '../db/schema';
import type { AuditChange, ServerStateRepository } from '../db/serverState';
import { route, type Route } from './router';

export interface CredentialRouteDeps {
  db: Kysely<Database>;
  credentials: CredentialRepository;
  state: ServerStateRepository;
}

const notFound = () => new OpenPsmError('NOT_FOUND', { message: 'There is no shared credential with that id.' });

/** A live computer's name (a deleted computer takes no credentials). */
async function computerName(db: Kysely<Database>, id: string): Promise<string | undefined> {
  const found = await db
    .selectFrom('computers')
    .select('name')
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return found?.name;
}

/** The audit's target: who on which computer, never the secret. */
const auditTarget = (c: Pick<SharedCredential, 'username'>, computer: string | undefined) =>
  `${c.username} on ${computer ?? '(deleted computer)'}`;

/** A stale rotation's refusal, naming the credential as it is now. */
const staleRotation = (current: SharedCredential) =>
  new OpenPsmError('STALE_REVISION', {
    message: `Someone changed this credential since you opened it: it is now at version ${current.currentVersion} (revision ${current.revision}). Reload it; what you typed is kept.`,
    fields: [{ path: 'revision', message: `is now ${current.revision}` }],
  });

/** Shared credentials (the computer picker lists computers with computerRoutes.ts): list with versions and sessions per version, add, rotate, delete; the secret is write-only. */
export function credentialRoutes(deps: CredentialRouteDeps): Route[] {
  const { db, credentials, state } = deps;
  return [
    route({
      spec: credentialsApi.list,
      handler: async ({ query }) => ({
        credentials: await credentials.list((query as { computerId?: string }).computerId),
      }),
    }),
    route({
      spec: credentialsApi.create,
      handler: async ({ body, caller }) => {
        const computer = await computerName(db, body.computerId);
        if (computer === undefined)
          throw new OpenPsmError('BAD_REQUEST', {
            message: 'The request names a computer that does not exist.',
            fields: [{ path: 'computerId', message: 'is not a computer' }],
          });
        const stored = await credentials.create(body);
        const changes: AuditChange[] = [
          { field: 'username', before: null, after: stored.username },
          { field: 'kind', before: null, after: stored.kind },
          { field: 'secret', secret: true },
        ];
        await state.audit(caller.username, 'credential.create', auditTarget(stored, computer), changes);
        return stored;
      },
    }),
    route({
      spec: credentialsApi.rotate,
      handler: async ({ params, body, caller }) => {
        const before = await credentials.get(params['id'] ?? '');
        if (!before) throw notFound();
        if (before.revision !== body.revision) throw staleRotation(before);
        checkRotation(before, body);
        const after = await credentials.rotate(before.id, body.revision, body);
        if (!after) throw staleRotation((await credentials.get(before.id)) ?? before);
        await state.audit(
          caller.username,
          'credential.rotate',
          auditTarget(before, await computerName(db, before.computerId)),
          [
            { field: 'version', before: before.currentVersion, after: after.currentVersion },
            { field: 'secret', secret: true },
          ],
        );
        return after;
      },
    }),
    route({
      spec: credentialsApi.remove,
      handler: async ({ params, caller }) => {
        const before = await credentials.get(params['id'] ?? '');
        if (!before || !(await credentials.remove(before.id))) throw notFound();
        await state.audit(
          caller.username,
          'credential.delete',
          auditTarget(before, await computerName(db, before.computerId)),
          [
            { field: 'username', before: before.username, after: null },
            { field: 'versions', before: before.versions.length, after: null },
          ],
        );
        return { ok: true as const };
      },
    }),
  ];
}

/** A rotation's secret fits the credential's kind (a key rotates to a key, a password to a password). */
function checkRotation(current: SharedCredential, body: { secret: string; passphrase?: string | undefined }) {
  const fields: Array<{ path: string; message: string }> = [];
  if (current.kind === 'key' && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(body.secret))
    fields.push({ path: 'secret', message: 'must be a private key (-----BEGIN … PRIVATE KEY-----)' });
  if (current.kind === 'password' && body.passphrase)
    fields.push({ path: 'passphrase', message: 'is for a private key only' });
  if (fields.length)
    throw new OpenPsmError('BAD_REQUEST', { message: 'The new secret does not fit this credential.', fields });
}
