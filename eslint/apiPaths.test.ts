import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were the file at `file`, with the project's own config; returns the api-paths messages. */
async function pathErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'openpsm/api-paths').map((m) => m.message);
}

describe('control-plane paths are written only in the route tables (lint)', () => {
  it.each([
    ['src-main/x.ts', "export const me = () => fetch('/api/me');"],
    ['src-main/x.ts', 'export const index = (id: string) => `/api/recordings/${id}/index`;'],
    ['src-main/x.ts', 'export const url = (base: string) => new URL(`${base}/api/vault`);'],
    ['src-server/x.ts', "export const p = { path: '/api/admin/persons' };"],
    ['src-renderer/Bad.tsx', "export const p = '/api/live/sessions';"],
    ['src-shared/common/api/x.ts', "export const p = '/api/audit';"],
  ])('%s: `%s` fails lint', async (file, code) => {
    const errors = await pathErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('route tables');
  });

  it.each([
    ['src-shared/common/api/controlPlane/x.ts', "export const p = '/api/audit';"],
    [
      'src-main/x.ts',
      "import { vaultApi } from '@shared/common/api/controlPlane/vault';\nexport const p = vaultApi.params.path;",
    ],
    ['src-main/x.ts', "export type V = import('@shared/common/api/vault').VaultState;"],
    ['src-main/host/x.ts', "export const socket = '/api';"],
    ['src-server/x.test.ts', "export const probe = '/api/me';"],
  ])('%s: `%s` passes', async (file, code) => {
    expect(await pathErrors(file, code)).toEqual([]);
  });
});
