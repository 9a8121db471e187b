import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { digestStream, readFileRange, type RecordingStore, type StoredDigest } from './recordingStore';
import type { StoreConfig } from './recordingSettings';

/** A folder or a UNC path to a share: written to a `.partial` file, flushed to disk, then renamed. Files are 0600 and the folder 0700: recordings are evidence, for the server's eyes only. */
export class LocalStore implements RecordingStore {
  readonly mode = 'local' as const;
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, key);
  }

  async put(key: string, file: string): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    // mkdir's mode does not change a folder that was already there; a failure here fails the upload, visibly.
    await fs.promises.chmod(this.dir, 0o700);
    const partial = `${this.file(key)}.partial`;
    await pipeline(fs.createReadStream(file), fs.createWriteStream(partial, { mode: 0o600 }));
    const handle = await fs.promises.open(partial, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(partial, this.file(key));
  }

  digest(key: string): Promise<StoredDigest> {
    return digestStream(fs.createReadStream(this.file(key)));
  }

  read(key: string, offset: number, length: number): Promise<Buffer> {
    return readFileRange(this.file(key), offset, length);
  }
}

/** The store a configuration names. S3 and Azure load their SDKs only when chosen. */
export async function openRecordingStore(config: StoreConfig): Promise<RecordingStore> {
  if (config.mode === 'local') return new LocalStore(config.dir);
  if (config.mode === 's3') return new (await import('./s3Store')).S3Store(config);
  return new (await import('./azureStore')).AzureStore(config);
}
