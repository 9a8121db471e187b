import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * guacd's typescript of an SSH or Telnet session (`typescript-path`, src/terminal/typescript.c
 * in guacd 1.6.0): NAME holds the raw terminal output after a `[BEGIN TYPESCRIPT]\n` header
 * (and before a `\n[END TYPESCRIPT]\n` footer); NAME.timing has one line per flush,
 * `<seconds since the previous flush> <bytes>`, as `script`/`scriptreplay` write it. The delays
 * are whole milliseconds of guacd's monotonic clock, counted from when the typescript was
 * opened, which is before the SSH/Telnet login; the recording's times count from its first
 * `sync`, which comes after it. So the two clocks differ by an unknown offset: see alignChunks.
 */

const header = '[BEGIN TYPESCRIPT]\n';

/** A typescript's two files: the output, and its timing. */
export interface TypescriptFiles {
  data: string;
  timing: string;
}

/** The flushes a timing file lists: when (ms since the typescript was opened) and how many bytes. */
export function parseTiming(text: string): Array<{ sinceStartMs: number; bytes: number }> {
  const chunks: Array<{ sinceStartMs: number; bytes: number }> = [];
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^(\d+(?:\.\d+)?) (\d+)$/.exec(line.trim());
    if (!match) continue;
    total += Math.round(Number(match[1]) * 1000);
    chunks.push({ sinceStartMs: total, bytes: Number(match[2]) });
  }
  return chunks;
}

/** How close after a typescript flush guacd's `sync` for that frame comes (it flushes the display in between). */
const frameLagMs = 50;

/** The first time in the sorted `times` at or after `from`, or -1. */
function firstAtOrAfter(times: number[], from: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((times[mid] ?? 0) < from) low = mid + 1;
    else high = mid;
  }
  return low < times.length ? low : -1;
}

/** The sync that ends the frame of a flush at `at`, when one comes within frameLagMs. */
function frameSync(syncs: number[], at: number): number | null {
  const i = firstAtOrAfter(syncs, at);
  const sync = i < 0 ? null : (syncs[i] ?? null);
  return sync !== null && sync - at <= frameLagMs ? sync : null;
}

/**
 * Puts typescript flushes on the recording's clock. guacd's terminal thread flushes the
 * typescript and then ends the frame with a `sync` (terminal.c: guac_terminal_flush, then
 * guac_client_end_frame), so every flush is followed, within milliseconds, by a sync of the
 * recording. The offset between the clocks is the one that puts the most flushes just before a
 * sync: each sync near the start is tried as the first flush's frame. Ties take the earliest
 * offset, so a prompt is never placed later than it was (a key typed after it stays hidden).
 * Each flush then takes its frame's sync time (the player shows that frame there), or the
 * offset time when no sync matches. Without syncs, the typescript's own times are kept.
 */
export function alignChunks(sinceStartMs: number[], syncs: number[]): number[] {
  const first = sinceStartMs[0];
  if (first === undefined || syncs.length === 0) return sinceStartMs;
  const sample = sinceStartMs.slice(0, 2000);
  let best = { offset: 0, score: -1 };
  for (const sync of syncs.slice(0, 500)) {
    const offset = sync - first;
    const score = sample.filter((at) => frameSync(syncs, at + offset) !== null).length;
    if (score > best.score) best = { offset, score };
  }
  let previous = 0;
  return sinceStartMs.map((at) => {
    const moved = at + best.offset;
    previous = Math.max(previous, frameSync(syncs, moved) ?? moved, 0);
    return previous;
  });
}

/**
 * Streams the output of a typescript, one flush at a time, as text (UTF-8 kept whole across
 * flushes). `chunks` comes from its timing file; bytes past them (the footer) are left out.
 */
export async function eachOutputChunk(
  dataFile: string,
  chunks: Array<{ bytes: number }>,
  onChunk: (index: number, text: string) => void,
): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let skip = -1;
  let index = 0;
  let left = chunks[0]?.bytes ?? 0;
  let parts: Buffer[] = [];
  for await (const read of fs.createReadStream(dataFile) as AsyncIterable<Buffer>) {
    let buffer = read;
    if (skip < 0) {
      skip = buffer.subarray(0, header.length).toString('latin1') === header ? header.length : 0;
      buffer = buffer.subarray(skip);
    }
    while (buffer.length > 0 && index < chunks.length) {
      const take = Math.min(left, buffer.length);
      parts.push(buffer.subarray(0, take));
      buffer = buffer.subarray(take);
      left -= take;
      if (left > 0) break;
      onChunk(index, decoder.write(Buffer.concat(parts)));
      parts = [];
      index += 1;
      left = chunks[index]?.bytes ?? 0;
    }
    if (index >= chunks.length) break;
  }
}
