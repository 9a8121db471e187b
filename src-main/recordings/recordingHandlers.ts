import type { Handlers } from '../rpc/dispatcher';
import type { RecordingService } from './recordingService';

/** `recordings.*`: search, index and read recordings, and retry an upload. */
export function recordingHandlers(
  recordings: Pick<RecordingService, 'list' | 'index' | 'read' | 'retry'>,
): Handlers['recordings'] {
  return {
    list: (filter) => recordings.list(filter),
    index: ({ id }) => recordings.index(id),
    read: ({ id, offset, length }) => recordings.read(id, offset, length),
    retry: ({ id }) => recordings.retry(id),
  };
}
