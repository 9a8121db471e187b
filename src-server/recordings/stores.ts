import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StoreConfig } from './recordingSettings';

/** What is stored under a key: its SHA-256 (hex) and size. */
export interface StoredDigest {
  sha256: string;
  bytes: number;
}

/**
 * A place finished recordings are kept. `put` resolves once the object is stored;
 * the uploader then reads it back (`digest`) and compares with what guacd wrote.
 */
export interface RecordingStore {
  readonly mode: StoreConfig['mode'];
  put(key: string, file: string, bytes: number): Promise<void>;
  /** Hashes the stored object; throws when it is missing or the store cannot be reached. */
  digest(key: string): Promise<StoredDigest>;
  /** Bytes `[offset, offset + length)` of the stored object (fewer at its end). */
  read(key: string, offset: number, length: number): Promise<Buffer>;
}

/** Hashes a stream of bytes. */
export async function digestStream(stream: Readable | NodeJS.ReadableStream): Promise<StoredDigest> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Reads bytes `[offset, offset + length)` of a file. */
export async function readFileRange(file: string, offset: number, length: number): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** A folder or a UNC path to a share: written to a `.partial` file, flushed to disk, then renamed. */
export class LocalStore implements RecordingStore {
  readonly mode = 'local' as const;
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, key);
  }

  async put(key: string, file: string): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const partial = `${this.file(key)}.partial`;
    await pipeline(fs.createReadStream(file), fs.createWriteStream(partial, { mode: 0o640 }));
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
