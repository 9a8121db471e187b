import { guacLimits } from './limits';
import type { OpenPsmError } from '../errors';
import { guacMalformed, isGuacMalformed } from './protocolError';
import { nonAscii, surrogate, utf8Length } from './text';
import { Utf8Chunks } from './utf8Chunks';

/** One instruction: element 0 is the opcode, the rest its arguments. */
export type GuacInstruction = string[];

/**
 * Which instructions a reader decodes whole, by opcode ('all', or a set that may grow); the
 * rest it only checks and passes on as text.
 */
export type Picks = 'all' | ReadonlySet<string>;

/** Hears each picked instruction, with where its text sits in the run `read` returns: [start, end). */
export type OnPicked = (instruction: GuacInstruction, start: number, end: number) => void;

const DOT = 46;
const COMMA = 44;
const SEMICOLON = 59;

/**
 * The one Guacamole reader (the decoder and the pass-through scanner are both this). Feed it
 * chunks as they arrive (bytes or text); it returns the text of the whole instructions each
 * chunk completes, exactly as they came, and decodes only the instructions `pick` asks for.
 * Every instruction is held to guacd's limits either way: lengths count Unicode code points,
 * a character split across chunks stays intact, and a breach, a bad length or garbage throws
 * GUAC_MALFORMED, after which the reader refuses everything. At most one partial instruction
 * is held.
 */
export class GuacReader {
  private readonly utf8 = new Utf8Chunks();
  /** Text from the start of the instruction being read. */
  private buffer = '';
  private astral = false;
  private wide = false;
  /** Where reading goes on in `buffer`: just after the last whole element. */
  private resumeAt = 0;
  /** The picked instruction's elements so far; null while the instruction is only passed on. */
  private elements: string[] | null = null;
  private elementCount = 0;
  private instructionBytes = 0;
  /** Code points of the value being read, or -1 while reading a length prefix. */
  private valueLength = -1;
  private prefixBytes = 0;
  private failure: OpenPsmError | null = null;
  /** Whether the last chunk read was bytes that were all ASCII, whole in themselves (one byte a unit). */
  private plain = false;

  /** Each picked opcode's length and first unit, so most opcodes are passed over without a slice. */
  private readonly pickKeys = new Set<number>();

  constructor(private readonly picks: Picks) {
    if (picks !== 'all') for (const opcode of picks) this.pickKeys.add(opcodeKey(opcode.length, opcode.charCodeAt(0)));
  }

  /** Decodes this opcode too, from the next instruction on (the set given is the reader's own). */
  addPick(opcode: string): void {
    if (this.picks !== 'all' && !this.picks.has(opcode)) (this.picks as Set<string>).add(opcode);
    this.pickKeys.add(opcodeKey(opcode.length, opcode.charCodeAt(0)));
  }

  /**
   * Reads one chunk; returns the text of the instructions it completes ('' when none), and
   * calls `onPicked` for each picked one among them, in order, with its place in that text.
   */
  read(chunk: Uint8Array | string, onPicked: OnPicked): string {
    if (this.failure) throw this.failure;
    try {
      const { text, wide } = this.text(chunk);
      if (text.length === 0) return '';
      const astral = wide && surrogate.test(text);
      if (this.buffer.length === 0) {
        this.buffer = text;
        this.astral = astral;
        this.wide = wide;
      } else {
        this.buffer += text;
        this.astral ||= astral;
        this.wide ||= wide;
      }
      return this.parse(onPicked);
    } catch (error) {
      this.failure = isGuacMalformed(error) ? error : guacMalformed('DECODER_FAILED', String(error));
      this.buffer = '';
      this.elements = null;
      throw this.failure;
    }
  }

  /** True when no partial instruction or character is pending. */
  get idle(): boolean {
    return this.buffer.length === 0 && this.elementCount === 0 && this.utf8.pending === 0;
  }

  /**
   * True when the last chunk read was bytes, all ASCII, with no character carried into or out of
   * it: its text and its bytes then match unit for byte (a relay may pass the bytes on).
   */
  get lastChunkPlain(): boolean {
    return this.plain;
  }

  /** Units of text held for the instruction being read (for memory checks). */
  get buffered(): number {
    return this.buffer.length;
  }

  private text(chunk: Uint8Array | string): { text: string; wide: boolean } {
    this.plain = false;
    if (typeof chunk === 'string') return { text: chunk, wide: nonAscii.test(chunk) };
    const held = this.utf8.pending;
    const text = this.utf8.decode(chunk);
    // All ASCII exactly when every decoded byte became one UTF-16 unit: no scan needed.
    const wide = text.length !== held + chunk.length - this.utf8.pending;
    this.plain = !wide && held === 0 && this.utf8.pending === 0;
    return { text, wide };
  }

  /** Reads a length prefix at `i`; returns the index of its dot, or -1 when the prefix is not all here. */
  private prefixAt(buffer: string, i: number): number {
    let n = 0;
    let j = i;
    for (; j < buffer.length; j += 1) {
      const c = buffer.charCodeAt(j);
      if (c === DOT) break;
      if (c < 48 || c > 57)
        throw guacMalformed('BAD_LENGTH', `Expected a length digit or ".", found ${JSON.stringify(buffer[j])}.`);
      n = n * 10 + (c - 48);
      if (j - i >= guacLimits.maxLengthDigits)
        throw guacMalformed('BAD_LENGTH', `A length prefix has more than ${guacLimits.maxLengthDigits} digits.`);
    }
    if (j >= buffer.length) return -1;
    if (j === i) throw guacMalformed('BAD_LENGTH', 'An element has an empty length prefix.');
    if (n > guacLimits.maxElementLength)
      throw guacMalformed(
        'ELEMENT_TOO_LONG',
        `An element of ${n} code points exceeds the limit of ${guacLimits.maxElementLength}.`,
      );
    this.prefixBytes = j - i + 2; // digits, the dot, and the terminator after the value
    if (this.instructionBytes + this.prefixBytes + n > guacLimits.maxInstructionBytes) throw tooLong();
    this.valueLength = n;
    return j;
  }

  /** Where a value of `points` code points starting at `i` ends, or -1 when it is not all here. */
  private valueEnd(buffer: string, i: number, points: number): number {
    if (!this.astral) return i + points < buffer.length ? i + points : -1;
    let end = i;
    let counted = 0;
    while (counted < points && end < buffer.length) {
      const c = buffer.charCodeAt(end);
      end += c >= 0xd800 && c <= 0xdbff && end + 1 < buffer.length ? 2 : 1;
      counted += 1;
    }
    return counted < points || end >= buffer.length ? -1 : end;
  }

  private parse(onPicked: OnPicked): string {
    const buffer = this.buffer;
    let i = this.resumeAt;
    let start = 0; // where the instruction being read starts in `buffer`
    for (;;) {
      if (this.valueLength < 0) {
        const dot = this.prefixAt(buffer, i);
        if (dot < 0) break;
        i = dot + 1;
      }
      const end = this.valueEnd(buffer, i, this.valueLength);
      if (end < 0) break;
      const terminator = buffer.charCodeAt(end);
      if (terminator !== COMMA && terminator !== SEMICOLON)
        throw guacMalformed(
          'BAD_TERMINATOR',
          `An element ends in ${JSON.stringify(buffer[end])} where "," or ";" belongs.`,
        );
      this.instructionBytes += this.prefixBytes + (this.wide ? utf8Length(buffer, i, end) : end - i);
      if (this.instructionBytes > guacLimits.maxInstructionBytes) throw tooLong();
      this.element(buffer, i, end);
      this.valueLength = -1;
      i = end + 1;
      if (terminator === SEMICOLON) {
        const picked = this.elements;
        this.elements = null;
        this.elementCount = 0;
        this.instructionBytes = 0;
        if (picked) onPicked(picked, start, i);
        start = i;
      }
    }
    return this.keepFrom(buffer, start, i);
  }

  /** Counts one whole element; the opcode decides whether the instruction is decoded whole. */
  private element(buffer: string, i: number, end: number): void {
    if (this.elementCount === 0) {
      if (this.picks === 'all' || this.pickKeys.has(opcodeKey(end - i, buffer.charCodeAt(i)))) {
        const opcode = buffer.slice(i, end);
        if (this.picks === 'all' || this.picks.has(opcode)) this.elements = [opcode];
      }
    } else if (this.elements) this.elements.push(buffer.slice(i, end));
    this.elementCount += 1;
    if (this.elementCount > guacLimits.maxElements)
      throw guacMalformed('TOO_MANY_ELEMENTS', `An instruction has more than ${guacLimits.maxElements} elements.`);
  }

  /** Keeps the partial instruction from `start` on; returns the whole ones before it. */
  private keepFrom(buffer: string, start: number, resume: number): string {
    this.resumeAt = resume - start;
    if (start === 0) return '';
    this.buffer = buffer.slice(start);
    this.astral = this.astral && surrogate.test(this.buffer);
    this.wide = this.wide && nonAscii.test(this.buffer);
    return buffer.slice(0, start);
  }
}

/** An opcode's length in units and its first unit (NaN for the empty opcode, kept apart as -1). */
function opcodeKey(length: number, first: number): number {
  return length === 0 ? -1 : length * 65536 + first;
}

function tooLong(): OpenPsmError {
  return guacMalformed('INSTRUCTION_TOO_LONG', `An instruction exceeds ${guacLimits.maxInstructionBytes} bytes.`);
}
