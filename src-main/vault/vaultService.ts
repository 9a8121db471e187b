import type * as api from '@shared/common/api/vault';
import { OpenPsmError } from '@shared/common/errors';
import { SecretClipboard } from './secretClipboard';
import { code, type VaultServiceDeps } from './vaultDeps';
import { VaultCopy } from './vaultCopy';
import * as vc from './vaultCrypto';
import { SerialQueue } from './serialQueue';
import { VaultItems } from './vaultItems';
import { VaultSession } from './vaultSession';
import { VaultSync } from './vaultSync';

export type { MainClipboard } from './secretClipboard';
export type { VaultApi, VaultServiceDeps } from './vaultDeps';

/**
 * The personal credential vault in main: whose it is, and the person's calls, one change at a
 * time. Keys and lock state: vaultSession.ts; the server's copy: vaultSync.ts. The server sees
 * ciphertext and an unlock proof; this device keeps the same ciphertext for offline use.
 */
export class VaultService {
  private message: string | null = null;
  private readonly queue = new SerialQueue();
  private readonly listeners = new Set<(state: api.VaultState) => void>();
  private readonly deviceCopy: VaultCopy;
  private readonly session: VaultSession;
  private readonly sync: VaultSync;
  private readonly clipboard: SecretClipboard;
  private readonly items: VaultItems;

  constructor(private readonly deps: VaultServiceDeps) {
    this.deviceCopy = new VaultCopy(deps.cache);
    const signedInAsOwner = () => this.deviceCopy.ownedBy(this.deps.identity().person);
    const emit = () => this.emit();
    this.session = new VaultSession(deps, this.deviceCopy, {
      signedInAsOwner,
      emit,
      autoLock: (message) => this.lockNow(message),
    });
    this.sync = new VaultSync(deps, this.deviceCopy, this.session, {
      signedInAsOwner,
      emit,
      serial: (work) => this.queue.run(work),
      lockQuietly: (message) => this.lockNow(message, false),
      tell: (message) => (this.message = message),
    });
    this.clipboard = new SecretClipboard(deps.clipboard);
    this.items = new VaultItems(
      this.session,
      this.deviceCopy,
      () => this.deps.now?.() ?? Date.now(),
      () => (this.emit(), this.sync.schedule(0)),
    );
  }

  onChange(listener: (state: api.VaultState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  state(): api.VaultState {
    const owner = this.deviceCopy.owner;
    return {
      status: this.session.status,
      owner: owner ? { username: owner.username, displayName: owner.displayName } : null,
      offline: this.sync.offline,
      remembered: this.session.remembered(),
      rememberUnavailable: this.session.rememberUnavailable(),
      retryAt: this.session.waitUntil(),
      pendingChanges: this.deviceCopy.cache?.dirty.length ?? 0,
      conflicts: [...this.sync.conflicts],
      message: this.message,
    };
  }

  private emit(): void {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
  }

  /** Follows the sign-in and the backend: whose vault, whether it exists, whether the server answers. */
  refresh(): Promise<api.VaultState> {
    return this.queue.run(async () => {
      const identity = this.deps.identity();
      const owner = await this.deviceCopy.ownerNow(identity, (url) => this.deps.serverAnswers(url));
      const changed = !this.deviceCopy.isCurrent(owner);
      // A token refresh also lands here: only a new owner, or an unsure answer (offline, unknown), asks the server again.
      const known =
        !changed && !this.sync.offline && (this.session.status === 'locked' || this.session.status === 'none');
      if (changed) {
        this.lockNow(null, false);
        this.session.reset(owner);
        this.sync.conflicts = [];
        this.message = this.deviceCopy.switchTo(owner);
      }
      if (!owner) this.session.status = 'unavailable';
      else if (!this.session.isOpen && !known) await this.learnStatus(identity.person !== null);
      else if (identity.person) this.sync.schedule(0);
      this.emit();
      return this.state();
    });
  }

  private async learnStatus(signedIn: boolean): Promise<void> {
    const exists = signedIn ? await this.sync.serverHasVault() : null;
    if (exists !== null) this.session.status = exists ? 'locked' : 'none';
    else {
      this.sync.offline = true;
      this.session.status = this.deviceCopy.cache ? 'locked' : 'unavailable';
      if (!this.deviceCopy.cache) this.message = new OpenPsmError('VAULT_NOT_CACHED').message;
    }
  }

  /** Creates the vault (online): a random vault key wrapped under the new password's key. */
  create(password: string, remember: boolean): Promise<api.VaultState> {
    return this.queue.run(async () => {
      await this.session.create(password, remember);
      this.sync.offline = false;
      this.afterUnlock();
      return this.state();
    });
  }

  /** Unlocks with the password (or the keys remembered here when null): online through the server, else against the copy here. */
  unlock(password: string | null, remember: boolean): Promise<api.VaultState> {
    return this.queue.run(async () => {
      if (this.deviceCopy.owner && this.session.status === 'unlocked') return this.state();
      const { server } = await this.session.unlock(password);
      this.sync.arrived(server);
      if (password !== null) this.session.remember(remember);
      this.afterUnlock();
      if (server && password !== null && vc.kdfBelow(server.header.kdf, this.deps.kdfCost ?? vc.defaultKdf))
        await this.sync
          .rewrap(password, 'vault.kdf_upgraded')
          .catch((error: unknown) => this.deps.log.warn('vault.kdf_upgrade_failed', { code: code(error) }));
      return this.state();
    });
  }

  private afterUnlock(): void {
    this.message = this.deviceCopy.takeNote();
    this.session.startIdle();
    this.emit();
    if (this.deviceCopy.ownedBy(this.deps.identity().person)) this.sync.schedule(0);
  }

  /** Locks now: the keys are wiped from memory. */
  lock(): api.VaultState {
    this.lockNow(null);
    return this.state();
  }

  private lockNow(message: string | null, emit = true): void {
    if (this.session.lock()) this.message = message;
    this.sync.stop();
    if (emit) this.emit();
  }

  /** The settings changed: a running idle lock takes the new time. */
  settingsChanged(): void {
    this.session.startIdle();
  }

  /** The user did something: the idle lock counts again. */
  activity(): void {
    this.session.activity();
  }

  /** Stops remembering on this device. */
  forget(): api.VaultState {
    this.session.forget();
    this.emit();
    return this.state();
  }

  list(): api.PersonalCredential[] {
    return this.items.list();
  }

  /** Adds or edits a credential: saved here at once, pushed to the server when it answers. */
  save(input: api.CredentialInput): Promise<api.PersonalCredential> {
    return this.queue.run(() => this.items.save(input));
  }

  remove(id: string): Promise<void> {
    return this.queue.run(() => this.items.remove(id));
  }

  reveal(id: string): string {
    return this.items.plaintextOf(id).secret;
  }

  /** Copies a secret; main clears its own clipboard after the set time if it still holds that secret. */
  copy(id: string): { value: string | null; clearAfterSeconds: number } {
    return this.clipboard.copy(this.items.plaintextOf(id).secret, this.deps.settings().clipboardClearSeconds);
  }

  dismissConflicts(): api.VaultState {
    this.sync.conflicts = [];
    this.emit();
    return this.state();
  }

  /** Changes the master password (online): the same vault key, wrapped under the new password's key. */
  changePassword(current: string, next: string): Promise<api.VaultState> {
    return this.queue.run(async () => {
      await this.sync.changePassword(current, next);
      return this.state();
    });
  }

  close(): void {
    this.lockNow(null, false);
    this.session.close();
    this.clipboard.close();
  }
}
