import { vaultApi, type ServerVault } from '@shared/common/api/controlPlane/vault';
import type { ServerStateRepository } from '../db/serverState';
import type { VaultRepository } from '../db/vaults';
import { route, type Caller, type Route } from './router';
import { OpenPsmError } from '@shared/common/errors';

export interface VaultRouteDeps {
  vaults: VaultRepository;
  state: ServerStateRepository;
}

export { vaultBodyLimit } from '@shared/common/api/controlPlane/vault';

/**
 * The personal vault: the server keeps the encrypted copy with a revision, and checks the
 * unlock proof before handing it out or taking a write. A wrong proof is 401
 * INVALID_MASTER_PASSWORD without a bearer challenge, so the app never takes it for an
 * expired sign-in and never refreshes its token because of it.
 */
export function vaultRoutes({ vaults, state }: VaultRouteDeps): Route[] {
  const proven = async (caller: Caller, authKey: string): Promise<ServerVault> => {
    const check = await vaults.check(caller.personId, authKey);
    if (check.ok) return check.vault;
    if (check.reason === 'none') throw new OpenPsmError('VAULT_NOT_CREATED');
    await state.audit(
      caller.username,
      check.reason === 'limited' ? 'vault.unlock_limited' : 'vault.unlock_failed',
      caller.username,
    );
    if (check.reason === 'limited')
      throw new OpenPsmError('VAULT_UNLOCK_LIMITED', { retryAfterSeconds: check.retryAfterSeconds });
    throw new OpenPsmError('INVALID_MASTER_PASSWORD');
  };

  return [
    route({
      spec: vaultApi.params,
      handler: async ({ caller }) => {
        const found = await vaults.params(caller.personId);
        return found
          ? { exists: true as const, kdf: found.header.kdf, revision: found.revision }
          : { exists: false as const };
      },
    }),
    route({
      spec: vaultApi.create,
      handler: async ({ caller, body }) => {
        const created = await vaults.create(caller.personId, body.header, body.items, body.authKey);
        if (!created) throw new OpenPsmError('VAULT_EXISTS');
        await state.audit(caller.username, 'vault.create', caller.username);
        return created;
      },
    }),
    route({
      spec: vaultApi.unlock,
      handler: async ({ caller, body }) => proven(caller, body.authKey),
    }),
    route({
      spec: vaultApi.write,
      handler: async ({ caller, body }) => {
        const current = await proven(caller, body.authKey);
        if (body.header && body.header.vaultId !== current.header.vaultId)
          throw new OpenPsmError('BAD_REQUEST', { message: 'The new header belongs to another vault.' });
        const change =
          body.header && body.newAuthKey ? { header: body.header, newAuthKey: body.newAuthKey } : undefined;
        const written = await vaults.write(caller.personId, body.baseRevision, body.items, change);
        if (!written)
          throw new OpenPsmError('VAULT_CONFLICT', {
            message: `The vault changed on the server (now at revision ${current.revision}, this write builds on ${body.baseRevision}). Fetch it, merge, and write again.`,
          });
        if (change) await state.audit(caller.username, 'vault.password_change', caller.username);
        return written;
      },
    }),
  ];
}
