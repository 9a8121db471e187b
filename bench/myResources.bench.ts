import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { expect, it } from 'vitest';
import { signInHeadless } from '../e2e/support/signIn';
import { createLogger } from '@shared/node/logger';
import { openStore, resolveServerKey, seedDemo, startServer } from '@server/index';
import { seedMyResources } from './myResourcesData';
import { median, percentile, reportSamples } from './report';

/** How often each figure is measured; the figure is the median of the repeats (min and max shown too). */
const repeats = 3;
const listCalls = 300;
const ticketCalls = 300;

/** The figure (median of the repeats, with min and max), then the process's CPU per call and the machine's load. */
function report(name: string, values: number[], unit: string, cpuPerCall: number[]) {
  reportSamples(name, values, unit);
  const load = os.loadavg()[0]?.toFixed(1) ?? '?';
  process.stdout.write(`  (${name}: CPU ${median(cpuPerCall).toPrecision(3)} ms a call; load ${load})\n`);
}

/** Times `calls` calls: each one's wall time (ms), and the process's CPU per call (server and client: one process). */
async function timed(calls: number, once: () => Promise<{ ms: number }>) {
  const samples: number[] = [];
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i += 1) samples.push((await once()).ms);
  const used = process.cpuUsage(before);
  return { samples, cpu: (used.user + used.system) / 1000 / calls };
}

/** One request over a kept-alive connection: its status, body and how long it took (ms). */
function call(agent: http.Agent, url: URL, token: string, method: string, body?: unknown) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<{ status: number; text: string; ms: number }>((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = http.request(
      url,
      { method, agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: Number(process.hrtime.bigint() - start) / 1e6,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * My Resources and the Connect ticket on the production path: the real control plane over HTTP
 * (bearer check, route, query, answer), one person reaching 1,011 computers through 102 policies.
 */
it('my_resources_1000', async () => {
  const password = `Pw-${crypto.randomUUID()}`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-bench-resources-'));
  const dataDir = path.join(work, 'data');
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await seedDemo(store, password, `Secret-${crypto.randomUUID()}`);
  const target = await seedMyResources(store);
  await store.close();
  const server = await startServer({ dataDir, log: createLogger({ name: 'bench', sink: () => undefined }) });
  const mode = process.env['NODE_ENV'];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const signedIn = await signInHeadless(server.url, 'erin', password);
    if ('refused' in signedIn) throw new Error(signedIn.refused);
    const token = signedIn.tokens.access_token;
    // As production runs: My Resources' answer is not parsed again by zod there (router.ts, answersChecked).
    process.env['NODE_ENV'] = 'production';
    const list = new URL('/api/resources', server.url);
    const first = await call(agent, list, token, 'GET');
    const answer = JSON.parse(first.text) as { groups: { computers: { computerId: string }[] }[] };
    expect(answer.groups).toHaveLength(102);
    expect(new Set(answer.groups.flatMap((g) => g.computers.map((c) => c.computerId))).size).toBe(1011);
    process.stdout.write(`  (my_resources answer: ${Math.round(first.text.length / 1024)} KB)\n`);
    for (let i = 0; i < 50; i += 1) await call(agent, list, token, 'GET');
    const p50: number[] = [];
    const p99: number[] = [];
    const listCpu: number[] = [];
    for (let r = 0; r < repeats; r += 1) {
      const { samples, cpu } = await timed(listCalls, () => call(agent, list, token, 'GET'));
      p50.push(percentile(samples, 50));
      p99.push(percentile(samples, 99));
      listCpu.push(cpu);
    }
    report('my_resources_1000_p50', p50, 'ms', listCpu);
    report('my_resources_1000_p99', p99, 'ms', listCpu);
    // The same load after a write to what people reach (the kept reach is read again): another
    // writer on the database raises its reach version before each call, outside the timing.
    const writer = new SqliteDatabase(path.join(dataDir, 'openpsm.db'));
    const raise = writer.prepare('update reach_version set version = version + 1');
    const afterWrite: number[] = [];
    for (let r = 0; r < repeats; r += 1) {
      const samples: number[] = [];
      for (let i = 0; i < listCalls / 3; i += 1) {
        raise.run();
        samples.push((await call(agent, list, token, 'GET')).ms);
      }
      afterWrite.push(percentile(samples, 50));
    }
    writer.close();
    reportSamples('my_resources_1000_after_write_p50', afterWrite, 'ms');

    const ticketUrl = new URL('/api/sessions/ticket', server.url);
    const ask = { policyId: target.policyId, computerId: target.computerId, acceptTerms: true };
    const issued = await call(agent, ticketUrl, token, 'POST', ask);
    expect(issued.status, issued.text).toBe(201);
    for (let i = 0; i < 50; i += 1) await call(agent, ticketUrl, token, 'POST', ask);
    const ticket: number[] = [];
    const ticketCpu: number[] = [];
    for (let r = 0; r < repeats; r += 1) {
      const { samples, cpu } = await timed(ticketCalls, () => call(agent, ticketUrl, token, 'POST', ask));
      ticket.push(percentile(samples, 50));
      ticketCpu.push(cpu);
    }
    report('ticket_p50', ticket, 'ms', ticketCpu);
  } finally {
    process.env['NODE_ENV'] = mode;
    agent.destroy();
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
