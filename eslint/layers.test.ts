import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were the file at `file`, with the project's own config; returns the layer messages. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'openpsm/layers').map((m) => m.message);
}

describe('the import graph is enforced by lint (architecture rule 1)', () => {
  it.each([
    ['src-shared/common/x.ts', "import fs from 'node:fs';", 'Node built-in'],
    ['src-shared/common/x.ts', "import path from 'path';", 'Node built-in'],
    ['src-shared/common/x.ts', "import { app } from 'electron';", "only src-main/electron/ may import 'electron'"],
    ['src-shared/common/x.ts', "import { createLogger } from '../node/logger';", 'may not import from shared-node'],
    ['src-shared/common/x.ts', "export { x } from '@main/appCore';", 'may not import from main'],
    ['src-shared/node/x.ts', "import type { App } from 'electron';", "only src-main/electron/ may import 'electron'"],
    ['src-shared/node/x.ts', "import { startServer } from '@server/index';", 'may not import from server'],
    ['src-renderer/Bad.tsx', "import fs from 'node:fs';", 'Node built-in'],
    [
      'src-renderer/Bad.tsx',
      "import { ipcRenderer } from 'electron';",
      "only src-main/electron/ may import 'electron'",
    ],
    ['src-renderer/Bad.tsx', "import { createLogger } from '@shared/node/logger';", 'may not import from shared-node'],
    ['src-renderer/Bad.tsx', "import { createAppCore } from '@main/appCore';", 'may not import from main'],
    ['src-renderer/Bad.tsx', "import WebSocket from 'ws';", 'Node-only package'],
    ['src-renderer/Bad.tsx', "const m = await import('@server/index');", 'may not import from server'],
    ['src-main/appCore2.ts', "import { app } from 'electron';", "only src-main/electron/ may import 'electron'"],
    ['src-main/host/x.ts', "const e = require('electron');", "only src-main/electron/ may import 'electron'"],
    ['src-main/x.ts', "import { App } from '@renderer/App';", 'may not import from renderer'],
    ['src-main/x.ts', "import { secret } from '@server/internal/keys';", 'may not import from server'],
    ['src-server/x.ts', "import { createAppCore } from '@main/appCore';", 'may not import from main'],
    ['src-server/x.ts', "import { BrowserWindow } from 'electron';", "only src-main/electron/ may import 'electron'"],
    [
      'src-main/appCore2.ts',
      "import { runContractSuite } from './rpc/contractSuite.testkit';",
      'only tests may import a test kit',
    ],
    [
      'src-main/x.ts',
      "import { createLogger } from '../src-shared/node/logger';",
      "by its alias ('@shared/node/logger')",
    ],
    [
      'e2e/x/y.spec.ts',
      "import { GuacDecoder } from '../../src-shared/common/guac';",
      "by its alias ('@shared/common/guac')",
    ],
    [
      'src-server/http/x.ts',
      "import { openStore } from '@server/db/openStore';",
      'within src-server, import by a relative path',
    ],
  ])('%s: `%s` fails lint', async (file, code, expected) => {
    const errors = await layerErrors(file, `${code}\nexport const used = 1;\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
  });

  it.each([
    ['src-shared/common/x.ts', "import { z } from 'zod';"],
    ['src-shared/node/x.ts', "import fs from 'node:fs';\nimport { OpenPsmError } from '../common/errors';"],
    ['src-renderer/Ok.tsx', "import { contract } from '@shared/common/api/contract';"],
    [
      'src-main/x.ts',
      "import { startServer } from '@server/index';\nimport { createLogger } from '@shared/node/logger';",
    ],
    ['src-main/electron/x.ts', "import { app } from 'electron';\nimport { createAppCore } from '../appCore';"],
    ['src-server/cli.ts', "import http from 'node:http';\nimport { startServer } from './index';"],
    ['src-main/host/x.test.ts', "import { makeTestCore } from '../rpc/contractSuite.testkit';"],
    ['src-renderer/x.testkit.ts', "import fs from 'node:fs';\nimport { describe } from 'vitest';"],
    ['e2e/x/y.spec.ts', "import { GuacDecoder } from '@shared/common/guac';"],
  ])('%s: `%s` passes', async (file, code) => {
    expect(await layerErrors(file, `${code}\nexport const used = [];\n`)).toEqual([]);
  });
});

describe('the path aliases', () => {
  it("tsconfig's paths say what the one alias table says", async () => {
    const { aliases } = await import('../aliases.js');
    const base = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')) as {
      compilerOptions: { paths: Record<string, string[]> };
    };
    const fromTable = Object.fromEntries(Object.entries(aliases).map(([alias, dir]) => [`${alias}/*`, [`./${dir}/*`]]));
    expect(base.compilerOptions.paths).toEqual(fromTable);
  });
});
