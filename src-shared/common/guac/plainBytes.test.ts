import { describe, expect, it } from 'vitest';
import { encodeInstruction } from './encoder';
import { GuacScanner } from './scanner';

const utf8 = new TextEncoder();
const asText = new TextDecoder();

/** A seeded pseudo-random source, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
}

/** Instructions of mixed sizes; `wide` adds non-ASCII values (two-byte, three-byte and astral). */
function stream(next: (n: number) => number, count: number, wide: boolean): string {
  const values = ['0', '1024', 'image/png', 'x'.repeat(3000), wide ? 'wätcher-👀' : 'watcher', wide ? '✓' : 'ok'];
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const args = Array.from({ length: next(5) }, () => values[next(values.length)] as string);
    out.push(encodeInstruction([['sync', 'img', 'blob', 'rect'][next(4)] as string, ...args]));
  }
  return out.join('');
}

/** The stream cut into random chunks, scanned; each batch's bytes checked against its text. */
function scanAll(bytes: Uint8Array, next: (n: number) => number) {
  const scanner = new GuacScanner(['sync']);
  let text = '';
  let withBytes = 0;
  for (let at = 0; at < bytes.length;) {
    const size = 1 + next(next(2) === 0 ? 8 : 9000);
    const batch = scanner.scan(bytes.subarray(at, at + size));
    at += size;
    if (!batch) continue;
    text += batch.text;
    if (batch.bytes) {
      withBytes += 1;
      expect(asText.decode(batch.bytes)).toBe(batch.text);
    }
  }
  return { text, withBytes };
}

describe('guacd bytes passed on beside the text', () => {
  it('are exactly the text of each batch of a plain ASCII stream, however it is cut', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const next = random(seed);
      const source = stream(next, 60, false);
      const { text, withBytes } = scanAll(utf8.encode(source), next);
      expect(text).toBe(source);
      expect(withBytes).toBeGreaterThan(0);
    }
  });

  it('never disagree with the text where the stream has non-ASCII characters split across chunks', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const next = random(seed);
      const source = stream(next, 60, true);
      expect(scanAll(utf8.encode(source), next).text).toBe(source);
    }
  });

  it('are left out for a batch read from text, and for a batch a relay edited', () => {
    const scanner = new GuacScanner(['sync']);
    expect(scanner.scan('4.sync,1.1;')?.bytes).toBeNull();
    const fromBytes = scanner.scan(utf8.encode('4.sync,1.2;3.nop;'));
    expect(fromBytes?.bytes && asText.decode(fromBytes.bytes)).toBe('4.sync,1.2;3.nop;');
  });

  it('come back once a non-ASCII character is behind the reader', () => {
    const scanner = new GuacScanner([]);
    expect(scanner.scan(utf8.encode('4.name,1.✓;4.na'))?.bytes).toBeNull();
    // The held "4.na" came in the non-ASCII chunk: the batch it ends has no bytes.
    expect(scanner.scan(utf8.encode('me,1.a;3.nop;4.sy'))?.bytes).toBeNull();
    const back = scanner.scan(utf8.encode('nc,1.3;'));
    expect(back?.bytes && asText.decode(back.bytes)).toBe('4.sync,1.3;');
  });
});
