import { GuacReader, type GuacInstruction } from './reader';

export type { GuacInstruction } from './reader';

/**
 * A streaming Guacamole decoder: the reader, decoding every instruction. Feed it chunks as
 * they arrive (bytes or text); it calls back once per complete instruction. Lengths count
 * Unicode code points, a character split across chunks stays intact, and guacd's limits are
 * enforced: a breach, a bad length or garbage throws GUAC_MALFORMED and the decoder refuses
 * everything after. Memory stays bounded: at most one partial instruction is held.
 */
export class GuacDecoder {
  private readonly reader = new GuacReader('all');

  /** Decodes one chunk; calls `onInstruction` for every instruction it completes. */
  feed(chunk: Uint8Array | string, onInstruction: (instruction: GuacInstruction) => void): void {
    this.reader.read(chunk, onInstruction);
  }

  /** Decodes chunks and returns the instructions (convenient for tests; `feed` avoids the array). */
  decode(chunk: Uint8Array | string): GuacInstruction[] {
    const out: GuacInstruction[] = [];
    this.feed(chunk, (instruction) => out.push(instruction));
    return out;
  }

  /** True when no partial instruction or character is pending. */
  get idle(): boolean {
    return this.reader.idle;
  }

  /** Units of text held for the instruction being read (for memory checks). */
  get buffered(): number {
    return this.reader.buffered;
  }
}

/** Every instruction in a run of whole instructions (a relayed message, a test's capture). */
export function decodeInstructions(text: string): GuacInstruction[] {
  return new GuacDecoder().decode(text);
}
