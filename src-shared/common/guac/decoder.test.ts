import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { captureNames, loadCapture, streamText } from '../../../e2e/fixtures/guacd/captures';
import { GuacDecoder, type GuacInstruction } from './decoder';
import { encodeInstruction } from './encoder';
import { guacLimits } from './limits';
import { OpenPsmError } from '../errors';

const decodeAll = (chunks: (Uint8Array | string)[]): GuacInstruction[] => {
  const decoder = new GuacDecoder();
  const out: GuacInstruction[] = [];
  for (const chunk of chunks) decoder.feed(chunk, (i) => out.push(i));
  expect(decoder.idle).toBe(true);
  return out;
};

/** Splits bytes at pseudo-random points (seeded), so splits fall inside characters and lengths. */
function splitBytes(bytes: Uint8Array, seed: number, maxPiece: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let state = seed;
  for (let i = 0; i < bytes.length;) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const size = 1 + (state % maxPiece);
    pieces.push(bytes.subarray(i, i + size));
    i += size;
  }
  return pieces;
}

describe.each(captureNames())('the capture %s', (name) => {
  const capture = loadCapture(name);
  const s2cChunks = capture.chunks.filter((c) => c.dir === 's2c').map((c) => Buffer.from(c.data, 'utf8'));
  const s2c = Buffer.concat(s2cChunks);

  it('reassembles to the bytes guacd sent (header size and hash)', () => {
    expect(s2c.length).toBe(capture.header.s2c_bytes);
    expect(crypto.createHash('sha256').update(s2c).digest('hex')).toBe(capture.header.s2c_sha256);
  });

  it('decodes, read by read, to exactly the instructions guacd sent', () => {
    const instructions = decodeAll(s2cChunks);
    const counts: Record<string, number> = {};
    for (const [opcode] of instructions) counts[opcode as string] = (counts[opcode as string] ?? 0) + 1;
    expect(counts).toEqual(capture.header.s2c_opcode_counts);
    // Re-encoding every instruction gives back the stream byte for byte.
    expect(instructions.map(encodeInstruction).join('')).toBe(streamText(capture, 's2c'));
  });

  it('decodes the same however the bytes are split, and the c2s stream too', () => {
    const whole = decodeAll([s2c]);
    expect(decodeAll(splitBytes(s2c, 7, 97))).toEqual(whole);
    if (s2c.length < 200_000) expect(decodeAll(splitBytes(s2c, 3, 3))).toEqual(whole);
    const c2s = streamText(capture, 'c2s');
    expect(decodeAll([c2s]).map(encodeInstruction).join('')).toBe(c2s);
  });
});

describe('code points, not bytes or UTF-16 units', () => {
  it('reads the watcher name with an emoji as 17 code points', () => {
    const [instruction] = decodeAll(['4.name,17.fixture-wätcher-👀;']);
    expect(instruction).toEqual(['name', 'fixture-wätcher-👀']);
    expect(encodeInstruction(['name', 'fixture-wätcher-👀'])).toBe('4.name,17.fixture-wätcher-👀;');
  });

  it('keeps a 4-byte character split across every possible chunk boundary', () => {
    const bytes = Buffer.from('3.msg,1.1,2.@a,3.😀x✓;5.hello;');
    for (let cut = 1; cut < bytes.length; cut += 1) {
      expect(decodeAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([['msg', '1', '@a', '😀x✓'], ['hello']]);
    }
    expect(decodeAll([...bytes].map((b) => Uint8Array.of(b)))).toHaveLength(2);
  });

  it('takes text and bytes in the same stream', () => {
    expect(decodeAll(['4.sync,', Buffer.from('3.123;')])).toEqual([['sync', '123']]);
  });

  it('passes the empty opcode through (the tunnel decides what to do with it)', () => {
    expect(decodeAll(['0.,4.ping;'])).toEqual([['', 'ping']]);
  });
});

describe('bad input raises a typed GUAC_MALFORMED error, never a crash', () => {
  const max = guacLimits.maxElementLength;
  it.each([
    ['a letter in a length', '4.sync,x.1;', 'BAD_LENGTH'],
    ['an empty length', '.sync;', 'BAD_LENGTH'],
    ['a negative length', '-1.a;', 'BAD_LENGTH'],
    ['six length digits', '000004.sync;', 'BAD_LENGTH'],
    ['an element over 8192 code points', `4.blob,${max + 1}.`, 'ELEMENT_TOO_LONG'],
    ['129 elements', `3.arg${',1.x'.repeat(128)};`, 'TOO_MANY_ELEMENTS'],
    ['an instruction over 32 KiB', `4.blob${`,${max}.${'A'.repeat(max)}`.repeat(4)};`, 'INSTRUCTION_TOO_LONG'],
    ['a wrong terminator', '4.sync:', 'BAD_TERMINATOR'],
    ['a length longer than its value', '4.syn;x', 'BAD_TERMINATOR'],
    ['garbage', 'GET / HTTP/1.1\r\n', 'BAD_LENGTH'],
  ])('%s', (_name, input, code) => {
    const decoder = new GuacDecoder();
    const error = (() => {
      try {
        decoder.decode(input);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(OpenPsmError);
    expect((error as OpenPsmError).code).toBe('GUAC_MALFORMED');
    expect((error as OpenPsmError).params.fault).toBe(code);
    // A failed stream stays failed.
    expect(() => decoder.decode('3.nop;')).toThrow(expect.objectContaining({ code: 'GUAC_MALFORMED' }));
  });

  it('refuses invalid UTF-8 bytes', () => {
    expect(() => new GuacDecoder().decode(Uint8Array.of(0x33, 0x2e, 0xff, 0xfe, 0xfd, 0x3b))).toThrow(
      expect.objectContaining({ code: 'GUAC_MALFORMED', params: expect.objectContaining({ fault: 'INVALID_UTF8' }) }),
    );
  });

  it('fails fast on an oversized length, before the data arrives', () => {
    const decoder = new GuacDecoder();
    expect(() => decoder.decode(`4.blob,99999.`)).toThrow(
      expect.objectContaining({
        code: 'GUAC_MALFORMED',
        params: expect.objectContaining({ fault: 'ELEMENT_TOO_LONG' }),
      }),
    );
    expect(decoder.buffered).toBe(0);
  });

  it('counts an instruction’s UTF-8 bytes, not its code points, against the 32 KiB limit', () => {
    const wide = '✓'.repeat(8000); // 8000 code points, 24000 bytes
    expect(() => new GuacDecoder().decode(`4.blob,8000.${wide},8000.${wide};`)).toThrow(
      expect.objectContaining({
        code: 'GUAC_MALFORMED',
        params: expect.objectContaining({ fault: 'INSTRUCTION_TOO_LONG' }),
      }),
    );
    expect(new GuacDecoder().decode(`4.blob,8000.${wide};`)).toHaveLength(1);
  });
});
