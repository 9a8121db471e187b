import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { sealedItemsSchema, sealedSchema, serverVaultSchema } from '@shared/common/api/controlPlane/vault';
import type { Logger } from '@shared/node/logger';
import { copiesOf, realSteps, setAside, type FileSteps } from '../files/durableFile';
import { parseVersioned, writeVersioned, type FileFormat } from '../files/versionedFile';

/** The vault cache file format. Newer files are set aside, never overwritten. */
export const vaultCacheSchemaVersion = 1;

export const vaultCacheSchema = z
  .object({
    schemaVersion: z.literal(vaultCacheSchemaVersion),
    /** Grows with every write: the newest complete copy wins. */
    seq: z.number().int().min(0),
    savedAt: z.string(),
    owner: z
      .object({ personId: z.uuid(), username: z.string(), displayName: z.string(), serverUrl: z.string() })
      .strict(),
    /** The last copy the server confirmed. */
    base: serverVaultSchema,
    /** The working copy: `base` with the edits made here. */
    items: sealedItemsSchema,
    /** Ids added, edited or deleted here since `base`: the queue to push. */
    dirty: z.array(z.uuid()).max(1000),
    /** encKey and authKey wrapped under a device key from the OS keychain ("Remember on this device"). */
    remembered: sealedSchema.nullable(),
  })
  .strict();
export type VaultCache = z.infer<typeof vaultCacheSchema>;
export type VaultCacheData = Omit<VaultCache, 'schemaVersion' | 'seq' | 'savedAt'>;
const cacheFormat: FileFormat<VaultCache> = { version: vaultCacheSchemaVersion, schema: vaultCacheSchema };

export interface LoadedCache {
  cache: VaultCache | null;
  /** Copies that could not be read and were set aside as `.corrupt`. */
  setAside: string[];
}

function parseCopy(file: string): { cache: VaultCache } | { bad: true } | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const parsed = parseVersioned(text, cacheFormat);
  return 'value' in parsed ? { cache: parsed.value } : { bad: true };
}

/**
 * The encrypted vault kept on this device, one file per person (`<personId>.json`), written
 * durably (atomic rename after fsync, previous copy kept). It holds only what the server
 * holds plus queued edits — ciphertext, never a key or a password.
 */
export class VaultCacheStore {
  constructor(
    private readonly dir: string,
    private readonly log: Pick<Logger, 'warn'>,
    private readonly steps: FileSteps = realSteps,
  ) {}

  fileFor(personId: string): string {
    return path.join(this.dir, `${personId}.json`);
  }

  /**
   * The newest complete copy among the current file, an unfinished write and the kept
   * previous copy. A copy that is truncated, corrupted, or from a newer version of OpenPSM
   * is set aside as `.corrupt` (an unfinished write is simply dropped).
   */
  load(personId: string): LoadedCache {
    const { current, next, previous } = copiesOf(this.fileFor(personId));
    const found: VaultCache[] = [];
    const asideList: string[] = [];
    for (const file of [current, next, previous]) {
      const copy = parseCopy(file);
      if (!copy) continue;
      if ('cache' in copy) found.push(copy.cache);
      else if (file === next) fs.rmSync(file, { force: true });
      else {
        const aside = setAside(file);
        asideList.push(aside);
        this.log.warn('vault.cache_set_aside', { file: path.basename(file), movedTo: path.basename(aside) });
      }
    }
    const cache = found.sort((a, b) => b.seq - a.seq)[0] ?? null;
    return { cache, setAside: asideList };
  }

  save(previous: VaultCache | null, data: VaultCacheData): VaultCache {
    // Callers pass `{ ...cache, change }`: the stamps are set after it, so every write counts.
    const cache: VaultCache = {
      ...data,
      schemaVersion: vaultCacheSchemaVersion,
      seq: (previous?.seq ?? 0) + 1,
      savedAt: new Date().toISOString(),
    };
    writeVersioned(this.fileFor(data.owner.personId), cache, { steps: this.steps });
    return cache;
  }

  /** The most recently saved vault for a server, for unlocking offline before anyone could sign in. */
  latestFor(serverUrl: string): VaultCache | null {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir).filter((n) => /^[0-9a-f-]{36}\.json$/.test(n));
    } catch {
      return null;
    }
    const caches = names
      .map((n) => parseCopy(path.join(this.dir, n)))
      .flatMap((c) => (c && 'cache' in c && c.cache.owner.serverUrl === serverUrl ? [c.cache] : []));
    return caches.sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0] ?? null;
  }
}
