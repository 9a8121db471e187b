import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { root, startNode, type Started } from '../e2e/support/processes';
import { reportSamples } from './report';
import {
  cpuMsBetween,
  cpuSample,
  relayClientArgs,
  rssBytes,
  seedRelayLab,
  startGatewayProcess,
  startStreamDouble,
  ticketsFor,
  type GatewayProcess,
  type RelayLab,
} from './relayLab';

/**
 * 300 idle SSH sessions on the control plane's gateway (the double replays the idle-timeout
 * recording's screen, then guacd's one-second heartbeat `sync`; the gateway keeps guacd alive
 * with its `nop`s). Three rounds, each on a freshly started gateway process: two warm-up
 * sessions, the gateway's memory after a full GC (SIGUSR2 through a bench-only preload), 300
 * sessions opened from one client process, 5 s to settle, the gateway's CPU over the next 10 s,
 * its memory after a full GC again.
 *
 * `idle_session_memory` is what the sessions hold: the growth of the V8 heap in use plus memory
 * outside it (buffers), per session. RSS cannot show it: V8 and the allocator keep pages a
 * process once used (the young generation grows while 300 sessions open, and stays grown), so
 * RSS moved by more than 300 idle sessions hold, either way (it printed −0.039 MB a session
 * once). It is still printed, as `idle_session_rss`, for what the process takes from the machine.
 */
const sessions = 300;
const settleMs = 5000;
const windowMs = 10_000;
let double: Awaited<ReturnType<typeof startStreamDouble>>;
let lab: RelayLab;
let server: GatewayProcess;

const startGateway = () =>
  startGatewayProcess(lab.dataDir, double.port, {
    nodeFlags: ['--expose-gc', '--import', path.join(root, 'bench/gcOnSignal.mjs')],
    env: { OPENPSM_TICKET_TTL_SECONDS: '600' },
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  double = await startStreamDouble(null, 1, ['--script', 'idle-timeout']);
  lab = await seedRelayLab(double.port);
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await double?.stop();
});

/** The gateway's memory after full collections: its RSS, and its heap in use plus memory outside the heap. */
async function settledMemory(): Promise<{ rss: number; heap: number }> {
  const seen = server.stdout.length;
  server.child.kill('SIGUSR2');
  for (let i = 0; i < 100 && !server.stdout.slice(seen).some((l) => l.startsWith('bench-memory ')); i += 1)
    await sleep(50);
  const line = server.stdout.slice(seen).find((l) => l.startsWith('bench-memory ')) ?? '';
  const usage = JSON.parse(line.slice('bench-memory '.length)) as { heapUsed: number; external: number };
  await sleep(500);
  return { rss: rssBytes(server.pid), heap: usage.heapUsed + usage.external };
}

/** Opens `count` gateway sessions from one client process, which holds them until stopped. */
async function holdSessions(count: number): Promise<Started> {
  const ticket = await ticketsFor(server, lab);
  const targets = [];
  for (let i = 0; i < count; i += 1) targets.push(await ticket('ssh'));
  return startNode(relayClientArgs({ mode: 'idle', targets }), {}, /^ready$/, 300_000);
}

it(`idle_session_memory, idle_300_cpu_percent: ${sessions} idle SSH sessions on the gateway`, async () => {
  const rss: number[] = [];
  const heap: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    server = await startGateway();
    // Warm up: code paths loaded before the baseline.
    await (await holdSessions(2)).stop();
    await sleep(2000);
    const before = await settledMemory();
    const holder = await holdSessions(sessions);
    try {
      await sleep(settleMs);
      const from = cpuSample(server.pid);
      await sleep(windowMs);
      cpu.push((cpuMsBetween(from, cpuSample(server.pid)) / windowMs) * 100);
      const after = await settledMemory();
      rss.push(after.rss - before.rss);
      heap.push(after.heap - before.heap);
    } finally {
      await holder.stop();
      await server.stop();
    }
  }
  expect(heap.every((m) => Number.isFinite(m) && m > 0)).toBe(true);
  reportSamples(
    'idle_session_memory',
    heap.map((m) => m / sessions / 1e6),
    'MB',
  );
  reportSamples(
    'idle_session_rss',
    rss.map((m) => m / sessions / 1e6),
    'MB',
  );
  reportSamples('idle_300_cpu_percent', cpu, '%');
});
