import crypto from 'node:crypto';
import type * as api from '@shared/common/api/vault';
import { OpenPsmError } from '@shared/common/errors';
import type { VaultCacheData } from './vaultCache';
import type { VaultCopy } from './vaultCopy';
import * as vc from './vaultCrypto';
import type { VaultSession } from './vaultSession';

/**
 * The credentials of an open vault. Each edit is sealed and kept in the copy here at once,
 * queued (`dirty`) for sync; the renderer gets names and ids, a secret only when revealed.
 */
export class VaultItems {
  constructor(
    private readonly session: Pick<VaultSession, 'requireOpen'>,
    private readonly copy: Pick<VaultCopy, 'persist'>,
    private readonly now: () => number,
    /** Called after each edit kept here (to tell the renderer and queue it for the server). */
    private readonly onEdit: () => void,
  ) {}

  private changed(data: VaultCacheData): void {
    this.copy.persist(data);
    this.onEdit();
  }

  list(): api.PersonalCredential[] {
    const { opened, cache } = this.session.requireOpen();
    return cache.items.map((item) => {
      const { secret: _secret, ...rest } = vc.openItem(opened.vaultKey, cache.base.header, item);
      return { id: item.id, ...rest };
    });
  }

  plaintextOf(id: string): api.CredentialPlaintext {
    const { opened, cache } = this.session.requireOpen();
    const item = cache.items.find((i) => i.id === id);
    if (!item) throw new OpenPsmError('VAULT_ITEM_NOT_FOUND');
    return vc.openItem(opened.vaultKey, cache.base.header, item);
  }

  /** Adds or edits a credential (an edit without a secret keeps the old one). */
  save(input: api.CredentialInput): api.PersonalCredential {
    const { opened, cache } = this.session.requireOpen();
    const old = input.id ? this.plaintextOf(input.id) : null;
    const id = input.id ?? crypto.randomUUID();
    const plain: api.CredentialPlaintext = {
      name: input.name,
      username: input.username,
      kind: input.kind,
      computers: input.computers,
      secret: input.secret ?? old?.secret ?? '',
      updatedAt: new Date(this.now()).toISOString(),
    };
    const sealed = vc.sealItem(opened.vaultKey, cache.base.header, id, plain);
    const items = old ? cache.items.map((i) => (i.id === id ? sealed : i)) : [...cache.items, sealed];
    this.changed({ ...cache, items, dirty: [...new Set([...cache.dirty, id])] });
    const { secret: _secret, ...rest } = plain;
    return { id, ...rest };
  }

  remove(id: string): void {
    const { cache } = this.session.requireOpen();
    if (!cache.items.some((i) => i.id === id)) throw new OpenPsmError('VAULT_ITEM_NOT_FOUND');
    this.changed({
      ...cache,
      items: cache.items.filter((i) => i.id !== id),
      dirty: [...new Set([...cache.dirty, id])],
    });
  }
}
