import crypto from 'node:crypto';
import type * as api from '@shared/common/api/vault';
import { vaultApi, type Sealed, type ServerVault } from '@shared/common/api/controlPlane/vault';
import { OpenPsmError } from '@shared/common/errors';
import { DeviceKeys } from './deviceKey';
import { IdleTimer } from './idleTimer';
import { isOffline, wipe, wipeKeys, type OpenVault, type VaultServiceDeps } from './vaultDeps';
import type { Owner, VaultCopy } from './vaultCopy';
import * as vc from './vaultCrypto';

/** What the session asks of the vault around it. */
export interface SessionHost {
  signedInAsOwner(): boolean;
  /** Tells the renderer the state changed. */
  emit(): void;
  /** Locks now, for a reason the person is told (idle time, screen lock, sleep). */
  autoLock(message: string): void;
}

/**
 * The lock state of the vault and its keys: keys exist only while it is open and are wiped on
 * lock; it locks after the idle time and when the OS locks the screen or sleeps; wrong
 * passwords make it wait; "Remember on this device" keeps the keys wrapped under a device key.
 */
export class VaultSession {
  status: api.VaultState['status'] = 'unavailable';
  private opened: OpenVault | null = null;
  private failures = 0;
  private retryAt: number | null = null;
  private rememberedHere = false;
  private readonly device: DeviceKeys;
  private readonly idle: IdleTimer;
  private readonly stopSystemEvents: () => void;

  constructor(
    private readonly deps: VaultServiceDeps,
    private readonly copy: VaultCopy,
    private readonly host: SessionHost,
  ) {
    this.device = new DeviceKeys(deps.secrets);
    this.idle = new IdleTimer(() => host.autoLock('The vault locked after a time without activity.'));
    this.stopSystemEvents = deps.systemEvents.onLockRequested((reason) => {
      if (this.opened)
        host.autoLock(
          reason === 'suspended'
            ? 'The vault locked because the computer went to sleep.'
            : 'The vault locked because the screen was locked.',
        );
    });
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  get isOpen(): boolean {
    return this.opened !== null;
  }

  /** When a new unlock may be tried after wrong passwords, else null. */
  waitUntil(): number | null {
    return this.retryAt !== null && this.retryAt > this.now() ? this.retryAt : null;
  }

  remembered(): boolean {
    return this.rememberedHere && (this.copy.cache?.remembered ?? null) !== null;
  }

  /** Why "Remember on this device" cannot be offered, else null. */
  rememberUnavailable(): string | null {
    return this.device.available ? null : new OpenPsmError('NO_KEYCHAIN').message;
  }

  /** Another person's vault (or none): no wrong passwords counted yet, remembered as on this device. */
  reset(owner: Owner | null): void {
    this.failures = 0;
    this.retryAt = null;
    this.rememberedHere = owner ? this.device.has(owner.personId) : false;
  }

  /** The open vault's keys and copy; VAULT_LOCKED when it is locked. */
  requireOpen(): { opened: OpenVault; cache: NonNullable<VaultCopy['cache']> } {
    if (!this.opened || !this.copy.cache) throw new OpenPsmError('VAULT_LOCKED');
    return { opened: this.opened, cache: this.copy.cache };
  }

  /** Creates the vault (online): a random vault key wrapped under the new password's key; the vault is then open. */
  async create(password: string, remember: boolean): Promise<void> {
    const owner = this.copy.owner;
    if (!owner || !this.host.signedInAsOwner()) throw new OpenPsmError('NOT_SIGNED_IN');
    if (this.status !== 'none') throw new OpenPsmError('VAULT_EXISTS');
    const kdf = vc.newKdfParams(this.deps.kdfCost);
    const keys = await vc.passwordKeys(password, kdf);
    const vaultKey = crypto.randomBytes(32);
    const header = vc.wrapVaultKey(vaultKey, keys.encKey, { vaultId: crypto.randomUUID(), kdf });
    try {
      const created = await this.deps.api.call(vaultApi.create, {
        body: { header, items: [], authKey: keys.authKey.toString('base64url') },
      });
      this.copy.persist({ owner, base: created, items: created.items, dirty: [], remembered: null });
    } catch (error) {
      wipe({ vaultKey, keys });
      if (isOffline(error))
        throw new OpenPsmError('VAULT_OFFLINE', {
          message:
            'Creating a vault needs the control plane, which does not answer. Try again when you are back online.',
        });
      throw error;
    }
    this.opened = { vaultKey, keys };
    this.status = 'unlocked';
    this.remember(remember);
    this.deps.log.info('vault.created', {});
  }

  /**
   * Opens with the password (or the keys remembered here when null): online through the server,
   * else against the copy here. Answers the server's copy when the server took the proof.
   */
  async unlock(password: string | null): Promise<{ server: ServerVault | null }> {
    const owner = this.copy.owner;
    if (!owner) throw new OpenPsmError('NOT_SIGNED_IN');
    if (this.status === 'none') throw new OpenPsmError('VAULT_NOT_CREATED');
    if (this.retryAt !== null && this.retryAt > this.now()) {
      throw new OpenPsmError('VAULT_RETRY_LATER', { retryAfterSeconds: Math.ceil((this.retryAt - this.now()) / 1000) });
    }
    let keys: vc.PasswordKeys | null = null;
    try {
      keys = password === null ? this.recall(owner) : null;
      let server: ServerVault | null = null;
      if (this.host.signedInAsOwner()) {
        try {
          if (!keys) {
            const params = await this.deps.api.call(vaultApi.params, {}, { retries: 0 });
            if (!params.exists) throw new OpenPsmError('VAULT_NOT_CREATED');
            keys = await vc.passwordKeys(password ?? '', params.kdf);
          }
          server = await this.deps.api.call(vaultApi.unlock, { body: { authKey: keys.authKey.toString('base64url') } });
        } catch (error) {
          if (!isOffline(error)) throw this.refused(error, password === null);
        }
      }
      this.opened = await this.openWith(keys, password, server);
      this.failures = 0;
      this.retryAt = null;
      this.status = 'unlocked';
      return { server };
    } catch (error) {
      // Keys from a refused attempt (a mistyped password is close to the real one) leave memory too.
      if (keys && this.opened?.keys !== keys) wipeKeys(keys);
      throw error;
    }
  }

  /** Unwraps the vault key from the server's copy, else the one here, and checks every item opens. */
  private async openWith(
    known: vc.PasswordKeys | null,
    password: string | null,
    server: ServerVault | null,
  ): Promise<OpenVault> {
    const source = server ?? this.copy.cache?.base ?? null;
    if (!source) throw new OpenPsmError('VAULT_NOT_CACHED');
    const keys = known ?? (await vc.passwordKeys(password ?? '', source.header.kdf));
    const vaultKey = vc.unwrapVaultKey(source.header, keys.encKey);
    if (!vaultKey) {
      if (!known) wipeKeys(keys);
      // The server accepted the proof, so the header was changed; offline a wrong password looks the same as that.
      if (server) throw new OpenPsmError('VAULT_TAMPERED');
      throw this.refused(new OpenPsmError('INVALID_MASTER_PASSWORD'), password === null);
    }
    const opened = { vaultKey, keys };
    try {
      for (const item of server ? server.items : (this.copy.cache?.items ?? []))
        vc.openItem(vaultKey, source.header, item);
    } catch (error) {
      wipe(opened);
      this.deps.log.warn('vault.tampered', { source: server ? 'server' : 'device' });
      throw error;
    }
    return opened;
  }

  private recall(owner: Owner): vc.PasswordKeys | null {
    const keys = this.copy.cache?.remembered ? this.device.recall(owner.personId, this.copy.cache.remembered) : null;
    if (!keys)
      throw new OpenPsmError('INVALID_MASTER_PASSWORD', {
        message: 'Nothing is remembered on this device. Type your master password.',
      });
    return keys;
  }

  /** A refused unlock: counts a wrong password (waiting longer after each repeat) and forgets stale remembered keys. */
  private refused(error: unknown, remembered: boolean): unknown {
    if (error instanceof OpenPsmError && error.code === 'INVALID_MASTER_PASSWORD') {
      if (remembered) {
        this.forget();
        this.host.emit();
        return new OpenPsmError('INVALID_MASTER_PASSWORD', {
          message:
            'The key remembered on this device no longer opens your vault (the master password was changed). Type your master password.',
        });
      }
      this.failures += 1;
      this.retryAt =
        this.failures >= 2
          ? this.now() + Math.min(60_000, this.deps.timers.vaultUnlockBackoffMs * 2 ** (this.failures - 2))
          : null;
      this.host.emit();
    }
    if (error instanceof OpenPsmError && error.code === 'VAULT_UNLOCK_LIMITED') {
      const after = error.params.retryAfterSeconds;
      if (after) this.retryAt = this.now() + after * 1000;
      this.host.emit();
    }
    return error;
  }

  /** Starts (or restarts with the set time) the idle lock of an open vault. */
  startIdle(): void {
    if (this.opened) this.idle.start(this.deps.settings().idleLockSeconds * 1000);
  }

  /** The user did something: the idle lock counts again. */
  activity(): void {
    if (this.opened) this.idle.touch();
  }

  /** Wipes the keys; true when the vault was open. */
  lock(): boolean {
    const wasOpen = this.opened !== null;
    if (this.opened) {
      wipe(this.opened);
      this.opened = null;
      this.status = 'locked';
      this.deps.log.info('vault.locked', {});
    }
    this.idle.stop();
    return wasOpen;
  }

  /** Keeps (or stops keeping) the open vault's keys on this device, wrapped under a key in the OS keychain. */
  remember(on: boolean): void {
    const { owner, cache } = this.copy;
    if (!owner || !this.opened || !cache) return;
    if (!on) {
      if (cache.remembered) this.forget();
      return;
    }
    const wrapped = this.device.remember(owner.personId, this.opened.keys);
    if (wrapped) {
      this.copy.persist({ ...cache, remembered: wrapped });
      this.rememberedHere = true;
    }
  }

  /** Stops remembering on this device. */
  forget(): void {
    if (!this.copy.owner) return;
    this.device.forget(this.copy.owner.personId);
    this.rememberedHere = false;
    if (this.copy.cache?.remembered) this.copy.persist({ ...this.copy.cache, remembered: null });
  }

  /** Whether `password` is the open vault's master password. */
  async isPassword(password: string): Promise<boolean> {
    const { opened, cache } = this.requireOpen();
    const check = await vc.passwordKeys(password, cache.base.header.kdf);
    const same = crypto.timingSafeEqual(check.authKey, opened.keys.authKey);
    wipeKeys(check);
    return same;
  }

  /** Takes new password keys (after a password change) and wraps them for this device again if it remembered the old ones. */
  replaceKeys(keys: vc.PasswordKeys): Sealed | null {
    const { opened } = this.requireOpen();
    wipeKeys(opened.keys);
    opened.keys = keys;
    return this.rememberedHere && this.copy.owner ? this.device.remember(this.copy.owner.personId, keys) : null;
  }

  close(): void {
    this.idle.stop();
    this.stopSystemEvents();
  }
}
