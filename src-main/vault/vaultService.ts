import crypto from 'node:crypto';
import type { Me } from '../../src-shared/common/api/controlPlane/persons';
import { vaultApi, type SealedItem, type ServerVault, type VaultHeader } from '../../src-shared/common/api/controlPlane/vault';
import type { ControlPlaneCaller } from '../../src-shared/common/api/controlPlane/route';
import type * as api from '../../src-shared/common/api/vault';
import { OpenPsmError } from '../../src-shared/common/errors';
import type { Logger } from '../../src-shared/node/logger';
import type { SecretStore } from '../secrets/secretStore';
import { DeviceKeys } from './deviceKey';
import { IdleTimer } from './idleTimer';
import type { SystemEvents } from './systemEvents';
import type { VaultCache, VaultCacheData, VaultCacheStore } from './vaultCache';
import * as vc from './vaultCrypto';
import { changedIds, mergeEdits } from './vaultMerge';

/** The control-plane calls the vault makes (IamClient). */
export type VaultApi = ControlPlaneCaller;

/** Writes and reads the OS clipboard from main (the desktop shell); absent in the browser host. */
export interface MainClipboard {
  writeText(text: string): void;
  readText(): string | Promise<string>;
}

export interface VaultServiceDeps {
  api: VaultApi;
  /** Who is signed in, on which control plane (null when none is in use). */
  identity(): { person: Me | null; serverUrl: string | null };
  /** Whether the control plane answers now, asked when nobody is signed in. */
  serverAnswers(serverUrl: string): Promise<boolean>;
  cache: VaultCacheStore;
  secrets: SecretStore;
  systemEvents: SystemEvents;
  clipboard?: MainClipboard;
  /** The user's settings, read at each use. */
  settings(): { idleLockSeconds: number; clipboardClearSeconds: number };
  timers: { vaultUnlockBackoffMs: number; vaultSyncRetryMs: number };
  kdfCost?: vc.KdfCost;
  log: Pick<Logger, 'info' | 'warn'>;
  now?: () => number;
}

type Owner = VaultCache['owner'];
interface OpenVault {
  vaultKey: Buffer;
  keys: vc.PasswordKeys;
}

const offlineCodes = new Set(['SERVER_UNREACHABLE', 'NOT_SIGNED_IN', 'SIGN_IN_REVOKED', 'NO_BACKEND']);
const isOffline = (error: unknown) => error instanceof OpenPsmError && offlineCodes.has(error.code);
const code = (error: unknown) => (error instanceof OpenPsmError ? error.code : null);
const wipe = (open: OpenVault) => [open.vaultKey, open.keys.encKey, open.keys.authKey].forEach((b) => b.fill(0));

/**
 * The personal credential vault in main. Keys exist only while unlocked and are wiped on lock.
 * The server sees ciphertext and an unlock proof; this device keeps the same ciphertext (and
 * queued edits) for offline use. Every change runs one at a time.
 */
export class VaultService {
  private owner: Owner | null = null;
  private status: api.VaultState['status'] = 'unavailable';
  private cache: VaultCache | null = null;
  private opened: OpenVault | null = null;
  private offline = false;
  private failures = 0;
  private retryAt: number | null = null;
  private conflicts: string[] = [];
  private message: string | null = null;
  /** What happened to a damaged copy on this device, told once the vault is open. */
  private cacheNote: string | null = null;
  private rememberedHere = false;
  private syncTimer: ReturnType<typeof setTimeout> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly device: DeviceKeys;
  private readonly idle = new IdleTimer(() => this.lockNow('The vault locked after a time without activity.'));
  private readonly listeners = new Set<(state: api.VaultState) => void>();
  private readonly stopSystemEvents: () => void;
  private clipboardTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: VaultServiceDeps) {
    this.device = new DeviceKeys(deps.secrets);
    this.stopSystemEvents = deps.systemEvents.onLockRequested((reason) => {
      if (this.opened) this.lockNow(reason === 'suspended' ? 'The vault locked because the computer went to sleep.' : 'The vault locked because the screen was locked.');
    });
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  onChange(listener: (state: api.VaultState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  state(): api.VaultState {
    return {
      status: this.status,
      owner: this.owner ? { username: this.owner.username, displayName: this.owner.displayName } : null,
      offline: this.offline,
      remembered: this.rememberedHere && (this.cache?.remembered ?? null) !== null,
      rememberUnavailable: this.device.available ? null : new OpenPsmError('NO_KEYCHAIN').message,
      retryAt: this.retryAt !== null && this.retryAt > this.now() ? this.retryAt : null,
      pendingChanges: this.cache?.dirty.length ?? 0,
      conflicts: [...this.conflicts],
      message: this.message,
    };
  }

  private emit(): void {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
  }

  /** Runs changes one at a time, in order. */
  private serial<T>(work: () => T | Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Follows the sign-in and the backend: whose vault, whether it exists, whether the server answers. */
  refresh(): Promise<api.VaultState> {
    return this.serial(async () => {
      const { person, serverUrl } = this.deps.identity();
      let owner: Owner | null = person && serverUrl ? { personId: person.id, username: person.username, displayName: person.displayName, serverUrl } : null;
      if (!owner && serverUrl && !(await this.deps.serverAnswers(serverUrl))) owner = this.deps.cache.latestFor(serverUrl)?.owner ?? null;
      const changed = owner?.personId !== this.owner?.personId || owner?.serverUrl !== this.owner?.serverUrl;
      // A token refresh also lands here: only a new owner, or an unsure answer (offline, unknown), asks the server again.
      const known = !changed && !this.offline && (this.status === 'locked' || this.status === 'none');
      if (changed) {
        this.lockNow(null, false);
        this.owner = owner;
        this.failures = 0;
        this.retryAt = null;
        this.conflicts = [];
        this.message = null;
        this.cache = owner ? this.loadCache(owner.personId) : null;
        this.rememberedHere = owner ? this.device.has(owner.personId) : false;
      }
      if (!owner) this.status = 'unavailable';
      else if (!this.opened && !known) await this.learnStatus(person !== null);
      else if (person) this.scheduleSync(0);
      this.emit();
      return this.state();
    });
  }

  private loadCache(personId: string): VaultCache | null {
    const loaded = this.deps.cache.load(personId);
    this.cacheNote = null;
    if (loaded.setAside.length > 0) {
      this.cacheNote = loaded.cache ? 'The copy of your vault on this device was damaged: it was set aside and the previous copy kept here was used.' : 'The copy of your vault on this device was damaged: it was set aside and fetched again from the server.';
      this.message = loaded.cache ? this.cacheNote : 'The copy of your vault on this device was damaged and was set aside. Unlock while online to fetch it again from the server.';
    }
    return loaded.cache;
  }

  private async learnStatus(signedIn: boolean): Promise<void> {
    if (signedIn) {
      try {
        const params = await this.deps.api.call(vaultApi.params, {}, { retries: 0 });
        this.offline = false;
        this.status = params.exists ? 'locked' : 'none';
        return;
      } catch (error) {
        if (!isOffline(error)) throw error;
      }
    }
    this.offline = true;
    this.status = this.cache ? 'locked' : 'unavailable';
    if (!this.cache) this.message = new OpenPsmError('VAULT_NOT_CACHED').message;
  }

  private signedInAsOwner(): boolean {
    const { person } = this.deps.identity();
    return person !== null && person.id === this.owner?.personId;
  }

  /** Creates the vault (online): a random vault key wrapped under the new password's key. */
  create(password: string, remember: boolean): Promise<api.VaultState> {
    return this.serial(async () => {
      const owner = this.owner;
      if (!owner || !this.signedInAsOwner()) throw new OpenPsmError('NOT_SIGNED_IN');
      if (this.status !== 'none') throw new OpenPsmError('VAULT_EXISTS');
      const kdf = vc.newKdfParams(this.deps.kdfCost);
      const keys = await vc.passwordKeys(password, kdf);
      const vaultKey = crypto.randomBytes(32);
      const header = vc.wrapVaultKey(vaultKey, keys.encKey, { vaultId: crypto.randomUUID(), kdf });
      try {
        const created = await this.deps.api.call(vaultApi.create, { body: { header, items: [], authKey: keys.authKey.toString('base64url') } });
        this.persist({ owner, base: created, items: created.items, dirty: [], remembered: null });
      } catch (error) {
        wipe({ vaultKey, keys });
        if (isOffline(error)) throw new OpenPsmError('VAULT_OFFLINE', { message: 'Creating a vault needs the control plane, which does not answer. Try again when you are back online.' });
        throw error;
      }
      this.opened = { vaultKey, keys };
      this.offline = false;
      this.status = 'unlocked';
      this.applyRemember(remember);
      this.deps.log.info('vault.created', {});
      this.afterUnlock();
      return this.state();
    });
  }

  /** Unlocks with the password (or the keys remembered here when null): online through the server, else against the copy here. */
  unlock(password: string | null, remember: boolean): Promise<api.VaultState> {
    return this.serial(async () => {
      const owner = this.owner;
      if (!owner) throw new OpenPsmError('NOT_SIGNED_IN');
      if (this.status === 'unlocked') return this.state();
      if (this.status === 'none') throw new OpenPsmError('VAULT_NOT_CREATED');
      if (this.retryAt !== null && this.retryAt > this.now()) {
        throw new OpenPsmError('VAULT_RETRY_LATER', { message: `Too many wrong master passwords in a row. Wait ${Math.ceil((this.retryAt - this.now()) / 1000)} s, then try again.` });
      }
      let keys: vc.PasswordKeys | null = null;
      try {
        keys = password === null ? this.recall(owner) : null;
        let server: ServerVault | null = null;
        if (this.signedInAsOwner()) {
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
        const source = server ?? this.cache?.base ?? null;
        if (!source) throw new OpenPsmError('VAULT_NOT_CACHED');
        keys ??= await vc.passwordKeys(password ?? '', source.header.kdf);
        const vaultKey = vc.unwrapVaultKey(source.header, keys.encKey);
        if (!vaultKey) {
          // The server accepted the proof, so the header was changed; offline a wrong password looks the same as that.
          if (server) throw new OpenPsmError('VAULT_TAMPERED');
          throw this.refused(new OpenPsmError('INVALID_MASTER_PASSWORD'), password === null);
        }
        const opened = { vaultKey, keys };
        try {
          for (const item of server ? server.items : (this.cache?.items ?? [])) vc.openItem(vaultKey, source.header, item);
        } catch (error) {
          wipe(opened);
          this.deps.log.warn('vault.tampered', { source: server ? 'server' : 'device' });
          throw error;
        }
        this.opened = opened;
        this.offline = server === null;
        if (server) this.rebase(server);
        this.failures = 0;
        this.retryAt = null;
        this.status = 'unlocked';
        if (password !== null) this.applyRemember(remember);
        this.afterUnlock();
        if (server && password !== null && vc.kdfBelow(server.header.kdf, this.deps.kdfCost ?? vc.defaultKdf)) await this.rewrap(password, 'vault.kdf_upgraded').catch((error: unknown) => this.deps.log.warn('vault.kdf_upgrade_failed', { code: code(error) }));
        return this.state();
      } catch (error) {
        // Keys from a refused attempt (a mistyped password is close to the real one) leave memory too.
        if (keys && this.opened?.keys !== keys) wipe({ vaultKey: Buffer.alloc(0), keys });
        throw error;
      }
    });
  }

  private recall(owner: Owner): vc.PasswordKeys | null {
    const keys = this.cache?.remembered ? this.device.recall(owner.personId, this.cache.remembered) : null;
    if (!keys) throw new OpenPsmError('INVALID_MASTER_PASSWORD', { message: 'Nothing is remembered on this device. Type your master password.' });
    return keys;
  }

  /** A refused unlock: counts a wrong password (waiting longer after each repeat) and forgets stale remembered keys. */
  private refused(error: unknown, remembered: boolean): unknown {
    if (error instanceof OpenPsmError && error.code === 'INVALID_MASTER_PASSWORD') {
      if (remembered) {
        this.forgetHere();
        this.emit();
        return new OpenPsmError('INVALID_MASTER_PASSWORD', { message: 'The key remembered on this device no longer opens your vault (the master password was changed). Type your master password.' });
      }
      this.failures += 1;
      this.retryAt = this.failures >= 2 ? this.now() + Math.min(60_000, this.deps.timers.vaultUnlockBackoffMs * 2 ** (this.failures - 2)) : null;
      this.emit();
    }
    if (error instanceof OpenPsmError && error.code === 'VAULT_UNLOCK_LIMITED') {
      const after = error.params.retryAfterSeconds;
      if (after) this.retryAt = this.now() + after * 1000;
      this.emit();
    }
    return error;
  }

  private afterUnlock(): void {
    this.message = this.cacheNote;
    this.cacheNote = null;
    this.idle.start(this.deps.settings().idleLockSeconds * 1000);
    this.emit();
    if (this.signedInAsOwner()) this.scheduleSync(0);
  }

  /** Locks now: the keys are wiped from memory. */
  lock(): api.VaultState {
    this.lockNow(null);
    return this.state();
  }

  private lockNow(message: string | null, emit = true): void {
    if (this.opened) {
      wipe(this.opened);
      this.opened = null;
      this.status = 'locked';
      this.message = message;
      this.deps.log.info('vault.locked', {});
    }
    this.idle.stop();
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    if (emit) this.emit();
  }

  /** The settings changed: a running idle lock takes the new time. */
  settingsChanged(): void {
    if (this.opened) this.idle.start(this.deps.settings().idleLockSeconds * 1000);
  }

  /** The user did something: the idle lock counts again. */
  activity(): void {
    if (this.opened) this.idle.touch();
  }

  private applyRemember(remember: boolean): void {
    const owner = this.owner;
    if (!owner || !this.opened || !this.cache) return;
    if (!remember) {
      if (this.cache.remembered) this.forgetHere();
      return;
    }
    const wrapped = this.device.remember(owner.personId, this.opened.keys);
    if (wrapped) {
      this.persist({ ...this.cache, remembered: wrapped });
      this.rememberedHere = true;
    }
  }

  /** Stops remembering on this device. */
  forget(): api.VaultState {
    this.forgetHere();
    this.emit();
    return this.state();
  }

  private forgetHere(): void {
    if (!this.owner) return;
    this.device.forget(this.owner.personId);
    this.rememberedHere = false;
    if (this.cache?.remembered) this.persist({ ...this.cache, remembered: null });
  }

  private persist(data: VaultCacheData): void {
    this.cache = this.deps.cache.save(this.cache, data);
  }

  private requireOpen(): { opened: OpenVault; cache: VaultCache } {
    if (!this.opened || !this.cache) throw new OpenPsmError('VAULT_LOCKED');
    return { opened: this.opened, cache: this.cache };
  }

  list(): api.PersonalCredential[] {
    const { opened, cache } = this.requireOpen();
    return cache.items.map((item) => {
      const { secret: _secret, ...rest } = vc.openItem(opened.vaultKey, cache.base.header, item);
      return { id: item.id, ...rest };
    });
  }

  private plaintextOf(id: string): api.CredentialPlaintext {
    const { opened, cache } = this.requireOpen();
    const item = cache.items.find((i) => i.id === id);
    if (!item) throw new OpenPsmError('VAULT_ITEM_NOT_FOUND');
    return vc.openItem(opened.vaultKey, cache.base.header, item);
  }

  /** Adds or edits a credential: saved here at once, pushed to the server when it answers. */
  save(input: api.CredentialInput): Promise<api.PersonalCredential> {
    return this.serial(() => {
      const { opened, cache } = this.requireOpen();
      const old = input.id ? this.plaintextOf(input.id) : null;
      const id = input.id ?? crypto.randomUUID();
      const plain: api.CredentialPlaintext = { name: input.name, username: input.username, kind: input.kind, computers: input.computers, secret: input.secret ?? old?.secret ?? '', updatedAt: new Date(this.now()).toISOString() };
      const sealed = vc.sealItem(opened.vaultKey, cache.base.header, id, plain);
      const items = old ? cache.items.map((i) => (i.id === id ? sealed : i)) : [...cache.items, sealed];
      this.persist({ ...cache, items, dirty: [...new Set([...cache.dirty, id])] });
      this.emit();
      this.scheduleSync(0);
      const { secret: _secret, ...rest } = plain;
      return { id, ...rest };
    });
  }

  remove(id: string): Promise<void> {
    return this.serial(() => {
      const { cache } = this.requireOpen();
      if (!cache.items.some((i) => i.id === id)) throw new OpenPsmError('VAULT_ITEM_NOT_FOUND');
      this.persist({ ...cache, items: cache.items.filter((i) => i.id !== id), dirty: [...new Set([...cache.dirty, id])] });
      this.emit();
      this.scheduleSync(0);
    });
  }

  reveal(id: string): string {
    return this.plaintextOf(id).secret;
  }

  /** Copies a secret; main clears its own clipboard after the set time if it still holds that secret. */
  copy(id: string): { value: string | null; clearAfterSeconds: number } {
    const secret = this.plaintextOf(id).secret;
    const clearAfterSeconds = this.deps.settings().clipboardClearSeconds;
    const clipboard = this.deps.clipboard;
    if (!clipboard) return { value: secret, clearAfterSeconds };
    clipboard.writeText(secret);
    if (this.clipboardTimer) clearTimeout(this.clipboardTimer);
    this.clipboardTimer = setTimeout(() => {
      void Promise.resolve(clipboard.readText()).then((now) => now === secret && clipboard.writeText(''));
    }, clearAfterSeconds * 1000);
    this.clipboardTimer.unref?.();
    return { value: null, clearAfterSeconds };
  }

  dismissConflicts(): api.VaultState {
    this.conflicts = [];
    this.emit();
    return this.state();
  }

  /** Changes the master password (online): the same vault key, wrapped under the new password's key. */
  changePassword(current: string, next: string): Promise<api.VaultState> {
    return this.serial(async () => {
      const { opened, cache } = this.requireOpen();
      const check = await vc.passwordKeys(current, cache.base.header.kdf);
      const same = crypto.timingSafeEqual(check.authKey, opened.keys.authKey);
      wipe({ vaultKey: Buffer.alloc(0), keys: check });
      if (!same) throw new OpenPsmError('INVALID_MASTER_PASSWORD', { message: 'The current master password is wrong. Nothing was changed.' });
      if (!this.signedInAsOwner()) throw new OpenPsmError('VAULT_OFFLINE', { message: 'Changing the master password needs the control plane. Sign in and try again when you are back online.' });
      await this.rewrap(next, 'vault.password_changed');
      return this.state();
    });
  }

  /** Wraps the vault key under new keys from `password` with the current KDF defaults, server first, then here. */
  private async rewrap(password: string, event: string): Promise<void> {
    const { opened, cache } = this.requireOpen();
    const kdf = vc.newKdfParams(this.deps.kdfCost);
    const keys = await vc.passwordKeys(password, kdf);
    const header = vc.wrapVaultKey(opened.vaultKey, keys.encKey, { vaultId: cache.base.header.vaultId, kdf });
    let written: ServerVault;
    try {
      written = await this.push({ items: cache.items, header, newAuthKey: keys.authKey.toString('base64url') });
    } catch (error) {
      wipe({ vaultKey: Buffer.alloc(0), keys });
      if (isOffline(error)) throw new OpenPsmError('VAULT_OFFLINE', { message: 'Changing the master password needs the control plane, which does not answer. Nothing was changed.' });
      throw error;
    }
    wipe({ vaultKey: Buffer.alloc(0), keys: opened.keys });
    opened.keys = keys;
    const remembered = this.rememberedHere && this.owner ? this.device.remember(this.owner.personId, keys) : null;
    this.persist({ ...cache, base: written, items: written.items, dirty: [], remembered });
    this.deps.log.info(event, {});
    this.emit();
  }

  /** PUT with the current proof; a conflict is merged (both kept) and written again. */
  private async push(change: { items: SealedItem[]; header?: VaultHeader; newAuthKey?: string }): Promise<ServerVault> {
    for (let attempt = 0; ; attempt += 1) {
      const { opened, cache } = this.requireOpen();
      const authKey = opened.keys.authKey.toString('base64url');
      try {
        const items = attempt === 0 ? change.items : cache.items;
        const written = await this.deps.api.call(vaultApi.write, { body: { authKey, baseRevision: cache.base.revision, items, ...(change.header ? { header: change.header, newAuthKey: change.newAuthKey } : {}) } });
        this.offline = false;
        return written;
      } catch (error) {
        if (code(error) !== 'VAULT_CONFLICT' || attempt >= 3) throw error;
        this.rebase(await this.deps.api.call(vaultApi.unlock, { body: { authKey } }));
      }
    }
  }

  /** Takes the server's copy as the new base and replays the edits made here onto it. */
  private rebase(server: ServerVault): void {
    const { opened, cache } = { opened: this.opened as OpenVault, cache: this.cache };
    if (!cache || cache.base.header.vaultId !== server.header.vaultId || cache.dirty.length === 0) {
      this.persist({ owner: this.owner as Owner, base: server, items: server.items, dirty: [], remembered: cache?.remembered ?? null });
      return;
    }
    const header = server.header;
    const merged = mergeEdits(
      { base: cache.base.items, local: cache.items, dirty: cache.dirty, server: server.items },
      {
        nameOf: (item) => vc.openItem(opened.vaultKey, header, item).name,
        keepBoth: (item) => {
          const plain = vc.openItem(opened.vaultKey, header, item);
          return vc.sealItem(opened.vaultKey, header, crypto.randomUUID(), { ...plain, name: `${plain.name} (this device)`.slice(0, 100) });
        },
      },
    );
    this.conflicts.push(...merged.conflicts);
    this.persist({ ...cache, base: server, items: merged.items, dirty: changedIds(server.items, merged.items) });
  }

  /** Pushes the queued edits now (or after `delayMs`); while the server does not answer, asks again later. */
  private scheduleSync(delayMs: number): void {
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    if (!this.opened || !this.cache || (this.cache.dirty.length === 0 && !this.offline)) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      void this.serial(() => this.sync());
    }, delayMs);
    this.syncTimer.unref?.();
  }

  private async sync(): Promise<void> {
    if (!this.opened || !this.cache || !this.signedInAsOwner()) return;
    try {
      if (this.cache.dirty.length === 0) {
        await this.deps.api.call(vaultApi.params, {}, { retries: 0 });
        this.offline = false;
      } else {
        const written = await this.push({ items: this.cache.items });
        this.persist({ ...(this.cache as VaultCache), base: written, items: written.items, dirty: [] });
        this.deps.log.info('vault.synced', { revision: written.revision });
      }
    } catch (error) {
      if (code(error) === 'VAULT_LOCKED') return;
      if (isOffline(error)) {
        this.offline = true;
        this.scheduleSync(this.deps.timers.vaultSyncRetryMs);
      } else if (code(error) === 'INVALID_MASTER_PASSWORD') {
        this.lockNow('Your master password was changed on another device. Unlock with the new one; your changes here are kept and sent after.', false);
      } else {
        this.deps.log.warn('vault.sync_failed', { code: code(error) });
        this.message = `Your changes here could not be sent to the server (${error instanceof Error ? error.message : String(error)}). They are kept on this device.`;
        this.scheduleSync(this.deps.timers.vaultSyncRetryMs);
      }
    }
    this.emit();
  }

  close(): void {
    this.lockNow(null, false);
    this.stopSystemEvents();
    if (this.clipboardTimer) clearTimeout(this.clipboardTimer);
  }
}
