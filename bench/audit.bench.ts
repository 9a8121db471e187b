import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, resolveServerKey } from '@server/index';
import { exportPieces } from '@server/audit/exportText';
import { percentile, reportSamples } from './report';

const rows = 1_000_000;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-audit-bench-'));
let store: Awaited<ReturnType<typeof openStore>>;

/** A million entries in one statement: 97 actors, 23 actions (independent), one a second through 2026. */
beforeAll(async () => {
  store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await sql`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
    INSERT INTO audit_log (at, actor, action, target, changes)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' seconds'),
           'user-' || (i % 97), 'action.' || (i % 23), 'target ' || i,
           CASE WHEN i % 10 = 0 THEN '[{"field":"displayName","before":"A","after":"B"}]' END
    FROM n`.execute(store.db);
}, 300_000);
afterAll(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const iso = (second: number) => new Date(Date.UTC(2026, 0, 1) + second * 1000).toISOString();

/** 300 pages of 50, each under a filter a person would set (actor and action, a time range, or both), at a random depth. */
async function queryRound(): Promise<number[]> {
  const samples: number[] = [];
  for (let q = 0; q < 300; q += 1) {
    const deep = 1 + Math.floor(Math.random() * rows);
    const before = { at: iso(deep), id: deep };
    const from = Math.floor(Math.random() * (rows - 86_400));
    const filters = [
      { actor: `user-${q % 97}`, action: `action.${q % 23}`, before },
      { from: iso(from), to: iso(from + 86_400), before },
      { actor: `user-${q % 97}`, from: iso(from), to: iso(from + 86_400) },
      { action: `action.${q % 23}` },
    ];
    const start = process.hrtime.bigint();
    const page = await store.state.log.page(filters[q % filters.length] ?? {}, 50);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    expect(page.entries.length).toBeLessThanOrEqual(50);
  }
  return samples;
}

/** Three rounds of 300 queries; each round's percentile is one sample. */
it('audit_query_p99', async () => {
  const rounds = [await queryRound(), await queryRound(), await queryRound()];
  reportSamples(
    'audit_query_p99',
    rounds.map((r) => percentile(r, 99)),
    'ms',
  );
  reportSamples(
    'audit_query_p50',
    rounds.map((r) => percentile(r, 50)),
    'ms',
  );
}, 120_000);

/** The whole log exported as CSV through the export's own pieces, with the heap sampled as it goes. */
async function exportRound(): Promise<{ rowsPerSecond: number; heapGrowthMiB: number }> {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  let lines = 0;
  const start = process.hrtime.bigint();
  for await (const piece of exportPieces(store.state.log.stream({}), 'csv')) {
    lines += piece.split('\r\n').length - 1;
    if (lines % 100_000 < 1000) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  expect(lines).toBe(rows + 1);
  return { rowsPerSecond: rows / seconds, heapGrowthMiB: (heapPeak - heapBefore) / 1024 / 1024 };
}

it('audit_export_throughput', async () => {
  const rounds = [await exportRound(), await exportRound(), await exportRound()];
  reportSamples(
    'audit_export_throughput',
    rounds.map((r) => r.rowsPerSecond),
    'rows/s',
  );
  reportSamples(
    'audit_export_heap_growth',
    rounds.map((r) => r.heapGrowthMiB),
    'MiB',
  );
}, 600_000);
