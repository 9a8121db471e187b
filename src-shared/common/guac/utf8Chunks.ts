import { guacMalformed } from './protocolError';

interface Utf8Decoder {
  decode(input: Uint8Array): string;
}
type DecoderClass = new (label: string, options: { fatal: boolean }) => Utf8Decoder;

/** TextDecoder exists in browsers and Node alike; common code reaches it through globalThis. */
const Decoder = (globalThis as unknown as { TextDecoder: DecoderClass }).TextDecoder;

/** Bytes the last, possibly incomplete, UTF-8 character of `bytes` is still missing; 0 when complete. */
export function incompleteTail(bytes: Uint8Array): number {
  const len = bytes.length;
  for (let k = 1; k <= 3 && k <= len; k += 1) {
    const b = bytes[len - k] as number;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}

/**
 * Turns a byte stream into text chunk by chunk. A character split across chunks is held
 * back (at most 3 bytes) and finished with the next chunk. Each complete part is decoded
 * in one non-streaming, fatal call (the fast path). Invalid UTF-8 raises INVALID_UTF8.
 */
export class Utf8Chunks {
  private readonly decoder = new Decoder('utf-8', { fatal: true });
  private carry: Uint8Array | null = null;

  decode(bytes: Uint8Array): string {
    let head = '';
    let body = bytes;
    if (this.carry) {
      // Finish the held-back character with the continuation bytes at the start of this chunk.
      const carried = this.carry;
      let take = 0;
      while (take < body.length && take < 3 && ((body[take] as number) & 0xc0) === 0x80) take += 1;
      const joined = new Uint8Array(carried.length + take);
      joined.set(carried);
      joined.set(body.subarray(0, take), carried.length);
      body = body.subarray(take);
      this.carry = null;
      if (incompleteTail(joined) > 0 && body.length === 0) {
        this.carry = joined;
        return '';
      }
      head = this.run(joined);
    }
    const tail = incompleteTail(body);
    if (tail > 0) {
      this.carry = body.slice(body.length - tail);
      body = body.subarray(0, body.length - tail);
    }
    return body.length === 0 ? head : head + this.run(body);
  }

  /** Bytes held back, waiting for the rest of their character. */
  get pending(): number {
    return this.carry?.length ?? 0;
  }

  private run(bytes: Uint8Array): string {
    try {
      return this.decoder.decode(bytes);
    } catch {
      throw guacMalformed('INVALID_UTF8', 'The stream is not valid UTF-8.');
    }
  }
}
