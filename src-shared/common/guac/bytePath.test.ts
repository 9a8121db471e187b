import { isAscii } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { encodeInstruction } from './encoder';
import { editInstructions, GuacScanner, type GuacBatch } from './scanner';

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
  const scanner = new GuacScanner(['sync'], isAscii);
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

describe("the reader's byte path: guacd's ASCII bytes passed on as they came", () => {
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

  it('are left out for a batch read from text, for a reader without an ASCII check, and for a batch a relay edited', () => {
    const scanner = new GuacScanner(['sync'], isAscii);
    expect(scanner.scan('4.sync,1.1;')?.bytes).toBeNull();
    const fromBytes = scanner.scan(utf8.encode('4.sync,1.2;3.nop;'));
    expect(fromBytes?.bytes && asText.decode(fromBytes.bytes)).toBe('4.sync,1.2;3.nop;');
    expect(fromBytes?.picked.map((p) => p.instruction)).toEqual([['sync', '2']]);
    expect(new GuacScanner(['sync']).scan(utf8.encode('4.sync,1.2;'))?.bytes).toBeNull();
    const edited = editInstructions(fromBytes as GuacBatch, () => '4.sync,1.3;');
    expect(edited?.bytes).toBeUndefined();
    expect(edited?.text).toBe('4.sync,1.3;3.nop;');
  });

  it('come back once the reader holds no non-ASCII character, the held part passed on as bytes', () => {
    const scanner = new GuacScanner([], isAscii);
    expect(scanner.scan(utf8.encode('4.name,1.✓;4.na'))?.bytes).toBeNull();
    // The held "4.na" is ASCII: the next ASCII chunk goes on as bytes, the held part with it.
    const next = scanner.scan(utf8.encode('me,1.a;3.nop;4.sy'));
    expect(next?.bytes && asText.decode(next.bytes)).toBe('4.name,1.a;3.nop;');
    // A held part with a non-ASCII character keeps the reader on text until it is passed on.
    expect(scanner.scan(utf8.encode('nc,1.3;4.name,2.é'))?.bytes).toBeDefined();
    expect(scanner.scan(utf8.encode('x;'))?.bytes).toBeNull();
    const back = scanner.scan(utf8.encode('4.sync,1.4;'));
    expect(back?.bytes && asText.decode(back.bytes)).toBe('4.sync,1.4;');
  });

  it('keep a character split across chunks on the text path until it is whole', () => {
    const scanner = new GuacScanner([], isAscii);
    const bytes = utf8.encode('4.name,1.é;3.nop;');
    expect(scanner.scan(bytes.subarray(0, 10))).toBeNull(); // ends inside "é"
    const batch = scanner.scan(bytes.subarray(10));
    expect(batch?.text).toBe('4.name,1.é;3.nop;');
    expect(batch?.bytes).toBeNull();
  });

  it('hold a copy of the partial instruction, not the chunk it came in', () => {
    const scanner = new GuacScanner([], isAscii);
    const chunk = utf8.encode('3.nop;4.sync,1.');
    expect(asText.decode(scanner.scan(chunk)?.bytes ?? new Uint8Array())).toBe('3.nop;');
    chunk.fill(0x21); // the socket's buffer may be reused
    expect(scanner.scan(utf8.encode('5;'))?.text).toBe('4.sync,1.5;');
  });

  it('pick opcodes the look-up table cannot tell apart (long, or not ASCII) by name, and the empty opcode, on both paths', () => {
    const long = 'x'.repeat(40);
    const other = 'x'.repeat(39) + 'y';
    for (const check of [null, isAscii]) {
      const scanner = new GuacScanner([long, 'é', ''], check);
      const batch = scanner.scan(utf8.encode(encodeInstruction([other, '1']) + encodeInstruction([long, '2'])));
      expect(batch?.picked.map((p) => p.instruction)).toEqual([[long, '2']]);
      const wide = scanner.scan(utf8.encode(encodeInstruction(['é', '3']) + encodeInstruction(['e', '4'])));
      expect(wide?.picked.map((p) => p.instruction)).toEqual([['é', '3']]);
      // The tunnel's own (empty) opcode, as main's link to the gateway picks it.
      const own = scanner.scan(utf8.encode(encodeInstruction(['', 'ready', 'x']) + encodeInstruction(['e', '5'])));
      expect(own?.picked.map((p) => p.instruction)).toEqual([['', 'ready', 'x']]);
    }
  });
});
