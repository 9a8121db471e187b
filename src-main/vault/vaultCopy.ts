import type { Me } from '@shared/common/api/controlPlane/persons';
import type { VaultCache, VaultCacheData, VaultCacheStore } from './vaultCache';

export type Owner = VaultCache['owner'];

/** The person whose vault is in use, and the copy of it kept on this device. */
export class VaultCopy {
  owner: Owner | null = null;
  cache: VaultCache | null = null;
  /** What happened to a damaged copy on this device, told once the vault is open. */
  note: string | null = null;

  constructor(private readonly store: VaultCacheStore) {}

  /** Moves to another person's copy (or none); returns what to tell them now about a damaged copy, else null. */
  switchTo(owner: Owner | null): string | null {
    this.owner = owner;
    this.note = null;
    if (!owner) {
      this.cache = null;
      return null;
    }
    const loaded = this.store.load(owner.personId);
    this.cache = loaded.cache;
    if (loaded.setAside.length === 0) return null;
    this.note = loaded.cache
      ? 'The copy of your vault on this device was damaged: it was set aside and the previous copy kept here was used.'
      : 'The copy of your vault on this device was damaged: it was set aside and fetched again from the server.';
    return loaded.cache
      ? this.note
      : 'The copy of your vault on this device was damaged and was set aside. Unlock while online to fetch it again from the server.';
  }

  /**
   * Whose vault is in use: the person signed in to the control plane in use; with nobody
   * signed in and that server silent, whoever last kept a copy here for it (to unlock offline).
   */
  async ownerNow(
    identity: { person: Me | null; serverUrl: string | null },
    serverAnswers: (serverUrl: string) => Promise<boolean>,
  ): Promise<Owner | null> {
    const { person, serverUrl } = identity;
    if (person && serverUrl)
      return { personId: person.id, username: person.username, displayName: person.displayName, serverUrl };
    if (serverUrl && !(await serverAnswers(serverUrl))) return this.store.latestFor(serverUrl)?.owner ?? null;
    return null;
  }

  /** True when `owner` is the one in use now (the same person on the same server, or none). */
  isCurrent(owner: Owner | null): boolean {
    return owner?.personId === this.owner?.personId && owner?.serverUrl === this.owner?.serverUrl;
  }

  /** True when `person` (signed in now) owns the vault in use. */
  ownedBy(person: Me | null): boolean {
    return person !== null && person.id === this.owner?.personId;
  }

  /** The note about a damaged copy, told once. */
  takeNote(): string | null {
    const note = this.note;
    this.note = null;
    return note;
  }

  /** Writes a new copy durably and keeps it as the current one. */
  persist(data: VaultCacheData): void {
    this.cache = this.store.save(this.cache, data);
  }
}
