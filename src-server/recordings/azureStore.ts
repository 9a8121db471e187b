import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { StoreConfig } from './recordingSettings';
import { digestStream, type RecordingStore, type StoredDigest } from './recordingStore';

type AzureConfig = Extract<StoreConfig, { mode: 'azure' }>;

/**
 * An Azure Blob container (made on first use when missing). The SDK does not retry on its
 * own: the uploader's retries decide.
 */
export class AzureStore implements RecordingStore {
  readonly mode = 'azure' as const;
  private readonly container: ContainerClient;
  private ready = false;

  constructor(config: AzureConfig) {
    const service = BlobServiceClient.fromConnectionString(config.connectionString, {
      retryOptions: { maxTries: 1, tryTimeoutInMs: 60_000 },
    });
    this.container = service.getContainerClient(config.container);
  }

  async put(key: string, file: string): Promise<void> {
    if (!this.ready) {
      await this.container.createIfNotExists();
      this.ready = true;
    }
    await this.container
      .getBlockBlobClient(key)
      .uploadFile(file, { blobHTTPHeaders: { blobContentType: 'application/vnd.glyptodon.guacamole.recording' } });
  }

  async digest(key: string): Promise<StoredDigest> {
    const download = await this.container.getBlobClient(key).download();
    if (!download.readableStreamBody) throw new Error('The store answered without the recording.');
    return digestStream(download.readableStreamBody);
  }

  read(key: string, offset: number, length: number): Promise<Buffer> {
    return this.container.getBlobClient(key).downloadToBuffer(offset, length);
  }
}
