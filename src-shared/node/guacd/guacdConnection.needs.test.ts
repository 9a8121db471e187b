import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labTargets } from '../../../e2e/fixtures/guacd-double/config';
import { startDouble, type RunningDouble } from '../../../e2e/fixtures/guacd-double/server';
import type { OpenPsmError } from '../../common/errors';
import { GuacdConnection, type ConnectOptions } from './guacdConnection';
import { rdpSecurityValues } from './rdpValues';
import { readJsonLines } from '../../../e2e/support/jsonLines';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guacd-needs-'));
const logs = { current: path.join(work, 'v160.jsonl'), older: path.join(work, 'v155.jsonl') };
let current: RunningDouble;
let older: RunningDouble;
const base: Omit<ConnectOptions, 'select' | 'values'> = {
  width: 1024,
  height: 768,
  dpi: 96,
  timezone: 'UTC',
  name: 'tester',
};
const rdp = { hostname: '127.0.0.1', port: '3389', username: 'psmtest', password: 'psmtest-Pass1' };
const fingerprint = Array.from({ length: 32 }, (_, i) => (255 - i).toString(16).toUpperCase()).join(':');
const pinned = rdpSecurityValues('rdp', {
  security: 'any',
  certificate: { check: 'pin', fingerprints: [fingerprint] },
});

/** What a double received, by opcode. */
const received = (log: string) =>
  readJsonLines<{ received?: string[] }>(log)
    .map((l) => l.received)
    .filter((r): r is string[] => Array.isArray(r));

beforeAll(async () => {
  current = await startDouble({ port: 0, log: logs.current, targets: labTargets });
  older = await startDouble({ port: 0, version: '1.5.5', log: logs.older, targets: labTargets });
});
afterAll(async () => {
  await current.close();
  await older.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('GuacdConnection and the arguments a computer needs', () => {
  it('refuses a pinned RDP computer on a guacd without cert-fingerprints (1.5.5), sending no connect', async () => {
    const error = await GuacdConnection.open(
      { host: '127.0.0.1', port: older.port },
      { ...base, select: 'rdp', values: { ...rdp, ...pinned.values }, needs: pinned.needs },
    ).then(
      () => null,
      (e: OpenPsmError) => e,
    );
    expect(error?.code).toBe('GUACD_LACKS_ARGUMENT');
    expect(error?.message).toContain('"cert-fingerprints"');
    expect(error?.message).toContain('speaks VERSION_1_5_0');
    // guacd got the select (logged before it answered with args), and never a connect: the refusal
    // comes before the handshake, so the session was not opened unpinned.
    const opcodes = received(logs.older).map((r) => r[0]);
    expect(opcodes).toContain('select');
    expect(opcodes).not.toContain('connect');
  });

  it('sends the pinned fingerprints in connect to a guacd that has cert-fingerprints (1.6.0)', async () => {
    const connection = await GuacdConnection.open(
      { host: '127.0.0.1', port: current.port },
      { ...base, select: 'rdp', values: { ...rdp, ...pinned.values }, needs: pinned.needs },
    );
    const connect = received(logs.current).find((r) => r[0] === 'connect') ?? [];
    expect(connect[2 + connection.argNames.indexOf('cert-fingerprints')]).toBe(`sha256:${fingerprint}`);
    expect(connect[2 + connection.argNames.indexOf('security')]).toBe('any');
    connection.disconnect();
  });
});
