import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labTargets } from '../../../e2e/fixtures/guacd-double/config';
import { startDouble, type RunningDouble } from '../../../e2e/fixtures/guacd-double/server';
import type { OpenPsmError } from '../../common/errors';
import { decodeInstructions, type GuacInstruction } from '../../common/guac';
import { sharedIntervals } from '../sharedIntervals';
import { GuacdConnection, negotiateVersion, type ConnectOptions } from './guacdConnection';
import { readJsonLines } from '../../../e2e/support/jsonLines';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guacd-connection-'));
const log = path.join(work, 'received.jsonl');
let double: RunningDouble;
const base: Omit<ConnectOptions, 'select' | 'values'> = {
  width: 1024,
  height: 768,
  dpi: 96,
  timezone: 'UTC',
  name: 'tester',
};
const ssh = { hostname: '127.0.0.1', port: '2222', username: 'psmtest', password: 'psmtest-Pass1' };
const received = () => readJsonLines(log);
const address = () => ({ host: '127.0.0.1', port: double.port });

function collect(connection: GuacdConnection): {
  instructions: GuacInstruction[];
  closed: Promise<OpenPsmError | null>;
} {
  const instructions: GuacInstruction[] = [];
  connection.onBatch((batch) => instructions.push(...decodeInstructions(batch.text)));
  return { instructions, closed: new Promise((r) => connection.onClose(r)) };
}

async function openError(promise: Promise<unknown>): Promise<OpenPsmError> {
  return promise.then(
    () => {
      throw new Error('expected the connection to fail');
    },
    (e: OpenPsmError) => e,
  );
}

beforeAll(async () => {
  double = await startDouble({ port: 0, log, targets: labTargets });
});
afterAll(async () => {
  await double.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('GuacdConnection', () => {
  it('negotiates min(guacd, 1.5.0)', () => {
    expect(negotiateVersion('VERSION_1_5_0')).toBe('VERSION_1_5_0');
    expect(negotiateVersion('VERSION_1_3_0')).toBe('VERSION_1_3_0');
    expect(negotiateVersion('VERSION_9_9_9')).toBe('VERSION_1_0_0');
  });

  it('runs the handshake by name, returns the ready id and relays the drawing', async () => {
    const connection = await GuacdConnection.open(address(), { ...base, select: 'ssh', values: ssh });
    const { instructions } = collect(connection);
    expect(connection.connectionId).toMatch(/^\$[0-9a-f-]{36}$/);
    await expect.poll(() => instructions.some((i) => i[0] === 'sync'), { timeout: 3000 }).toBe(true);
    const connect = received().find((e) => (e['received'] as string[] | undefined)?.[0] === 'connect')?.[
      'received'
    ] as string[];
    // Each value sits at its name's position in guacd's args list.
    expect(connect[2 + connection.argNames.indexOf('password')]).toBe('psmtest-Pass1');
    expect(connect[2 + connection.argNames.indexOf('hostname')]).toBe('127.0.0.1');
    const handshake = received()
      .filter(
        (e) =>
          e['conn'] === received().find((x) => x['received'] && (x['received'] as string[])[0] === 'connect')?.['conn'],
      )
      .map((e) => (e['received'] as string[] | undefined)?.[0]);
    expect(handshake.slice(0, 8)).toEqual(['select', 'size', 'audio', 'video', 'image', 'timezone', 'name', 'connect']);
    connection.disconnect();
  });

  it('sends nop on its own interval', async () => {
    const connection = await GuacdConnection.open(address(), {
      ...base,
      select: 'ssh',
      values: ssh,
      timers: { nopIntervalMs: 100 },
    });
    await new Promise((r) => setTimeout(r, 450));
    connection.disconnect();
    expect(
      received().filter((e) => (e['received'] as string[] | undefined)?.[0] === 'nop').length,
    ).toBeGreaterThanOrEqual(3);
  });

  it("sends every link's nop from one shared timer, which goes once the links end", async () => {
    const nops = () => received().filter((e) => (e['received'] as string[] | undefined)?.[0] === 'nop').length;
    const timersBefore = sharedIntervals.timers;
    const options = { ...base, select: 'ssh', values: ssh, timers: { nopIntervalMs: 137 } };
    const links = await Promise.all([1, 2, 3].map(() => GuacdConnection.open(address(), options)));
    expect(sharedIntervals.timers).toBe(timersBefore + 1);
    const from = nops();
    await new Promise((r) => setTimeout(r, 500));
    for (const link of links) link.disconnect();
    expect(sharedIntervals.timers).toBe(timersBefore);
    // Three links, three ticks or so each: every tick sends one nop per link.
    expect(nops() - from).toBeGreaterThanOrEqual(6);
  });

  it('ends with TARGET_AUTH_FAILED after the 769 of a wrong password, having relayed the error', async () => {
    const connection = await GuacdConnection.open(address(), {
      ...base,
      select: 'ssh',
      values: { ...ssh, password: 'wrong-Pass9' },
    });
    const { instructions, closed } = collect(connection);
    const error = await closed;
    expect(error?.code).toBe('TARGET_AUTH_FAILED');
    expect(error?.message).not.toContain('Aborted');
    expect(instructions.some((i) => i[0] === 'error' && i[2] === '769')).toBe(true);
  }, 8000);

  it('ends with TARGET_UNREACHABLE for a closed port', async () => {
    const connection = await GuacdConnection.open(address(), {
      ...base,
      select: 'ssh',
      values: { ...ssh, port: '2299' },
    });
    expect((await collect(connection).closed)?.code).toBe('TARGET_UNREACHABLE');
    // Whoever listens after the end (a view that attaches late) hears the same reason.
    expect(connection.closed).toBe(true);
    expect((await new Promise<OpenPsmError | null>((r) => connection.onClose(r)))?.code).toBe('TARGET_UNREACHABLE');
  });

  it('gives up with GUACD_NO_ANSWER when guacd stays silent after select (unknown protocol)', async () => {
    const started = Date.now();
    const error = await openError(
      GuacdConnection.open(address(), { ...base, select: 'bogus', values: {}, timers: { argsTimeoutMs: 300 } }),
    );
    expect(error.code).toBe('GUACD_NO_ANSWER');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('gives up with GUACD_UNREACHABLE when nothing listens', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((r) => server.close(r));
    expect(
      (await openError(GuacdConnection.open({ host: '127.0.0.1', port }, { ...base, select: 'ssh', values: ssh })))
        .code,
    ).toBe('GUACD_UNREACHABLE');
  });

  /** A guacd that answers the handshake, sends `afterConnect`, then goes quiet; how the link ends. */
  async function quietAfter(afterConnect: string): Promise<string | undefined> {
    const server = net.createServer((socket) => {
      socket.once('data', () => socket.write('4.args,13.VERSION_1_5_0,8.hostname;'));
      socket.on('data', (d) => d.toString().includes('connect') && socket.write(afterConnect));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const connection = await GuacdConnection.open(
        { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port },
        { ...base, select: 'ssh', values: {}, timers: { silenceTimeoutMs: 300 } },
      );
      return (await collect(connection).closed)?.code;
    } finally {
      server.close();
    }
  }

  it('ends with GUACD_REJECTED when guacd sends ready and then nothing', async () => {
    // Like a wrong value count: ready, then quiet.
    expect(await quietAfter('5.ready,6.$quiet;')).toBe('GUACD_REJECTED');
  });

  it('ends with GUACD_SILENT when guacd goes quiet mid-session', async () => {
    expect(await quietAfter('5.ready,6.$quiet;4.sync,1.1;')).toBe('GUACD_SILENT');
  });

  it('answers required from the credentials it holds, and passes it on when it has none', async () => {
    const vnc = { hostname: '127.0.0.1', port: '5905' };
    const answered = await GuacdConnection.open(address(), {
      ...base,
      select: 'vnc',
      values: vnc,
      credentials: { password: 'vncpass1' },
    });
    const a = collect(answered);
    await expect.poll(() => a.instructions.some((i) => i[0] === 'ack'), { timeout: 3000 }).toBe(true);
    expect(a.instructions.some((i) => i[0] === 'required')).toBe(false);
    answered.disconnect();

    const asking = await GuacdConnection.open(address(), { ...base, select: 'vnc', values: vnc });
    const b = collect(asking);
    await expect
      .poll(() => b.instructions.find((i) => i[0] === 'required'), { timeout: 3000 })
      .toEqual(['required', 'password']);
    expect([...asking.pendingRequired]).toEqual(['password']);
    asking.answerRequired({ password: 'vncpass1' });
    expect(asking.pendingRequired.size).toBe(0);
    await expect.poll(() => b.instructions.some((i) => i[0] === 'ack'), { timeout: 3000 }).toBe(true);
    asking.disconnect();
  });

  it('joins read-only by $id, and closes its own socket after disconnect', async () => {
    const owner = await GuacdConnection.open(address(), { ...base, select: 'ssh', values: ssh });
    const watcher = await GuacdConnection.open(address(), {
      ...base,
      select: owner.connectionId,
      values: { 'read-only': 'true' },
    });
    expect(watcher.connectionId).toBe(owner.connectionId);
    const closed = collect(watcher).closed;
    watcher.disconnect();
    expect(await closed).toBeNull();
    owner.disconnect();
  });

  it('refuses a TLS guacd whose certificate the pinned CA did not sign, and accepts the right CA', async () => {
    const pem = (name: string) => path.join(work, name);
    const cert = (key: string, crt: string) =>
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=IP:127.0.0.1,DNS:localhost',
          '-keyout',
          pem(key),
          '-out',
          pem(crt),
        ],
        { stdio: 'ignore' },
      );
    cert('key.pem', 'cert.pem');
    cert('other-key.pem', 'other.pem');
    const secure = await startDouble({
      port: 0,
      targets: labTargets,
      tls: { cert: pem('cert.pem'), key: pem('key.pem') },
    });
    try {
      const tlsAddress = (ca: string) => ({
        host: '127.0.0.1',
        port: secure.port,
        tls: { ca: fs.readFileSync(pem(ca), 'utf8') },
      });
      const ok = await GuacdConnection.open(tlsAddress('cert.pem'), { ...base, select: 'ssh', values: ssh });
      expect(ok.connectionId).toMatch(/^\$/);
      ok.disconnect();
      expect(
        (await openError(GuacdConnection.open(tlsAddress('other.pem'), { ...base, select: 'ssh', values: ssh }))).code,
      ).toBe('GUACD_TLS_FAILED');
    } finally {
      await secure.close();
    }
  });
});
