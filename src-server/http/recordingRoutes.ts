import fs from 'node:fs';
import path from 'node:path';
import { recordingsApi } from '@shared/common/api/controlPlane/recordings';
import { OpenPsmError } from '@shared/common/errors';
import { incompleteTail } from '@shared/common/guac/utf8Chunks';
import type { RecordingRepository, RecordingRow } from '../db/recordings';
import type { ServerStateRepository } from '../db/serverState';
import { companionNames } from '../recordings/companions';
import { readFileRange, type RecordingStore } from '../recordings/recordingStore';
import type { RecordingUploader } from '../recordings/uploader';
import { route, type Route } from './router';

export interface RecordingRouteDeps {
  recordings: RecordingRepository;
  store: Pick<RecordingStore, 'read'>;
  uploader: Pick<RecordingUploader, 'retry' | 'localFile'>;
  state: Pick<ServerStateRepository, 'audit'>;
  log: { warn(event: string, fields: Record<string, unknown>): void };
}

const notFound = () => new OpenPsmError('RECORDING_NOT_FOUND');
const noTypescript = () =>
  new OpenPsmError('RECORDING_NOT_FOUND', {
    message: 'This recording has no typescript: guacd writes one for SSH and Telnet sessions only.',
  });

/** Bytes of a typescript file: from the store once its recording is stored, else beside the recording (guacd's folder or quarantine). */
async function readTypescript(
  deps: RecordingRouteDeps,
  row: RecordingRow,
  name: string,
  offset: number,
  length: number,
): Promise<Buffer> {
  const local = path.join(path.dirname(deps.uploader.localFile(row)), name);
  if (row.status !== 'stored' && !fs.existsSync(local)) throw noTypescript();
  try {
    return row.status === 'stored'
      ? await deps.store.read(name, offset, length)
      : await readFileRange(local, offset, length);
  } catch (error) {
    const code = (error as { code?: string; name?: string }).code ?? (error as { name?: string }).name ?? '';
    // A recording indexed before typescript sizes were kept: a range past the end is its end.
    if (code === 'InvalidRange') return Buffer.alloc(0);
    if (/ENOENT|NoSuchKey|NotFound|BlobNotFound/.test(code)) throw noTypescript();
    deps.log.warn('recording.read_failed', {
      id: row.id,
      error: error instanceof Error ? error.message : String(error),
    });
    throw new OpenPsmError('RECORDING_UNREADABLE');
  }
}

/**
 * The Recordings view's API: the list with its filters (typed text among them), the player's
 * index, pieces of a recording and of its typescript read from its store (or, before it is
 * stored, from guacd's folder or quarantine), and Retry for a recording that was not uploaded.
 */
export function recordingRoutes(deps: RecordingRouteDeps): Route[] {
  const find = async (id: string | undefined): Promise<RecordingRow> => {
    const row = id ? await deps.recordings.byId(id) : null;
    if (!row) throw notFound();
    return row;
  };
  return [
    route({
      spec: recordingsApi.search,
      handler: async ({ body }) => ({ recordings: await deps.recordings.search(body) }),
    }),
    route({
      spec: recordingsApi.index,
      handler: async ({ caller, params }) => {
        const row = await find(params['id']);
        const index = await deps.recordings.playerIndex(row.id);
        if (!index) throw new OpenPsmError('RECORDING_NOT_READY');
        await deps.state.audit(caller.username, 'recording.play', row.fileName);
        return { id: row.id, ...index };
      },
    }),
    route({
      spec: recordingsApi.read,
      handler: async ({ params, body }) => {
        const row = await find(params['id']);
        if (row.status === 'recording' || row.bytes === null) throw new OpenPsmError('RECORDING_NOT_READY');
        const length = Math.min(body.length, Math.max(0, row.bytes - body.offset));
        if (length === 0) return { offset: body.offset, next: body.offset, text: '', end: true };
        let piece: Buffer;
        try {
          piece =
            row.status === 'stored'
              ? await deps.store.read(row.fileName, body.offset, length)
              : await readFileRange(deps.uploader.localFile(row), body.offset, length);
        } catch (error) {
          deps.log.warn('recording.read_failed', {
            id: row.id,
            error: error instanceof Error ? error.message : String(error),
          });
          throw new OpenPsmError('RECORDING_UNREADABLE');
        }
        const end = body.offset + piece.length >= row.bytes;
        const whole = end ? piece : piece.subarray(0, piece.length - incompleteTail(piece));
        return { offset: body.offset, next: body.offset + whole.length, text: whole.toString('utf8'), end };
      },
    }),
    route({
      spec: recordingsApi.typescript,
      handler: async ({ caller, params, body }) => {
        const row = await find(params['id']);
        if (row.status === 'recording') throw new OpenPsmError('RECORDING_NOT_READY');
        const [output, timing] = companionNames(row.fileName, row.sessionId);
        const name = body.file === 'output' ? output : timing;
        if (!name) throw noTypescript();
        // Every read is audited, whatever its offset: which file and from where.
        await deps.state.audit(caller.username, 'recording.typescript', `${name} @${body.offset}`);
        const size = body.file === 'output' ? row.typescriptBytes : row.timingBytes;
        // Clipped to the size kept at indexing: S3 and Azure refuse a range past the end.
        const length = size === null ? body.length : Math.min(body.length, Math.max(0, size - body.offset));
        const piece = length === 0 ? Buffer.alloc(0) : await readTypescript(deps, row, name, body.offset, length);
        const end = size === null ? piece.length < body.length : body.offset + piece.length >= size;
        return { offset: body.offset, next: body.offset + piece.length, base64: piece.toString('base64'), end };
      },
    }),
    route({
      spec: recordingsApi.retry,
      handler: async ({ caller, params }) => {
        const row = await find(params['id']);
        await deps.state.audit(caller.username, 'recording.retry', row.fileName);
        await deps.uploader.retry(row.id);
        const [listed] = await deps.recordings.search({}, row.id);
        if (!listed) throw notFound();
        return listed;
      },
    }),
  ];
}
