import type { OpenPsmError } from '../errors';
import { asciiBytes, asciiText } from './ascii';
import { parseAscii } from './parseAscii';
import { parseText, type TextShape } from './parseText';
import { guacMalformed, isGuacMalformed } from './protocolError';
import { ReadState, type OnPicked, type Picks } from './readState';
import { nonAscii, surrogate } from './text';
import { Utf8Chunks } from './utf8Chunks';

export type { GuacInstruction, OnPicked, Picks } from './readState';

/**
 * What one read completes: the text of its whole instructions, or, on the byte path, their
 * bytes as they came (all ASCII, so a byte is a unit). Empty when it completes none.
 */
export type ReadRun = string | Uint8Array;

/** Tells whether bytes are all ASCII (Node's `buffer.isAscii`; checked natively, far faster than a loop). */
export type AsciiCheck = (bytes: Uint8Array) => boolean;

/**
 * The one Guacamole reader (the decoder and the pass-through scanner are both this). Feed it
 * chunks as they arrive (bytes or text); it returns the whole instructions each chunk
 * completes, exactly as they came, and decodes only the instructions `pick` asks for. Every
 * instruction is held to guacd's limits either way: lengths count Unicode code points, a
 * character split across chunks stays intact, and a breach, a bad length or garbage throws
 * GUAC_MALFORMED, after which the reader refuses everything. At most one partial instruction
 * is held.
 *
 * Given an ASCII check (Node), a chunk of bytes that is all ASCII is read as bytes and its
 * whole instructions come back as those bytes: nothing is decoded to text but the picked
 * instructions (the byte path). Anything else goes through text (the text path).
 */
export class GuacReader {
  private readonly utf8 = new Utf8Chunks();
  private readonly state: ReadState;
  /** The partial instruction as text (text path), with its shape. */
  private buffer = '';
  private readonly shape: TextShape = { astral: false, wide: false };
  /** The partial instruction as ASCII bytes (byte path); null when held as text or not at all. */
  private held: Uint8Array | null = null;
  private failure: OpenPsmError | null = null;

  constructor(
    picks: Picks,
    private readonly isAscii: AsciiCheck | null = null,
  ) {
    this.state = new ReadState(picks);
  }

  /** Decodes this opcode too, from the next instruction on (the set given is the reader's own). */
  addPick(opcode: string): void {
    this.state.addPick(opcode);
  }

  /**
   * Reads one chunk; returns the instructions it completes (empty when none), and calls
   * `onPicked` for each picked one among them, in order, with its place in that run.
   */
  read(chunk: Uint8Array | string, onPicked: OnPicked): ReadRun {
    if (this.failure) throw this.failure;
    try {
      if (typeof chunk !== 'string' && this.takesBytes(chunk)) return this.readBytes(chunk, onPicked);
      return this.readText(chunk, onPicked);
    } catch (error) {
      this.failure = isGuacMalformed(error) ? error : guacMalformed('DECODER_FAILED', String(error));
      this.buffer = '';
      this.held = null;
      this.state.reset();
      throw this.failure;
    }
  }

  /** True when no partial instruction or character is pending. */
  get idle(): boolean {
    return this.buffered === 0 && this.state.elementCount === 0 && this.utf8.pending === 0;
  }

  /** Units of text (or bytes) held for the instruction being read (for memory checks). */
  get buffered(): number {
    return this.held?.length ?? this.buffer.length;
  }

  /** Whether this chunk goes the byte path: all ASCII, with no character or non-ASCII text carried into it. */
  private takesBytes(chunk: Uint8Array): boolean {
    if (!this.isAscii || this.state.picks === 'all' || this.utf8.pending > 0) return false;
    return (this.buffer.length === 0 || !this.shape.wide) && this.isAscii(chunk);
  }

  private readBytes(chunk: Uint8Array, onPicked: OnPicked): ReadRun {
    let run = chunk;
    if (this.buffer.length > 0) {
      // A partial instruction the text path held (all ASCII) goes on as bytes.
      this.held = asciiBytes(this.buffer);
      this.buffer = '';
    }
    if (this.held) run = joinBytes(this.held, chunk);
    const start = parseAscii(this.state, run, onPicked);
    // The partial instruction is kept as a copy: the chunk it came in is not held on to.
    this.held = start === run.length ? null : run === chunk || start > 0 ? run.slice(start) : run;
    return run.subarray(0, start);
  }

  private readText(chunk: Uint8Array | string, onPicked: OnPicked): ReadRun {
    if (this.held) {
      // A partial instruction the byte path held goes on as text.
      this.buffer = asciiText(this.held);
      this.shape.astral = false;
      this.shape.wide = false;
      this.held = null;
    }
    const { text, wide } = this.text(chunk);
    if (text.length === 0) return '';
    const astral = wide && surrogate.test(text);
    if (this.buffer.length === 0) {
      this.buffer = text;
      this.shape.astral = astral;
      this.shape.wide = wide;
    } else {
      this.buffer += text;
      this.shape.astral ||= astral;
      this.shape.wide ||= wide;
    }
    const buffer = this.buffer;
    const start = parseText(this.state, buffer, this.shape, onPicked);
    if (start === 0) return '';
    this.buffer = buffer.slice(start);
    this.shape.astral &&= surrogate.test(this.buffer);
    this.shape.wide &&= nonAscii.test(this.buffer);
    return buffer.slice(0, start);
  }

  private text(chunk: Uint8Array | string): { text: string; wide: boolean } {
    if (typeof chunk === 'string') return { text: chunk, wide: nonAscii.test(chunk) };
    const held = this.utf8.pending;
    const text = this.utf8.decode(chunk);
    // All ASCII exactly when every decoded byte became one UTF-16 unit: no scan needed.
    return { text, wide: text.length !== held + chunk.length - this.utf8.pending };
  }
}

/** Two byte arrays as one. */
function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
