import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, it } from 'vitest';
import WebSocket from 'ws';
import { ownerScript } from '../e2e/fixtures/guacd-double/scripts';
import {
  root,
  seedDirectMode,
  startDoubleProcess,
  startNode,
  launchLine,
  tempDataDir,
  type DoubleProcess,
} from '../e2e/support/processes';
import { createApiClient, type OpenPsmApi } from '@shared/common/api/bridge';
import { secretProtocolPrefix, sessionSocketProtocol, tokenProtocolPrefix } from '@shared/common/api/rpc';
import { connectSocketBridge, type SocketLike } from '@shared/common/api/socketBridge';
import { encodeInstruction } from '@shared/common/guac';
import { percentile, reportBench } from './report';

const client = path.join(root, 'bench/relayClient.mjs');
const lab = { hostname: '127.0.0.1', port: '2222', username: 'psmtest', password: 'psmtest-Pass1' };
const screen = { width: 1024, height: 768, dpi: 96, timezone: 'UTC' };

/** Runs the far end in its own process and returns what it printed. */
async function runClient<T>(job: unknown): Promise<T> {
  const started = await startNode([client, JSON.stringify(job)], {}, /^[{r]/, 120_000);
  const line = started.line;
  await started.stop();
  return JSON.parse(line) as T;
}

/** The production host (built), in direct mode against `double`, with an API client. */
async function startHostFor(double: DoubleProcess, extraArgs: string[] = []) {
  const dataDir = tempDataDir();
  seedDirectMode(dataDir, double.port);
  const host = await startNode(
    [...extraArgs, path.join(root, 'out/main/host.js')],
    { OPENPSM_APP_DATA_DIR: dataDir },
    launchLine,
  );
  const [, , portText, secret = ''] = launchLine.exec(host.line) ?? [];
  const port = Number(portText);
  const bridge = await connectSocketBridge(
    `ws://127.0.0.1:${port}/api`,
    secret,
    (u, p) => new WebSocket(u, p) as unknown as SocketLike,
  );
  const api = createApiClient(bridge.bridge);
  const sessionTarget = (token: string) => ({
    url: `ws://127.0.0.1:${port}/session`,
    protocols: [sessionSocketProtocol, `${secretProtocolPrefix}${secret}`, `${tokenProtocolPrefix}${token}`],
  });
  return { host, api, port, secret, sessionTarget, stop: async () => (bridge.close(), await host.stop()) };
}

async function addComputer(api: OpenPsmApi, protocol: 'ssh' | 'vnc') {
  return protocol === 'ssh'
    ? api.computers.save({
        name: 'ssh',
        protocol,
        host: '127.0.0.1',
        port: 2222,
        username: 'psmtest',
        password: 'psmtest-Pass1',
        disableCopy: false,
        disablePaste: false,
      })
    : api.computers.save({
        name: 'vnc',
        protocol,
        host: '127.0.0.1',
        port: 5905,
        username: '',
        password: 'vncpass1',
        disableCopy: false,
        disablePaste: false,
      });
}

/** A raw TCP pipe to guacd: the ceiling for any relay. */
async function startPipe(targetPort: number): Promise<{ port: number; close(): void }> {
  const server = net.createServer((socket) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

/** guacamole-lite's token: base64(JSON{iv, value: AES-256-CBC(JSON)}) — no MAC (see guacamole.md). */
function liteToken(key: Buffer, settings: Record<string, string>): string {
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
  const value = Buffer.concat([
    cipher.update(JSON.stringify({ connection: { type: 'ssh', settings } }), 'utf8'),
    cipher.final(),
  ]);
  return Buffer.from(JSON.stringify({ iv: iv.toString('base64'), value: value.toString('base64') })).toString('base64');
}

function rss(pid: number): number {
  const line =
    fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(/(\d+)/.exec(line)?.[1] ?? 0) * 1024;
}

it('relay throughput: ours against guacamole-lite and a raw TCP pipe, on ssh-bulk', async () => {
  const repeat = 25;
  const streamBytes =
    repeat *
    ownerScript('ssh-bulk').steps.reduce(
      (n, s) => n + s.instructions.reduce((m, i) => m + Buffer.byteLength(encodeInstruction(i)), 0),
      0,
    );
  const double = await startDoubleProcess(['--replay', 'fast', '--repeat', String(repeat), '--script', 'ssh-bulk']);
  const ours = await startHostFor(double);
  const key = crypto.randomBytes(32);
  const lite = await startNode(
    [path.join(root, 'bench/liteServer.mjs'), String(double.port), key.toString('hex')],
    {},
    /listening on (\d+)/,
  );
  const litePort = Number(/(\d+)$/.exec(lite.line)?.[1]);
  const pipe = await startPipe(double.port);
  try {
    const computer = await addComputer(ours.api, 'ssh');
    const best: Record<string, number> = { openpsm: Infinity, lite: Infinity, tcp: Infinity };
    for (let round = 0; round < 3; round += 1) {
      const opened = await ours.api.sessions.open({ computerId: computer.id, ...screen });
      const a = await runClient<{ ms: number }>({
        mode: 'throughput',
        transport: 'openpsm',
        target: ours.sessionTarget(opened.token),
      });
      const b = await runClient<{ ms: number }>({
        mode: 'throughput',
        transport: 'lite',
        target: { url: `ws://127.0.0.1:${litePort}/?token=${encodeURIComponent(liteToken(key, lab))}` },
      });
      const c = await runClient<{ ms: number }>({
        mode: 'throughput',
        transport: 'tcp',
        target: { port: pipe.port },
        values: lab,
      });
      best['openpsm'] = Math.min(best['openpsm'] ?? Infinity, a.ms);
      best['lite'] = Math.min(best['lite'] ?? Infinity, b.ms);
      best['tcp'] = Math.min(best['tcp'] ?? Infinity, c.ms);
    }
    const mbps = (ms: number) => streamBytes / 1e6 / (ms / 1000);
    reportBench('relay_throughput', mbps(best['openpsm'] as number), 'MB/s');
    reportBench('relay_guacamole_lite_throughput', mbps(best['lite'] as number), 'MB/s');
    reportBench('relay_raw_tcp_throughput', mbps(best['tcp'] as number), 'MB/s');
    reportBench('relay_vs_guacamole_lite', (best['lite'] as number) / (best['openpsm'] as number), 'x');
    reportBench('relay_vs_raw_tcp', (best['tcp'] as number) / (best['openpsm'] as number), 'fraction');
    expect(best['openpsm']).toBeLessThan(Infinity);
  } finally {
    pipe.close();
    await lite.stop();
    await ours.stop();
    await double.stop();
  }
});

it('relay latency: one session, then 100 concurrent sessions through one main process', async () => {
  // The probe: a pasted clipboard the remote announces back. Each figure compares the relay
  // with direct TCP links to the same double under the same load and probe pattern: the
  // added latency at p99 is p99(through the relay) − p99(direct).
  const double = await startDoubleProcess(['--clipboard-echo', 'true']);
  const ours = await startHostFor(double);
  try {
    const computer = await addComputer(ours.api, 'vnc');
    const vnc = { protocol: 'vnc', hostname: '127.0.0.1', port: '5905', password: 'vncpass1' };
    // Probes start once the captured drawing (about 4.5 s) is over: latency of live, idle sessions.
    const measure = async (sessions: number, probes: number, gapMs: number) => {
      const direct = await runClient<{ rtts: number[] }>({
        mode: 'latency',
        transport: 'tcp',
        targets: Array.from({ length: sessions }, () => ({ port: double.port })),
        probes,
        gapMs,
        values: vnc,
        settleMs: 6000,
      });
      const opened = await Promise.all(
        Array.from({ length: sessions }, () => ours.api.sessions.open({ computerId: computer.id, ...screen })),
      );
      const relayed = await runClient<{ rtts: number[] }>({
        mode: 'latency',
        transport: 'openpsm',
        targets: opened.map((o) => ours.sessionTarget(o.token)),
        probes,
        gapMs,
        settleMs: 6000,
      });
      expect(relayed.rtts).toHaveLength(sessions * probes);
      await Promise.all(opened.map((o) => ours.api.sessions.close({ sessionId: o.sessionId })));
      return { direct: direct.rtts, relayed: relayed.rtts };
    };
    const one = await measure(1, 1000, 10);
    reportBench('relay_direct_rtt_p99', percentile(one.direct, 99), 'ms');
    reportBench('relay_rtt_p50', percentile(one.relayed, 50), 'ms');
    reportBench('relay_rtt_p99', percentile(one.relayed, 99), 'ms');
    reportBench('relay_added_latency_p99', percentile(one.relayed, 99) - percentile(one.direct, 99), 'ms');
    const many = await measure(100, 20, 50);
    reportBench('sessions100_direct_rtt_p99', percentile(many.direct, 99), 'ms');
    reportBench('sessions100_rtt_p99', percentile(many.relayed, 99), 'ms');
    reportBench('sessions100_added_latency_p99', percentile(many.relayed, 99) - percentile(many.direct, 99), 'ms');
  } finally {
    await ours.stop();
    await double.stop();
  }
});

it('idle_session_memory: RSS per idle session after gc, 100 sessions', async () => {
  const double = await startDoubleProcess(['--script', 'idle-timeout']);
  const ours = await startHostFor(double, ['--expose-gc']);
  const pid = ours.host.child.pid as number;
  const settled = async () => {
    ours.host.child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 500));
    ours.host.child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 500));
    return rss(pid);
  };
  let holder: Awaited<ReturnType<typeof startNode>> | null = null;
  try {
    const computer = await addComputer(ours.api, 'ssh');
    // Warm up one session so code paths are loaded before the baseline.
    const warm = await ours.api.sessions.open({ computerId: computer.id, ...screen });
    await ours.api.sessions.close({ sessionId: warm.sessionId });
    const before = await settled();
    const opened = await Promise.all(
      Array.from({ length: 100 }, () => ours.api.sessions.open({ computerId: computer.id, ...screen })),
    );
    holder = await startNode(
      [
        client,
        JSON.stringify({
          mode: 'idle',
          url: `ws://127.0.0.1:${ours.port}/session`,
          protocols: [sessionSocketProtocol, `${secretProtocolPrefix}${ours.secret}`],
          tokens: opened.map((o) => o.token),
        }),
      ],
      {},
      /^ready$/,
      60_000,
    );
    await new Promise((r) => setTimeout(r, 3000));
    const after = await settled();
    reportBench('idle_session_memory', (after - before) / 100 / 1e6, 'MB');
    expect(after).toBeGreaterThan(0);
  } finally {
    await holder?.stop();
    await ours.stop();
    await double.stop();
  }
});
