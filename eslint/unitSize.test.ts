import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were the file at `file`, with the project's own config; returns the size rules' messages. */
async function sizeErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'max-lines-per-function' || m.ruleId === 'max-lines')
    .map((m) => `${m.ruleId}: ${m.message}`);
}

/** A function of `lines` statements, each on its own line, with blank lines and comments between that do not count. */
function functionOf(lines: number): string {
  const body = Array.from({ length: lines - 2 }, (_, i) => `  total += ${i};\n\n  // a comment\n`).join('');
  return `export function long(): number {\n  let total = 0;\n${body}  return total;\n}\n`;
}

/** `count` short functions: a file of about 5 × count lines. */
function fileOf(count: number): string {
  return Array.from(
    { length: count },
    (_, i) => `export function f${i}(): number {\n  const x = ${i};\n  return x;\n}\n`,
  ).join('\n');
}

describe('no function over 80 lines, no file over 300 (lint, issue 20)', () => {
  it.each(['src-server/x.ts', 'src-main/x.ts', 'src-shared/common/x.ts', 'src-renderer/x.tsx'])(
    '%s: a function of 81 lines fails lint',
    async (file) => {
      const errors = await sizeErrors(file, functionOf(79));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('max-lines-per-function');
      expect(errors[0]).toContain('(81)');
    },
  );

  it('blank lines and comments do not count: a function of 80 lines passes', async () => {
    expect(await sizeErrors('src-server/x.ts', functionOf(78))).toEqual([]);
  });

  it('a source file over 300 lines fails lint', async () => {
    const errors = await sizeErrors('src-server/x.ts', fileOf(61));
    expect(errors.some((e) => e.startsWith('max-lines:'))).toBe(true);
  });

  it('tests are exempt', async () => {
    expect(await sizeErrors('src-server/x.test.ts', functionOf(79) + fileOf(61))).toEqual([]);
  });
});
