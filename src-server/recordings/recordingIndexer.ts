import crypto from 'node:crypto';
import fs from 'node:fs';
import type { RecordingMark, TypedLine } from '@shared/common/api/recordings';
import type { Protocol } from '@shared/common/api/settings';
import { codePointLength, GuacDecoder, type GuacInstruction } from '@shared/common/guac';
import { sessionText, type KeyEvent } from './sessionText';
import type { TypescriptFiles } from './typescript';

/** What one pass over a finished recording learns: its hash, length, marks, typed lines and (SSH, Telnet) the lines it showed. */
export interface IndexedRecording {
  sha256: string;
  bytes: number;
  durationMs: number;
  marks: RecordingMark[];
  keys: TypedLine[];
  shown: TypedLine[];
  /** The sizes of the typescript files (null without them): a read of one is clipped to its size. */
  typescriptBytes: number | null;
  timingBytes: number | null;
  /** An SSH or Telnet session without a typescript: its typed text is not indexed (secrets cannot be told apart). */
  typedWithheld: boolean;
}

/** A file's size, or null when it is not there. */
async function sizeOf(file: string | undefined): Promise<number | null> {
  if (!file) return null;
  return fs.promises.stat(file).then(
    (s) => s.size,
    () => null,
  );
}

/** Marks at most one every 2 s (a seek reads at most that much past its target); keyframes as guacamole-common-js spaces them (≥ 16 KiB and ≥ 5 s apart). */
const markEveryMs = 2000;
const keyframeBytes = 16384;
const keyframeMs = 5000;

/** Bytes an instruction takes in the file (lengths count code points; the bytes are UTF-8). */
function encodedBytes(instruction: GuacInstruction): number {
  let bytes = 0;
  for (const element of instruction) bytes += String(codePointLength(element)).length + 2 + Buffer.byteLength(element);
  return bytes;
}

/**
 * Reads a finished recording once, streaming: its SHA-256 and size, its length from the
 * `sync` timestamps, marks (frame ends by time, with keyframes) and the key events of guacd's
 * `key,<keysym>,<pressed>,<timestamp>` entries; then (sessionText.ts) the typed lines, with
 * the lines typed at a password prompt hidden, and the lines the typescript shows, if the
 * session has one. Throws GUAC_MALFORMED on a file that is not a Guacamole recording.
 */
export async function indexRecording(
  file: string,
  typescript?: TypescriptFiles,
  protocol?: Protocol,
): Promise<IndexedRecording> {
  const hash = crypto.createHash('sha256');
  const decoder = new GuacDecoder();
  const marks: RecordingMark[] = [];
  const keys: KeyEvent[] = [];
  const syncs: number[] = [];
  const pendingKeys: Array<{ keysym: number; pressed: boolean; ts: number }> = [];
  let offset = 0;
  let bytes = 0;
  let firstTs: number | null = null;
  let lastTs = 0;
  let lastKeyframe: RecordingMark | null = null;
  const lastFrame = { atMs: 0, offset: -1 };

  const onInstruction = (instruction: GuacInstruction) => {
    offset += encodedBytes(instruction);
    const [opcode, a = '', b = '', c = ''] = instruction;
    if (opcode === 'key') {
      const key = { keysym: Number(a), pressed: b === '1', ts: Number(c) };
      if (firstTs === null) pendingKeys.push(key);
      else keys.push({ keysym: key.keysym, pressed: key.pressed, atMs: Math.max(0, key.ts - firstTs) });
      return;
    }
    if (opcode !== 'sync') return;
    const ts = Number(a);
    if (!Number.isFinite(ts)) return;
    if (firstTs === null) {
      firstTs = ts;
      for (const key of pendingKeys.splice(0)) keys.push({ keysym: key.keysym, pressed: key.pressed, atMs: 0 });
    }
    lastTs = Math.max(lastTs, ts);
    const atMs = Math.max(0, ts - firstTs);
    syncs.push(atMs);
    const previous = marks.at(-1);
    const keyframe =
      !lastKeyframe || (offset - lastKeyframe.offset >= keyframeBytes && atMs - lastKeyframe.atMs >= keyframeMs);
    if (!previous || keyframe || atMs - previous.atMs >= markEveryMs) {
      const mark = { atMs, offset, keyframe };
      marks.push(mark);
      if (keyframe) lastKeyframe = mark;
    }
    lastFrame.atMs = atMs;
    lastFrame.offset = offset;
  };

  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    decoder.feed(chunk, onInstruction);
  }
  const text = await sessionText(keys, syncs, typescript, protocol);
  // The last frame is always a mark: the player knows where the recording's end is.
  const last = marks.at(-1);
  if (last && last.offset !== lastFrame.offset)
    marks.push({ atMs: lastFrame.atMs, offset: lastFrame.offset, keyframe: false });
  return {
    sha256: hash.digest('hex'),
    bytes,
    durationMs: firstTs === null ? 0 : lastTs - firstTs,
    marks,
    ...text,
    typescriptBytes: await sizeOf(typescript?.data),
    timingBytes: await sizeOf(typescript?.timing),
  };
}
