import type { Handlers } from '../rpc/dispatcher';
import type { VaultService } from './vaultService';

/** `vault.*`: the personal credential vault. */
export function vaultHandlers(vault: VaultService): Handlers['vault'] {
  return {
    getState: () => vault.state(),
    create: ({ password, remember }) => vault.create(password, remember),
    unlock: ({ password, remember }) => vault.unlock(password, remember),
    lock: () => vault.lock(),
    list: () => ({ credentials: vault.list() }),
    save: (input) => vault.save(input),
    remove: async ({ id }) => {
      await vault.remove(id);
      return {};
    },
    reveal: ({ id }) => ({ secret: vault.reveal(id) }),
    copy: ({ id }) => vault.copy(id),
    changePassword: ({ current, next }) => vault.changePassword(current, next),
    forget: () => vault.forget(),
    activity: () => {
      vault.activity();
      return {};
    },
    dismissConflicts: () => vault.dismissConflicts(),
  };
}
