import type { z } from 'zod';
import { recordingsApi } from '@shared/common/api/controlPlane/recordings';
import type { RecordingFilter, recordingsContract } from '@shared/common/api/recordings';
import type { IamClient } from '../iam/iamClient';

type Result<M extends keyof typeof recordingsContract> = Promise<z.output<(typeof recordingsContract)[M]['result']>>;

/**
 * The Recordings view in main: the list with its filters, the player's index and pieces of a
 * recording (streamed from the server's store as the player asks), and Retry. The server checks
 * roles (access managers and auditors) on every call.
 */
export class RecordingService {
  constructor(private readonly iam: Pick<IamClient, 'call'>) {}

  list(filter: RecordingFilter): Result<'list'> {
    return this.iam.call(recordingsApi.search, { body: filter });
  }

  index(id: string): Result<'index'> {
    return this.iam.call(recordingsApi.index, { params: { id } });
  }

  read(id: string, offset: number, length: number): Result<'read'> {
    return this.iam.call(recordingsApi.read, { params: { id }, body: { offset, length } });
  }

  retry(id: string): Result<'retry'> {
    return this.iam.call(recordingsApi.retry, { params: { id }, body: {} });
  }
}
