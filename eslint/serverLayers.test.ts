import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were the file at `file`, with the project's own config; returns the layer messages. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [];\n`, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'openpsm/layers').map((m) => m.message);
}

describe('the control plane has layers: db, then identity, jit, recordings, gateway, then http (lint)', () => {
  it.each([
    [
      'src-server/db/x.ts',
      "import { verifyTotp } from '../identity/totp';",
      'server db may not import identity, a layer above it',
    ],
    [
      'src-server/db/x.ts',
      "import type { Gateway } from '../gateway/gateway';",
      'server db may not import gateway, a layer above it',
    ],
    [
      'src-server/db/x.ts',
      "const router = await import('../http/router');",
      'server db may not import http, a layer above it',
    ],
    [
      'src-server/identity/x.ts',
      "import { sendHtml } from '../http/io';",
      'server identity may not import http, a layer above it',
    ],
    [
      'src-server/limits/x.ts',
      "import { dispatch } from '../http/router';",
      'server limits may not import http, a layer above it',
    ],
    [
      'src-server/gateway/x.ts',
      "import { sessionRoutes } from '../http/sessionRoutes';",
      'server gateway may not import http, a layer above it',
    ],
    [
      'src-server/jit/x.ts',
      "import { createGateway } from '../gateway/gateway';",
      'server jit may not import gateway, a layer above it',
    ],
    [
      'src-server/recordings/x.ts',
      "export { hashPassword } from '../identity/passwords';",
      'server recordings may not import identity, a layer beside it',
    ],
    [
      'src-server/identity/x.ts',
      "import { JitService } from '../jit/jitService';",
      'server identity may not import jit, a layer beside it',
    ],
    [
      'src-server/http/x.ts',
      "import { startServer } from '../index';",
      'server http may not import index, a layer above it',
    ],
    [
      'src-server/http/x.ts',
      "import { seedDemo } from '../demo';",
      'server http may not import demo, a layer above it',
    ],
    [
      'src-server/demo.ts',
      "import type { openStore } from './index';",
      'server demo may not import index, a layer above it',
    ],
    [
      'src-server/secrets/x.ts',
      "import type { Database } from '../db/schema';",
      'server secrets may not import db, a layer above it',
    ],
    [
      'src-server/reports/x.ts',
      "import { PersonRepository } from '../db/persons';",
      'src-server/reports is in no server layer',
    ],
    ['src-server/db/x.ts', "import { helper } from '../helpers';", 'src-server/helpers is in no server layer'],
  ])('%s: `%s` fails lint', async (file, code, expected) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
  });

  it.each([
    ['src-server/db/x.ts', "import { verifyTotp } from '../secrets/totp';\nimport type { Database } from './schema';"],
    [
      'src-server/limits/x.ts',
      "import { sendHtml } from '../httpIo';\nimport { sweepExpiredPayloads } from '../db/oidcAdapter';",
    ],
    [
      'src-server/identity/x.ts',
      "import { sendHtml } from '../httpIo';\nimport { guardedAttempt } from '../limits/guardedAttempt';\nimport { PersonRepository } from '../db/persons';",
    ],
    [
      'src-server/gateway/x.ts',
      "import { JitService } from '../jit/jitService';\nimport { RecordingUploader } from '../recordings/uploader';\nimport { wakeableSleep } from '../wakeableSleep';",
    ],
    [
      'src-server/http/x.ts',
      "import { MfaFlow } from '../identity/mfaFlow';\nimport { LiveSessions } from '../gateway/liveSessions';\nimport { createGuards } from '../limits/guards';",
    ],
    [
      'src-server/demo.ts',
      "import type { PersonRepository } from './db/persons';\nimport { hashPassword } from './identity/passwords';",
    ],
    ['src-server/index.ts', "import { seedDemo } from './demo';\nimport { apiRoutes } from './http/routes';"],
    ['src-server/cli.ts', "import { startServer } from './index';"],
    ['src-server/db/x.test.ts', "import { seedDemo } from '../demo';\nimport { openStore } from '../index';"],
  ])('%s: `%s` passes', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
