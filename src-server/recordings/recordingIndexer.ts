import crypto from 'node:crypto';
import fs from 'node:fs';
import type { RecordingMark, TypedLine } from '@shared/common/api/recordings';
import { codePointLength, GuacDecoder, type GuacInstruction } from '@shared/common/guac';

/** What one pass over a finished recording learns: its hash, length, marks and typed lines. */
export interface IndexedRecording {
  sha256: string;
  bytes: number;
  durationMs: number;
  marks: RecordingMark[];
  keys: TypedLine[];
}

/** Marks at most one every 2 s (a seek reads at most that much past its target); keyframes as guacamole-common-js spaces them (≥ 16 KiB and ≥ 5 s apart). */
const markEveryMs = 2000;
const keyframeBytes = 16384;
const keyframeMs = 5000;
/** A typed line longer than this is cut, so one line never hides a whole session. */
const maxLineLength = 200;

const RETURN = new Set([0xff0d, 0xff8d]);
const BACKSPACE = 0xff08;
const TAB = 0xff09;
const CONTROL = new Set([0xffe3, 0xffe4]);

/** The text a key press types, or null for keys that type nothing (Shift, arrows, F-keys…). */
export function keysymText(keysym: number): string | null {
  if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff)) return String.fromCharCode(keysym);
  if (keysym >= 0x1000100 && keysym <= 0x110ffff) return String.fromCodePoint(keysym - 0x1000000);
  if (keysym >= 0xffb0 && keysym <= 0xffb9) return String(keysym - 0xffb0);
  if (keysym === TAB) return '⇥';
  return null;
}

/** Bytes an instruction takes in the file (lengths count code points; the bytes are UTF-8). */
function encodedBytes(instruction: GuacInstruction): number {
  let bytes = 0;
  for (const element of instruction) bytes += String(codePointLength(element)).length + 2 + Buffer.byteLength(element);
  return bytes;
}

/** Builds typed lines from key events (pressed ones only): Return ends a line, BackSpace takes a character back, Ctrl+X reads ^X. */
export class TypedText {
  readonly lines: TypedLine[] = [];
  private current: { atMs: number; text: string } | null = null;
  private control = 0;

  key(keysym: number, pressed: boolean, atMs: number): void {
    if (CONTROL.has(keysym)) {
      this.control = Math.max(0, this.control + (pressed ? 1 : -1));
      return;
    }
    if (!pressed) return;
    if (RETURN.has(keysym)) return this.endLine();
    if (keysym === BACKSPACE) {
      if (this.current) this.current.text = [...this.current.text].slice(0, -1).join('');
      return;
    }
    const typed = keysymText(keysym);
    if (typed === null) return;
    this.current ??= { atMs, text: '' };
    this.current.text += this.control > 0 ? `^${typed.toUpperCase()}` : typed;
    if (this.current.text.length >= maxLineLength) this.endLine();
  }

  endLine(): void {
    if (this.current && this.current.text.trim() !== '')
      this.lines.push({ atMs: this.current.atMs, text: this.current.text });
    this.current = null;
  }
}

/**
 * Reads a finished recording once, streaming: its SHA-256 and size, its length from the
 * `sync` timestamps, marks (frame ends by time, with keyframes) and the typed lines from
 * guacd's `key,<keysym>,<pressed>,<timestamp>` entries. Throws GUAC_MALFORMED on a file that
 * is not a Guacamole recording.
 */
export async function indexRecording(file: string): Promise<IndexedRecording> {
  const hash = crypto.createHash('sha256');
  const decoder = new GuacDecoder();
  const marks: RecordingMark[] = [];
  const typed = new TypedText();
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
      else typed.key(key.keysym, key.pressed, Math.max(0, key.ts - firstTs));
      return;
    }
    if (opcode !== 'sync') return;
    const ts = Number(a);
    if (!Number.isFinite(ts)) return;
    if (firstTs === null) {
      firstTs = ts;
      for (const key of pendingKeys.splice(0)) typed.key(key.keysym, key.pressed, 0);
    }
    lastTs = Math.max(lastTs, ts);
    const atMs = Math.max(0, ts - firstTs);
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
  typed.endLine();
  // The last frame is always a mark: the player knows where the recording's end is.
  const last = marks.at(-1);
  if (last && last.offset !== lastFrame.offset)
    marks.push({ atMs: lastFrame.atMs, offset: lastFrame.offset, keyframe: false });
  return {
    sha256: hash.digest('hex'),
    bytes,
    durationMs: firstTs === null ? 0 : lastTs - firstTs,
    marks,
    keys: typed.lines,
  };
}
