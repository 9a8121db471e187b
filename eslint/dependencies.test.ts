import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import pkg from '../package.json';
import { classificationProblems, classifiedRule, classOf, dependencyClasses } from './dependencies.js';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were the file at `file`, with the project's own config; returns the layer messages. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [];\n`, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'openpsm/layers').map((m) => m.message);
}

describe('every dependency has a class, and each layer uses only the classes it may (lint)', () => {
  it.each([
    ['src-shared/common/x.ts', "import pg from 'pg';", "common code may not use the Node-only package 'pg'"],
    [
      'src-shared/common/x.ts',
      "import Database from 'better-sqlite3';",
      "common code may not use the Node-only package 'better-sqlite3'",
    ],
    [
      'src-shared/common/x.ts',
      "import type { Kysely } from 'kysely';",
      "common code may not use the Node-only package 'kysely'",
    ],
    [
      'src-shared/common/x.ts',
      "import { createRoot } from 'react-dom/client';",
      "common code may not use the DOM package 'react-dom/client'",
    ],
    [
      'src-shared/common/x.ts',
      "import Guacamole from 'guacamole-common-js';",
      "common code may not use the DOM package 'guacamole-common-js'",
    ],
    [
      'src-renderer/Bad.tsx',
      "import { Client } from 'ssh2';",
      "renderer code may not use the Node-only package 'ssh2'",
    ],
    [
      'src-renderer/Bad.tsx',
      "import Provider from 'oidc-provider';",
      "renderer code may not use the Node-only package 'oidc-provider'",
    ],
    [
      'src-renderer/Bad.tsx',
      "const { S3Client } = await import('@aws-sdk/client-s3');",
      "renderer code may not use the Node-only package '@aws-sdk/client-s3'",
    ],
    [
      'src-main/x.ts',
      "import Guacamole from 'guacamole-common-js';",
      "main code may not use the DOM package 'guacamole-common-js'",
    ],
    [
      'src-server/x.ts',
      "import { createRoot } from 'react-dom/client';",
      "server code may not use the DOM package 'react-dom/client'",
    ],
    [
      'src-shared/node/x.ts',
      "import { createRoot } from 'react-dom/client';",
      "shared-node code may not use the DOM package 'react-dom/client'",
    ],
    ['src-server/x.ts', "import leftPad from 'left-pad';", "'left-pad' is not classified"],
    ['src-renderer/Bad.tsx', "import { thing } from '@acme/widgets/deep';", "'@acme/widgets' is not classified"],
    ['scripts/x.mjs', "import leftPad from 'left-pad';", "'left-pad' is not classified"],
    ['e2e/x.spec.ts', "import leftPad from 'left-pad';", "'left-pad' is not classified"],
  ])('%s: `%s` fails lint', async (file, code, expected) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
  });

  it.each([
    ['src-shared/common/x.ts', "import { z } from 'zod';\nimport { argon2id } from 'hash-wasm';"],
    [
      'src-renderer/Ok.tsx',
      "import { useState } from 'react';\nimport { createRoot } from 'react-dom/client';\nimport Guacamole from 'guacamole-common-js';",
    ],
    [
      'src-server/x.ts',
      "import pg from 'pg';\nimport { Client } from 'ssh2';\nimport Provider from 'oidc-provider';\nimport { z } from 'zod';",
    ],
    ['src-shared/node/x.ts', "import { WebSocketServer } from 'ws';"],
    ['src-main/x.ts', "import * as oidc from 'openid-client';\nimport axios from 'axios';"],
    ['src-renderer/x.test.tsx', "import { describe } from 'vitest';"],
    ['src-shared/common/x.test.ts', "import Database from 'better-sqlite3';"],
    ['scripts/x.mjs', "import { build } from 'vite';"],
  ])('%s: `%s` passes', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});

describe('the classification covers package.json exactly', () => {
  it('classifies every dependency and devDependency of package.json, and nothing else', () => {
    expect(classificationProblems(pkg)).toEqual([]);
  });

  it('classes @types/x as x, @types/scope__x as @scope/x, and @types/node as node', () => {
    expect(classOf('@types/pg')).toBe('node');
    expect(classOf('@types/react')).toBe('standard');
    expect(classOf('@types/guacamole-common-js')).toBe('dom');
    expect(classOf('@types/node')).toBe('node');
    expect(classOf('@types/aws-sdk__client-s3')).toBe('node');
    expect(classOf('@types/left-pad')).toBeUndefined();
  });

  it('names a package missing from the table, and an entry missing from package.json', () => {
    const withExtra = { ...pkg, dependencies: { ...pkg.dependencies, 'left-pad': '1.3.0' } };
    expect(classificationProblems(withExtra)).toEqual([expect.stringContaining("'left-pad' is not classified")]);
    const { zod: _zod, ...withoutZod } = pkg.dependencies;
    expect(classificationProblems({ ...pkg, dependencies: withoutZod })).toEqual([
      expect.stringContaining("'zod' is classified in eslint/dependencies.js but is not in package.json"),
    ]);
    expect(dependencyClasses.zod).toBe('standard');
  });

  describe('fails lint on the table file when package.json has an unclassified package', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-classes-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it.each([
      [
        'an unclassified package',
        { ...pkg, devDependencies: { ...pkg.devDependencies, 'left-pad': '1.3.0' } },
        ["package.json's 'left-pad' is not classified"],
      ],
      ['package.json as it is', pkg, []],
    ])('%s', async (_name, packageJson, expected) => {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson));
      const linter = new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: {
          plugins: { openpsm: { rules: { 'classified-dependencies': classifiedRule } } },
          rules: { 'openpsm/classified-dependencies': 'error' },
        },
      });
      const [result] = await linter.lintText('export {};\n', { filePath: path.join(dir, 'eslint/dependencies.js') });
      const messages = (result?.messages ?? []).map((m) => m.message);
      expect(messages).toHaveLength(expected.length);
      expected.forEach((text, i) => expect(messages[i]).toContain(text));
    });
  });
});
