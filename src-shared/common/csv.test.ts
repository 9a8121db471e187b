import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from './csv';

/** Cases per fuzz test: 2·10^4 by default, more with OPENPSM_FUZZ_RUNS. */
const runs = Number(process.env['OPENPSM_FUZZ_RUNS'] ?? 20_000);

/** A small seeded generator (mulberry32), so a failing case can be replayed. */
function random(seed: number) {
  let a = seed;
  return (n: number) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n;
  };
}

const alphabet = ['a', 'Z', '9', ' ', ',', '"', '\n', '\r', '\r\n', ';', 'é', '💻', '\t'];

describe('parseCsv', () => {
  it('reads plain, quoted and multi-line fields, naming the line each record starts on', () => {
    const text = '\uFEFFname,host\r\nweb,"10.0.0.1"\n"a, ""b""","two\nlines"\n\nlast,x';
    expect(parseCsv(text)).toEqual({
      records: [
        { line: 1, cells: ['name', 'host'] },
        { line: 2, cells: ['web', '10.0.0.1'] },
        { line: 3, cells: ['a, "b"', 'two\nlines'] },
        { line: 6, cells: ['last', 'x'] },
      ],
    });
  });

  it('keeps empty cells and a trailing comma', () => {
    expect(parseCsv('a,,b,\n').records).toEqual([{ line: 1, cells: ['a', '', 'b', ''] }]);
  });

  it('names the line of an unclosed quote, and of text after a closing quote', () => {
    expect(parseCsv('a,b\n"open,x\ny').problem).toEqual({ line: 2, message: expect.stringContaining('never closed') });
    expect(parseCsv('a\n"q"x,1').problem).toEqual({ line: 2, message: expect.stringContaining('after its closing') });
    expect(parseCsv('a\nb"c').problem?.line).toBe(2);
  });
});

describe('parseCsv fuzzed', () => {
  it('reads back what formatCsv wrote, for random cells', () => {
    const next = random(20261202);
    for (let run = 0; run < runs; run += 1) {
      const rows = Array.from({ length: 1 + Math.floor(next(4)) }, () =>
        Array.from({ length: 1 + Math.floor(next(5)) }, () =>
          Array.from({ length: Math.floor(next(6)) }, () => alphabet[Math.floor(next(alphabet.length))]).join(''),
        ),
      );
      const parsed = parseCsv(formatCsv(rows));
      expect(parsed.problem, JSON.stringify(rows)).toBeUndefined();
      expect(
        parsed.records.map((r) => r.cells),
        JSON.stringify(rows),
      ).toEqual(rows);
    }
  });

  it('never throws on random text, and a problem names a line that exists', () => {
    const next = random(4242);
    for (let run = 0; run < runs; run += 1) {
      const text = Array.from({ length: Math.floor(next(40)) }, () => alphabet[Math.floor(next(alphabet.length))]).join(
        '',
      );
      const parsed = parseCsv(text);
      const lines = text.split(/\r\n|\r|\n/).length;
      for (const record of parsed.records) expect(record.line).toBeLessThanOrEqual(lines);
      if (parsed.problem) expect(parsed.problem.line).toBeLessThanOrEqual(lines);
    }
  });
});
