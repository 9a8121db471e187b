import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const trees = ['src-main', 'src-renderer', 'src-server', 'src-shared'];
const declaration =
  /^export (?:declare )?(?:async )?(?:const|let|function|class|interface|type|enum|abstract class) ([A-Za-z_$][\w$]*)/gm;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.(test|testkit)\.tsx?$|\.d\.ts$/.test(entry.name) ? [full] : [];
  });
}

/** Each exported name declared in more than one file, with those files. */
function namesDeclaredTwice(files: Array<{ file: string; text: string }>): Record<string, string[]> {
  const where = new Map<string, string[]>();
  for (const { file, text } of files)
    for (const [, name] of text.matchAll(declaration)) where.set(name!, [...(where.get(name!) ?? []), file]);
  return Object.fromEntries([...where].filter(([, files]) => new Set(files).size > 1));
}

describe('an exported name means one thing (names explain themselves)', () => {
  it('no exported name is declared in two source files under src-*', () => {
    const files = trees
      .flatMap((tree) => sourceFiles(path.join(root, tree)))
      .map((file) => ({ file: path.relative(root, file), text: fs.readFileSync(file, 'utf8') }));
    expect(namesDeclaredTwice(files)).toEqual({});
  });

  it('finds a name declared twice, whatever the kind of declaration', () => {
    const files = [
      {
        file: 'a/vault.ts',
        text: "export const credentialKindSchema = z.enum(['password', 'private-key']);\nexport type Screen = { width: number };\n",
      },
      { file: 'b/policies.ts', text: "export const credentialKindSchema = z.enum(['shared', 'personal', 'jit']);\n" },
      { file: 'c/sessionManager.ts', text: 'export interface Screen {\n  width: number;\n}\nconst local = 1;\n' },
      { file: 'd/other.ts', text: 'const local = 2;\nexport function unique() {}\n' },
    ];
    expect(namesDeclaredTwice(files)).toEqual({
      credentialKindSchema: ['a/vault.ts', 'b/policies.ts'],
      Screen: ['a/vault.ts', 'c/sessionManager.ts'],
    });
  });
});
