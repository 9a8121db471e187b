import { isAscii } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { captureNames, loadCapture } from '../../../e2e/fixtures/guacd/captures';
import { GuacDecoder, type GuacInstruction } from './decoder';
import { encodeInstruction } from './encoder';
import { isGuacMalformed } from './protocolError';
import { GuacScanner } from './scanner';

/** How many streams to run: 10^5 by default, 10^6 with OPENPSM_FUZZ_RUNS=1000000. */
const runs = Number(process.env['OPENPSM_FUZZ_RUNS'] ?? 100_000);
/** Units a decoder may hold: one partial element (≤ 8192 code points) plus one partial instruction (≤ 32 KiB). */
const memoryBound = 2 * 8192 + 32 * 1024 + 16;

/** A small seeded PRNG, so a failure names a seed that reproduces it. */
function prng(seed: number) {
  let state = seed >>> 0 || 1;
  return (n: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

/** Every capture's instructions, both directions, re-encoded one by one: the material the fuzzer mutates. */
const corpus: string[][] = captureNames()
  .flatMap((name) =>
    (['s2c', 'c2s'] as const).map((dir) =>
      new GuacDecoder()
        .decode(
          loadCapture(name)
            .chunks.filter((c) => c.dir === dir)
            .map((c) => c.data)
            .join('')
            .slice(0, 300_000)
            .replace(/[^;]*$/, ''),
        )
        .map(encodeInstruction),
    ),
  )
  .filter((list) => list.length > 0);

/** A run of whole instructions from a random capture, starting at an instruction boundary. */
function pick(rand: (n: number) => number): Buffer {
  const list = corpus[rand(corpus.length)] as string[];
  const start = rand(list.length);
  return Buffer.from(list.slice(start, start + 1 + rand(12)).join(''));
}

const interesting = ['.', ',', ';', '9999.', '8193.', '0.', '-1.', '\u00e9', '😀', '\uFFFD', '99999', '00000.'].map(
  (s) => Buffer.from(s),
);

function mutate(input: Buffer, rand: (n: number) => number): Buffer {
  const bytes = Buffer.from(input);
  const parts: Buffer[] = [bytes];
  const edits = 1 + rand(4);
  for (let e = 0; e < edits; e += 1) {
    const target = Buffer.concat(parts.splice(0));
    const at = rand(target.length + 1);
    switch (rand(6)) {
      case 0: // flip a byte
        if (target.length > 0) target[at % target.length] = rand(256);
        parts.push(target);
        break;
      case 1: // insert random bytes
        parts.push(
          target.subarray(0, at),
          Buffer.from(Array.from({ length: 1 + rand(8) }, () => rand(256))),
          target.subarray(at),
        );
        break;
      case 2: // delete a range
        parts.push(target.subarray(0, at), target.subarray(Math.min(target.length, at + 1 + rand(64))));
        break;
      case 3: // insert a token that matters to the grammar
        parts.push(target.subarray(0, at), interesting[rand(interesting.length)] as Buffer, target.subarray(at));
        break;
      case 4: // duplicate a range
        parts.push(target.subarray(0, at), target.subarray(at, at + rand(256)), target.subarray(at));
        break;
      default: // truncate
        parts.push(target.subarray(0, at));
    }
  }
  return Buffer.concat(parts);
}

function feedInPieces(decoder: GuacDecoder, bytes: Buffer, rand: (n: number) => number, out: GuacInstruction[]): void {
  for (let i = 0; i < bytes.length;) {
    const size = 1 + rand(rand(2) === 0 ? 8 : 4096);
    decoder.feed(bytes.subarray(i, i + size), (x) => out.push(x));
    expect(decoder.buffered).toBeLessThanOrEqual(memoryBound);
    i += size;
  }
}

describe(`the codec under ${runs} random and mutated streams`, () => {
  it('never crashes: every stream decodes or fails with GUAC_MALFORMED, in bounded memory', () => {
    const rand = prng(0x5eed);
    let failures = 0;
    let decoded = 0;
    for (let run = 0; run < runs; run += 1) {
      const roll = rand(10);
      const input =
        roll === 0
          ? Buffer.from(Array.from({ length: rand(512) }, () => rand(256)))
          : roll < 3
            ? pick(rand)
            : mutate(pick(rand), rand);
      const decoder = new GuacDecoder();
      const out: GuacInstruction[] = [];
      try {
        feedInPieces(decoder, input, rand, out);
        decoded += out.length;
      } catch (error) {
        if (!isGuacMalformed(error)) throw new Error(`run ${run}: ${String(error)}`, { cause: error });
        failures += 1;
      }
    }
    // The fuzzer reached both outcomes, so it is exercising the parser, not just its first check.
    expect(failures).toBeGreaterThan(runs / 10);
    expect(decoded).toBeGreaterThan(runs);
    expect(failures).toBeLessThan(runs * 0.9);
  });

  it('round-trips whole instructions however they are chunked', () => {
    const rand = prng(42);
    for (let run = 0; run < Math.min(runs, 20_000); run += 1) {
      const text = pick(rand).toString();
      const all = new GuacDecoder().decode(text);
      const out: GuacInstruction[] = [];
      feedInPieces(new GuacDecoder(), Buffer.from(text), rand, out);
      expect(out).toEqual(all);
    }
  });

  it.each([
    ['text path', null],
    ['byte path (ASCII chunks as bytes)', isAscii],
  ])(
    'the pass-through scanner agrees with the decoder on its %s: the same text and failures, and picks exactly what it is asked',
    (_path, check) => {
      const rand = prng(7);
      for (let run = 0; run < Math.min(runs, 5_000); run += 1) {
        const input = rand(2) === 0 ? pick(rand) : mutate(pick(rand), rand);
        const decoded: GuacInstruction[] = [];
        let decoderFailed = false;
        try {
          feedInPieces(new GuacDecoder(), input, rand, decoded);
        } catch {
          decoderFailed = true;
        }
        const scanner = new GuacScanner(['sync', 'blob'], check);
        const passed: GuacInstruction[] = [];
        const picked: GuacInstruction[] = [];
        let scannerFailed = false;
        try {
          for (let i = 0; i < input.length;) {
            const size = 1 + rand(4096);
            const batch = scanner.scan(input.subarray(i, i + size));
            passed.push(...(batch ? new GuacDecoder().decode(batch.text) : []));
            // Bytes passed on are exactly the batch's text.
            if (batch?.bytes) expect(Buffer.from(batch.bytes).toString('latin1')).toBe(batch.text);
            for (const p of batch?.picked ?? []) picked.push(p.instruction);
            i += size;
          }
        } catch (error) {
          if (!isGuacMalformed(error)) throw error;
          scannerFailed = true;
        }
        expect(scannerFailed).toBe(decoderFailed);
        // A failing stream ends at the failing read, which depends on the chunking: one side's
        // instructions are then a prefix of the other's.
        const shared = decoderFailed ? Math.min(passed.length, decoded.length) : decoded.length;
        expect(passed.slice(0, shared)).toEqual(decoded.slice(0, shared));
        if (!decoderFailed) expect(passed).toHaveLength(decoded.length);
        expect(picked).toEqual(passed.filter((i) => i[0] === 'sync' || i[0] === 'blob'));
      }
    },
  );
});
