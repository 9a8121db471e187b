import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './importCycles';

const root = path.resolve(import.meta.dirname, '..');

describe('import cycles', () => {
  it.each(['src-server', 'src-main', 'src-renderer', 'src-shared'])('%s has none', (tree) => {
    expect(importCycles(importGraph(path.join(root, tree)))).toEqual([]);
  });

  describe('the check finds a cycle made by a bad import', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-cycles-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (files: Record<string, string>) => {
      fs.rmSync(dir, { recursive: true, force: true });
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
    };

    it.each([
      [
        'a type-only import back',
        {
          'index.ts': "import { seed } from './demo';\nexport const open = () => seed;\n",
          'demo.ts': "import type { open } from './index';\nexport const seed = (o: typeof open) => o;\n",
        },
        [['demo.ts', 'index.ts']],
      ],
      [
        'a loop through three folders',
        {
          'db/mfa.ts': "import { v } from '../identity/totp';\nexport const m = v;\n",
          'identity/totp.ts': "import { h } from '../http/io';\nexport const v = h;\n",
          'http/io.ts': "export { m as h } from '../db/mfa';\n",
        },
        [['db/mfa.ts', 'http/io.ts', 'identity/totp.ts']],
      ],
      [
        'a dynamic import back',
        {
          'stores.ts': "export const open = () => import('./s3Store');\nexport type Store = { put(): void };\n",
          's3Store.ts': "import type { Store } from './stores';\nexport const s: Store | null = null;\n",
        },
        [['s3Store.ts', 'stores.ts']],
      ],
      [
        'a file importing itself',
        { 'self.ts': "export { a } from './self.js';\nexport const b = 1;\n" },
        [['self.ts']],
      ],
      [
        'a folder index',
        {
          'a.ts': "import { b } from './b';\nexport const a = b;\n",
          'b/index.ts': "import { a } from '../a';\nexport const b = a;\n",
        },
        [['a.ts', 'b/index.ts']],
      ],
      [
        'no loop, and tests and test kits aside',
        {
          'a.ts': "import { b } from './b';\nexport const a = b;\n",
          'b.ts': 'export const b = 1;\n',
          'b.test.ts': "import { a } from './a';\nexport const t = a;\n",
          'b.testkit.ts': "import { a } from './a';\nexport const k = a;\n",
        },
        [],
      ],
    ])('%s', (_name, files, expected) => {
      write(files);
      expect(importCycles(importGraph(dir))).toEqual(expected);
    });
  });
});
