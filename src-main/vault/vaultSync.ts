import crypto from 'node:crypto';
import { vaultApi, type SealedItem, type ServerVault, type VaultHeader } from '@shared/common/api/controlPlane/vault';
import type { VaultCache } from './vaultCache';
import { OpenPsmError } from '@shared/common/errors';
import { code, isOffline, wipeKeys, type VaultServiceDeps } from './vaultDeps';
import type { Owner, VaultCopy } from './vaultCopy';
import * as vc from './vaultCrypto';
import { changedIds, mergeEdits } from './vaultMerge';
import type { VaultSession } from './vaultSession';

/** What sync asks of the vault around it. */
export interface SyncHost {
  signedInAsOwner(): boolean;
  /** Runs a change after the ones already queued. */
  serial<T>(work: () => Promise<T>): Promise<T>;
  /** Locks without telling the renderer yet, with a message for the person. */
  lockQuietly(message: string): void;
  /** Sets the message the person sees. */
  tell(message: string): void;
  emit(): void;
}

/**
 * Keeps the server's copy in line with this device: edits made here are queued in the copy
 * and pushed when the server answers (asked again every `vaultSyncRetryMs` while it does
 * not); a write goes on top of the server's revision only, and when another device wrote
 * meanwhile the edits are replayed onto its copy, keeping both versions of a credential
 * changed on both sides (the conflicts the person is told about). A new master password
 * (or stronger KDF settings) is a write of the vault under new keys.
 */
export class VaultSync {
  /** True while the control plane does not answer. */
  offline = false;
  /** Names of credentials kept twice after a conflict, until the person dismisses them. */
  conflicts: string[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly deps: VaultServiceDeps,
    private readonly copy: VaultCopy,
    private readonly session: VaultSession,
    private readonly host: SyncHost,
  ) {}

  /** The vault was opened: with the server's copy (then online, and it becomes the base), or offline without one. */
  arrived(server: ServerVault | null): void {
    this.offline = server === null;
    if (server) this.rebase(server);
  }

  /** Whether the server holds a vault for the person; null when it does not answer (then this is offline). */
  async serverHasVault(): Promise<boolean | null> {
    try {
      const params = await this.deps.api.call(vaultApi.params, {}, { retries: 0 });
      this.offline = false;
      return params.exists;
    } catch (error) {
      if (!isOffline(error)) throw error;
      return null;
    }
  }

  /** Changes the master password (online): checks the current one, then rewraps under the next. */
  async changePassword(current: string, next: string): Promise<void> {
    if (!(await this.session.isPassword(current)))
      throw new OpenPsmError('INVALID_MASTER_PASSWORD', {
        message: 'The current master password is wrong. Nothing was changed.',
      });
    if (!this.host.signedInAsOwner())
      throw new OpenPsmError('VAULT_OFFLINE', {
        message:
          'Changing the master password needs the control plane. Sign in and try again when you are back online.',
      });
    await this.rewrap(next, 'vault.password_changed');
  }

  /** Wraps the vault key under new keys from `password` with the current KDF defaults, server first, then here. */
  async rewrap(password: string, event: string): Promise<void> {
    const { opened, cache } = this.session.requireOpen();
    const kdf = vc.newKdfParams(this.deps.kdfCost);
    const keys = await vc.passwordKeys(password, kdf);
    const header = vc.wrapVaultKey(opened.vaultKey, keys.encKey, { vaultId: cache.base.header.vaultId, kdf });
    let written: ServerVault;
    try {
      written = await this.push({ items: cache.items, header, newAuthKey: keys.authKey.toString('base64url') });
    } catch (error) {
      wipeKeys(keys);
      if (isOffline(error))
        throw new OpenPsmError('VAULT_OFFLINE', {
          message: 'Changing the master password needs the control plane, which does not answer. Nothing was changed.',
        });
      throw error;
    }
    const remembered = this.session.replaceKeys(keys);
    this.copy.persist({ ...cache, base: written, items: written.items, dirty: [], remembered });
    this.deps.log.info(event, {});
    this.host.emit();
  }

  /** PUT with the current proof; a conflict is merged (both kept) and written again. */
  async push(change: { items: SealedItem[]; header?: VaultHeader; newAuthKey?: string }): Promise<ServerVault> {
    for (let attempt = 0; ; attempt += 1) {
      const { opened, cache } = this.session.requireOpen();
      const authKey = opened.keys.authKey.toString('base64url');
      try {
        const items = attempt === 0 ? change.items : cache.items;
        const written = await this.deps.api.call(vaultApi.write, {
          body: {
            authKey,
            baseRevision: cache.base.revision,
            items,
            ...(change.header ? { header: change.header, newAuthKey: change.newAuthKey } : {}),
          },
        });
        this.offline = false;
        return written;
      } catch (error) {
        if (code(error) !== 'VAULT_CONFLICT' || attempt >= 3) throw error;
        this.rebase(await this.deps.api.call(vaultApi.unlock, { body: { authKey } }));
      }
    }
  }

  /** Takes the server's copy as the new base and replays the edits made here onto it (the vault is open). */
  rebase(server: ServerVault): void {
    const cache = this.copy.cache;
    if (!cache || cache.base.header.vaultId !== server.header.vaultId || cache.dirty.length === 0) {
      this.copy.persist({
        owner: this.copy.owner as Owner,
        base: server,
        items: server.items,
        dirty: [],
        remembered: cache?.remembered ?? null,
      });
      return;
    }
    const { opened } = this.session.requireOpen();
    const header = server.header;
    const merged = mergeEdits(
      { base: cache.base.items, local: cache.items, dirty: cache.dirty, server: server.items },
      {
        nameOf: (item) => vc.openItem(opened.vaultKey, header, item).name,
        keepBoth: (item) => {
          const plain = vc.openItem(opened.vaultKey, header, item);
          return vc.sealItem(opened.vaultKey, header, crypto.randomUUID(), {
            ...plain,
            name: `${plain.name} (this device)`.slice(0, 100),
          });
        },
      },
    );
    this.conflicts.push(...merged.conflicts);
    this.copy.persist({ ...cache, base: server, items: merged.items, dirty: changedIds(server.items, merged.items) });
  }

  /** Pushes the queued edits now (or after `delayMs`); while the server does not answer, asks again later. */
  schedule(delayMs: number): void {
    this.stop();
    const cache = this.copy.cache;
    if (!this.session.isOpen || !cache || (cache.dirty.length === 0 && !this.offline)) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.host.serial(() => this.sync());
    }, delayMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async sync(): Promise<void> {
    if (!this.session.isOpen || !this.copy.cache || !this.host.signedInAsOwner()) return;
    try {
      if (this.copy.cache.dirty.length === 0) {
        await this.deps.api.call(vaultApi.params, {}, { retries: 0 });
        this.offline = false;
      } else {
        const written = await this.push({ items: this.copy.cache.items });
        this.copy.persist({ ...(this.copy.cache as VaultCache), base: written, items: written.items, dirty: [] });
        this.deps.log.info('vault.synced', { revision: written.revision });
      }
    } catch (error) {
      if (code(error) === 'VAULT_LOCKED') return;
      if (isOffline(error)) {
        this.offline = true;
        this.schedule(this.deps.timers.vaultSyncRetryMs);
      } else if (code(error) === 'INVALID_MASTER_PASSWORD') {
        this.host.lockQuietly(
          'Your master password was changed on another device. Unlock with the new one; your changes here are kept and sent after.',
        );
      } else {
        this.deps.log.warn('vault.sync_failed', { code: code(error) });
        this.host.tell(
          `Your changes here could not be sent to the server (${error instanceof Error ? error.message : String(error)}). They are kept on this device.`,
        );
        this.schedule(this.deps.timers.vaultSyncRetryMs);
      }
    }
    this.host.emit();
  }
}
