import { guacLimits } from './limits';
import type { OpenPsmError } from '../errors';
import { guacMalformed, isGuacMalformed } from './protocolError';
import { nonAscii, surrogate, utf8Length } from './text';
import { Utf8Chunks } from './utf8Chunks';

/** One instruction: element 0 is the opcode, the rest its arguments. */
export type GuacInstruction = string[];

const DOT = 46;
const COMMA = 44;
const SEMICOLON = 59;

/**
 * A streaming Guacamole decoder. Feed it chunks as they arrive (bytes or text); it calls
 * back once per complete instruction. Lengths count Unicode code points, a character split
 * across chunks stays intact, and guacd's limits are enforced: a breach, a bad length or
 * garbage throws GUAC_MALFORMED and the decoder refuses everything after. Memory stays
 * bounded: at most one partial instruction is held.
 */
export class GuacDecoder {
  private readonly utf8 = new Utf8Chunks();
  /** Unparsed text, starting at the current element's length prefix or value. */
  private buffer = '';
  private astral = false;
  private wide = false;
  /** Elements of the instruction being read. */
  private elements: string[] = [];
  private instructionBytes = 0;
  /** Code points of the value being read, or -1 while reading a length prefix. */
  private valueLength = -1;
  private prefixBytes = 0;
  private failure: OpenPsmError | null = null;

  /** Decodes one chunk; calls `onInstruction` for every instruction it completes. */
  feed(chunk: Uint8Array | string, onInstruction: (instruction: GuacInstruction) => void): void {
    if (this.failure) throw this.failure;
    try {
      let text: string;
      let wide: boolean;
      if (typeof chunk === 'string') {
        text = chunk;
        wide = nonAscii.test(text);
      } else {
        const held = this.utf8.pending;
        text = this.utf8.decode(chunk);
        // All ASCII exactly when every decoded byte became one UTF-16 unit: no scan needed.
        wide = text.length !== held + chunk.length - this.utf8.pending;
      }
      if (text.length === 0) return;
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
      this.parse(onInstruction);
    } catch (error) {
      this.failure = isGuacMalformed(error) ? error : guacMalformed('DECODER_FAILED', String(error));
      this.buffer = '';
      this.elements = [];
      throw this.failure;
    }
  }

  /** Decodes chunks and returns the instructions (convenient for tests; `feed` avoids the array). */
  decode(chunk: Uint8Array | string): GuacInstruction[] {
    const out: GuacInstruction[] = [];
    this.feed(chunk, (instruction) => out.push(instruction));
    return out;
  }

  /** True when no partial instruction or character is pending. */
  get idle(): boolean {
    return this.buffer.length === 0 && this.elements.length === 0 && this.valueLength < 0 && this.utf8.pending === 0;
  }

  /** Units of text held for the instruction being read (for memory checks). */
  get buffered(): number {
    return this.buffer.length + this.elements.reduce((sum, e) => sum + e.length, 0);
  }

  private parse(onInstruction: (instruction: GuacInstruction) => void): void {
    const buffer = this.buffer;
    const length = buffer.length;
    const astral = this.astral;
    const wide = this.wide;
    let valueLength = this.valueLength;
    let i = 0;
    for (;;) {
      if (valueLength < 0) {
        let n = 0;
        let j = i;
        for (; j < length; j += 1) {
          const c = buffer.charCodeAt(j);
          if (c === DOT) break;
          if (c < 48 || c > 57)
            throw guacMalformed('BAD_LENGTH', `Expected a length digit or ".", found ${JSON.stringify(buffer[j])}.`);
          n = n * 10 + (c - 48);
          if (j - i >= guacLimits.maxLengthDigits)
            throw guacMalformed('BAD_LENGTH', `A length prefix has more than ${guacLimits.maxLengthDigits} digits.`);
        }
        if (j >= length) break;
        if (j === i) throw guacMalformed('BAD_LENGTH', 'An element has an empty length prefix.');
        if (n > guacLimits.maxElementLength)
          throw guacMalformed(
            'ELEMENT_TOO_LONG',
            `An element of ${n} code points exceeds the limit of ${guacLimits.maxElementLength}.`,
          );
        this.prefixBytes = j - i + 2; // digits, the dot, and the terminator after the value
        if (this.instructionBytes + this.prefixBytes + n > guacLimits.maxInstructionBytes) throw tooLong();
        valueLength = n;
        i = j + 1;
      }
      let end: number;
      if (!astral) {
        end = i + valueLength;
        if (end >= length) break;
      } else {
        end = i;
        let points = 0;
        while (points < valueLength && end < length) {
          const c = buffer.charCodeAt(end);
          end += c >= 0xd800 && c <= 0xdbff && end + 1 < length ? 2 : 1;
          points += 1;
        }
        if (points < valueLength || end >= length) break;
      }
      const terminator = buffer.charCodeAt(end);
      if (terminator !== COMMA && terminator !== SEMICOLON)
        throw guacMalformed(
          'BAD_TERMINATOR',
          `An element ends in ${JSON.stringify(buffer[end])} where "," or ";" belongs.`,
        );
      this.instructionBytes += this.prefixBytes + (wide ? utf8Length(buffer, i, end) : end - i);
      if (this.instructionBytes > guacLimits.maxInstructionBytes) throw tooLong();
      this.elements.push(buffer.slice(i, end));
      if (this.elements.length > guacLimits.maxElements)
        throw guacMalformed('TOO_MANY_ELEMENTS', `An instruction has more than ${guacLimits.maxElements} elements.`);
      valueLength = -1;
      i = end + 1;
      if (terminator === SEMICOLON) {
        const instruction = this.elements;
        this.elements = [];
        this.instructionBytes = 0;
        onInstruction(instruction);
      }
    }
    this.valueLength = valueLength;
    this.buffer = i === 0 ? buffer : buffer.slice(i);
    if (i > 0) {
      this.astral = this.astral && surrogate.test(this.buffer);
      this.wide = this.wide && nonAscii.test(this.buffer);
    }
  }
}

function tooLong(): OpenPsmError {
  return guacMalformed('INSTRUCTION_TOO_LONG', `An instruction exceeds ${guacLimits.maxInstructionBytes} bytes.`);
}
