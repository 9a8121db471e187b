import type { z } from 'zod';
import { recordingIndexSchema, recordingListSchema, recordingPieceSchema, recordingSchema, type RecordingFilter, type recordingsContract } from '../../src-shared/common/api/recordings';
import type { IamClient } from '../iam/iamClient';

type Result<M extends keyof typeof recordingsContract> = Promise<z.output<(typeof recordingsContract)[M]['result']>>;

/**
 * The Recordings view in main: the list with its filters, the player's index and pieces of a
 * recording (streamed from the server's store as the player asks), and Retry. The server checks
 * roles (access managers and auditors) on every call.
 */
export class RecordingService {
  constructor(private readonly iam: Pick<IamClient, 'get' | 'send'>) {}

  list(filter: RecordingFilter): Result<'list'> {
    return this.iam.send('POST', '/api/recordings/search', filter, recordingListSchema);
  }

  index(id: string): Result<'index'> {
    return this.iam.get(`/api/recordings/${id}/index`, recordingIndexSchema);
  }

  read(id: string, offset: number, length: number): Result<'read'> {
    return this.iam.send('POST', `/api/recordings/${id}/read`, { offset, length }, recordingPieceSchema);
  }

  retry(id: string): Result<'retry'> {
    return this.iam.send('POST', `/api/recordings/${id}/retry`, {}, recordingSchema);
  }
}
