import type { OpenPsmError } from '../errors';
import { guacLimits } from './limits';
import { asciiText } from './ascii';
import { guacMalformed } from './protocolError';

/** One instruction: element 0 is the opcode, the rest its arguments. */
export type GuacInstruction = string[];

/**
 * Which instructions a reader decodes whole, by opcode ('all', or a set that may grow); the
 * rest it only checks and passes on as text.
 */
export type Picks = 'all' | ReadonlySet<string>;

/** Hears each picked instruction, with where its text sits in the run `read` returns: [start, end). */
export type OnPicked = (instruction: GuacInstruction, start: number, end: number) => void;

export const DOT = 46;
export const COMMA = 44;
export const SEMICOLON = 59;

/**
 * Where a reader stands in the instruction it is reading, and guacd's limits on it: what its
 * text path and its byte path share. Positions are in the held run (units, or bytes on the
 * byte path, where the two are the same).
 */
export class ReadState {
  /** Where reading goes on in the held run: just after the last whole element. */
  resumeAt = 0;
  /** Code points of the value being read, or -1 while reading a length prefix. */
  valueLength = -1;
  /** The picked instruction's elements so far; null while the instruction is only passed on. */
  elements: string[] | null = null;
  elementCount = 0;
  /** UTF-8 bytes of the instruction so far. */
  instructionBytes = 0;
  /** UTF-8 bytes of the value's length prefix, its dot and its terminator. */
  prefixBytes = 0;
  /**
   * Whether an opcode of a length and first unit may be picked, by `opcodeKey`: most opcodes
   * are passed over with one look-up, without decoding them. Every opcode too long for the
   * table may be.
   */
  readonly pickable = new Uint8Array(keyedLengths * 128);

  constructor(readonly picks: Picks) {
    if (picks === 'all') this.pickable.fill(1);
    else for (const opcode of picks) this.addPick(opcode);
  }

  /** Decodes this opcode too, from the next instruction on (the set given is the reader's own). */
  addPick(opcode: string): void {
    if (this.picks !== 'all' && !this.picks.has(opcode)) (this.picks as Set<string>).add(opcode);
    const key = opcodeKey(opcode.length, opcode.charCodeAt(0));
    if (key >= 0) this.pickable[key] = 1;
  }

  /** A length prefix of `n` read in `digits` digits: held to guacd's limits; its value comes next. */
  lengthRead(n: number, digits: number): void {
    if (digits === 0) throw guacMalformed('BAD_LENGTH', 'An element has an empty length prefix.');
    if (n > guacLimits.maxElementLength)
      throw guacMalformed(
        'ELEMENT_TOO_LONG',
        `An element of ${n} code points exceeds the limit of ${guacLimits.maxElementLength}.`,
      );
    this.prefixBytes = digits + 2; // digits, the dot, and the terminator after the value
    if (this.instructionBytes + this.prefixBytes + n > guacLimits.maxInstructionBytes) throw tooLong();
    this.valueLength = n;
  }

  /**
   * Whether the element just read is decoded: always inside a picked instruction; for an
   * opcode, when one of its length and first unit is picked (the caller then calls `take`).
   */
  wants(length: number, first: number): boolean {
    if (this.elementCount > 0) return this.elements !== null;
    return this.pickable[opcodeKey(length, first)] !== 0;
  }

  /** Takes a decoded element: an opcode starts a picked instruction when it is picked. */
  take(value: string): void {
    if (this.elementCount > 0) this.elements?.push(value);
    else if (this.picks === 'all' || this.picks.has(value)) this.elements = [value];
  }

  /** The elements of a picked instruction whose opcode is ASCII bytes [start, end), or null when it is not picked. */
  opening(bytes: Uint8Array, start: number, end: number): string[] | null {
    if (this.pickable[opcodeKey(end - start, bytes[start] as number)] === 0) return null;
    const opcode = asciiText(bytes, start, end);
    return this.picks === 'all' || this.picks.has(opcode) ? [opcode] : null;
  }

  /** Throws the error for an instruction past guacd's limits (its `bytes` so far tell which). */
  overLimit(bytes: number): never {
    if (bytes > guacLimits.maxInstructionBytes) throw tooLong();
    throw guacMalformed('TOO_MANY_ELEMENTS', `An instruction has more than ${guacLimits.maxElements} elements.`);
  }

  /** Counts the element just read, of `bytes` UTF-8 bytes, against guacd's limits. */
  counted(bytes: number): void {
    this.instructionBytes += this.prefixBytes + bytes;
    if (this.instructionBytes > guacLimits.maxInstructionBytes) throw tooLong();
    this.elementCount += 1;
    if (this.elementCount > guacLimits.maxElements) this.overLimit(this.instructionBytes);
    this.valueLength = -1;
  }

  /** The instruction is whole: returns it when it was picked, and starts the next. */
  ended(): GuacInstruction | null {
    const picked = this.elements;
    this.elements = null;
    this.elementCount = 0;
    this.instructionBytes = 0;
    return picked;
  }

  /** Starts over (after a failure). */
  reset(): void {
    this.ended();
    this.resumeAt = 0;
    this.valueLength = -1;
  }
}

/** The error for a unit that is neither a length digit nor the dot. */
export function badDigit(found: string): OpenPsmError {
  return guacMalformed('BAD_LENGTH', `Expected a length digit or ".", found ${JSON.stringify(found)}.`);
}

/** The error for a length prefix longer than guacd reads. */
export function tooManyDigits(): OpenPsmError {
  return guacMalformed('BAD_LENGTH', `A length prefix has more than ${guacLimits.maxLengthDigits} digits.`);
}

/** The error for a value not followed by "," or ";". */
export function badTerminator(found: string): OpenPsmError {
  return guacMalformed('BAD_TERMINATOR', `An element ends in ${JSON.stringify(found)} where "," or ";" belongs.`);
}

/** Opcode lengths the pick table tells apart; a longer opcode is always looked up by name. */
const keyedLengths = 32;

/**
 * An opcode's place in the pick table, by its length and first unit: -1 for one the table
 * does not tell apart (too long, or a first unit outside ASCII), which reads as pickable.
 */
function opcodeKey(length: number, first: number): number {
  if (length === 0) return 0; // the tunnel's own opcode, whatever unit follows it
  return length >= keyedLengths || !(first < 128) ? -1 : length * 128 + first;
}

function tooLong(): OpenPsmError {
  return guacMalformed('INSTRUCTION_TOO_LONG', `An instruction exceeds ${guacLimits.maxInstructionBytes} bytes.`);
}
