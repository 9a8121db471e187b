import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { StoreConfig } from './recordingSettings';
import { digestStream, type RecordingStore, type StoredDigest } from './recordingStore';

type S3Config = Extract<StoreConfig, { mode: 's3' }>;

/**
 * An S3 bucket (AWS, or an S3-compatible store at `endpoint`). The SDK does not retry on its
 * own: the uploader's retries (OPENPSM_UPLOAD_RETRY_MS × OPENPSM_UPLOAD_RETRIES) decide.
 */
export class S3Store implements RecordingStore {
  readonly mode = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      // Path-style addressing for S3-compatible stores (their buckets are not DNS names).
      forcePathStyle: config.endpoint !== undefined,
      credentials:
        config.accessKeyId && config.secretAccessKey
          ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
          : undefined,
      maxAttempts: 1,
      // Plain uploads: S3-compatible stores may not decode aws-chunked bodies with checksum trailers
      // (s3rver stores the framing). The uploader's own SHA-256 read-back checks every object.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: 5000, requestTimeout: 60_000 },
    });
  }

  async put(key: string, file: string, bytes: number): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.config.bucket,
        Key: key,
        Body: fs.createReadStream(file),
        ContentLength: bytes,
        ContentType: 'application/vnd.glyptodon.guacamole.recording',
      }),
    );
  }

  async digest(key: string): Promise<StoredDigest> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
    return digestStream(object.Body as Readable);
  }

  async read(key: string, offset: number, length: number): Promise<Buffer> {
    const object = await this.client.send(
      new GetObjectCommand({ Bucket: this.config.bucket, Key: key, Range: `bytes=${offset}-${offset + length - 1}` }),
    );
    return Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  }
}
