import { once } from 'node:events';
import type http from 'node:http';

/** An answer written as it is read (an export): its type, the file name it downloads as, and its text in pieces. */
export class Streamed {
  constructor(
    readonly contentType: string,
    readonly fileName: string,
    readonly pieces: AsyncIterable<string>,
  ) {}
}

/**
 * Writes a streamed answer, waiting for the client to drain at each full buffer (memory stays
 * flat); stops reading when the client goes away.
 */
export async function sendStreamed(res: http.ServerResponse, answer: Streamed): Promise<void> {
  res.writeHead(200, {
    'content-type': answer.contentType,
    'content-disposition': `attachment; filename="${answer.fileName}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  let closed = false;
  res.once('close', () => (closed = true));
  for await (const piece of answer.pieces) {
    if (closed) break;
    if (!res.write(piece)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  }
  res.end();
}
