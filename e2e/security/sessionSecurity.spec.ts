import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { createApiClient } from '@shared/common/api/bridge';
import { secretProtocolPrefix, sessionSocketProtocol, tokenProtocolPrefix } from '@shared/common/api/rpc';
import { connectSocketBridge, type SocketLike } from '@shared/common/api/socketBridge';
import { startDirectMode, type DoubleProcess, type Host } from '../support/processes';
import { addComputer, connect } from '../support/sessionUi';
import { decodeInstructions } from '@shared/common/guac';

const password = 'psmtest-Pass1';
let double: DoubleProcess;
let host: Host;
let stop: () => Promise<void>;

test.beforeEach(async () => {
  ({ double, host, stop } = await startDirectMode());
});
test.afterEach(() => stop());

function sessionSocket(token: string, secret = host.secret): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/session`, [
      sessionSocketProtocol,
      `${secretProtocolPrefix}${secret}`,
      `${tokenProtocolPrefix}${token}`,
    ]);
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.once('error', () => undefined);
  });
}

test('a forbidden opcode on the session socket ends the session, and guacd never sees it', async () => {
  const bridge = await connectSocketBridge(
    `ws://127.0.0.1:${host.port}/api`,
    host.secret,
    (u, p) => new WebSocket(u, p) as unknown as SocketLike,
  );
  const api = createApiClient(bridge.bridge);
  const computer = await api.computers.save({
    name: 'lab',
    protocol: 'ssh',
    host: '127.0.0.1',
    port: 2222,
    username: 'psmtest',
    password,
    disableCopy: false,
    disablePaste: false,
  });
  const opened = await api.sessions.open({
    computerId: computer.id,
    width: 800,
    height: 600,
    dpi: 96,
    timezone: 'UTC',
  });

  expect((await sessionSocket('not-a-token-not-a-token')).status).toBe(401);
  expect((await sessionSocket(opened.token, 'wrong-secret')).status).toBe(401);
  const { ws } = await sessionSocket(opened.token);
  if (!ws) throw new Error('the session socket was refused');
  // The token is single-use.
  expect((await sessionSocket(opened.token)).status).toBe(401);

  const messages: unknown[][] = [];
  ws.on('message', (data) => messages.push(...decodeInstructions(data.toString())));
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
  await expect.poll(() => messages.some((m) => m[0] === 'sync')).toBe(true);
  ws.send(JSON.stringify([['file', '7', 'text/plain', 'loot.txt']]));
  expect(await closed).toBe(1000);
  expect(messages.at(-1)).toEqual([
    '',
    'openpsm.error',
    'PROTOCOL_VIOLATION',
    expect.stringContaining('"file"'),
    '771',
  ]);
  await expect.poll(() => double.entries().some((e) => e['event'] === 'left')).toBe(true);
  expect(double.entries().some((e) => (e['received'] as string[] | undefined)?.[0] === 'file')).toBe(false);
  const log = fs.readFileSync(path.join(host.dataDir, 'logs/openpsm.log'), 'utf8');
  expect(log).toContain('"event":"session.protocol_violation"');
  bridge.close();
});

test('no password appears in renderer-bound traffic, the settings file or the log', async ({ page }) => {
  const traffic: string[] = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => traffic.push(String(f.payload)));
    ws.on('framesent', (f) => traffic.push(`SENT ${String(f.payload)}`));
  });
  await page.goto(host.url);
  await addComputer(page, { name: 'lab', port: 2222, username: 'psmtest', password });
  const tab = await connect(page, 'lab');
  await expect(tab.getByTestId('session-state')).toHaveText('Connected');
  // Edit the computer without retyping the password: the kept one is not sent back.
  await tab.getByRole('button', { name: 'End session' }).click();
  await page.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByLabel(/^Password/)).toHaveValue('');

  // The only time the password crossed: the one save call the user typed it into.
  const carrying = traffic.filter((t) => t.includes(password));
  expect(carrying).toHaveLength(1);
  expect(carrying[0]).toMatch(/^SENT .*"computers\.save"/);
  expect(traffic.filter((t) => !t.startsWith('SENT')).join('\n')).not.toContain(password);
  // guacd got it from main, not from the renderer.
  const connect_ = double.entries().find((e) => (e['received'] as string[] | undefined)?.[0] === 'connect')?.[
    'received'
  ] as string[];
  expect(connect_).toContain(password);
  for (const file of ['settings.json', 'logs/openpsm.log'])
    expect(fs.readFileSync(path.join(host.dataDir, file), 'utf8')).not.toContain(password);
  expect(
    JSON.parse(fs.readFileSync(path.join(host.dataDir, 'settings.json'), 'utf8')).direct.computers[0],
  ).toMatchObject({ name: 'lab', hasPassword: true });
});
