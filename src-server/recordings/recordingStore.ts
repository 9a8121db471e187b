// What every recording store is (local, S3, Azure), and the helpers they share.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
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
