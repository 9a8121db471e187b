import type { PersonalSecret } from '@shared/common/api/gateway';
import type { PersonalCredential } from '@shared/common/api/vault';
import { OpenPsmError } from '@shared/common/errors';

export interface VaultReader {
  /** The vault's credentials without secrets; throws VAULT_LOCKED while locked. */
  list(): PersonalCredential[];
  reveal(id: string): string;
}

/**
 * The personal credential a session uses: the chosen vault item, or the only one for the
 * computer when none was chosen. Decided here in main: NO_PERSONAL_CREDENTIAL when the vault
 * has none for the computer (or the chosen one is not for it), VAULT_LOCKED while locked.
 */
export function pickPersonal(
  vault: Pick<VaultReader, 'list'>,
  computerId: string,
  chosenId: string | null,
): PersonalCredential {
  const forComputer = vault.list().filter((c) => c.computers.some((computer) => computer.id === computerId));
  if (chosenId !== null) {
    const chosen = forComputer.find((c) => c.id === chosenId);
    if (!chosen)
      throw new OpenPsmError('NO_PERSONAL_CREDENTIAL', {
        message:
          'The chosen personal credential is not in your vault for this computer any more. Choose another, or add one in the Vault.',
      });
    return chosen;
  }
  const [only, ...others] = forComputer;
  if (!only) throw new OpenPsmError('NO_PERSONAL_CREDENTIAL');
  if (others.length > 0)
    throw new OpenPsmError('INVALID_PARAMS', {
      message: `Your vault has ${forComputer.length} personal credentials for this computer: choose one.`,
      path: 'personalCredentialId',
    });
  return only;
}

/** The chosen credential with its secret, for the ticket request only. */
export function personalSecret(vault: VaultReader, computerId: string, chosenId: string | null): PersonalSecret {
  const credential = pickPersonal(vault, computerId, chosenId);
  return { username: credential.username, secret: vault.reveal(credential.id), kind: credential.kind };
}
