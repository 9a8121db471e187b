import { expect, it } from 'vitest';
import { formatCsv } from '@shared/common/csv';
import { startSeededServer } from '@server/http/seededServer.testkit';
import { median, reportSamples } from './report';

const computers = 5000;
const repeats = 5;
const protocols = ['ssh', 'ssh', 'rdp', 'vnc', 'telnet'] as const;
const sites = ['par', 'fra', 'nyc', 'sgp'];
const roles = ['web', 'db', 'app', 'cache', 'dc', 'build'];

/** A realistic inventory export: `count` computers of mixed protocols, hosts by name or address, one to three tags. */
function inventory(round: number, count: number): string {
  const rows = [['name', 'protocol', 'host', 'port', 'tags', 'recording', 'live_monitoring']];
  for (let i = 0; i < count; i += 1) {
    const site = sites[i % sites.length] ?? 'par';
    const role = roles[i % roles.length] ?? 'web';
    const protocol = protocols[i % protocols.length] ?? 'ssh';
    const name = `${site}-${role}-${String(i).padStart(4, '0')}-r${round}`;
    const host = i % 2 === 0 ? `${name}.corp.example` : `10.${round}.${Math.floor(i / 250)}.${i % 250}`;
    const tags = [site, role, ...(i % 3 === 0 ? ['prod'] : [])].join(';');
    rows.push([name, protocol, host, i % 7 === 0 ? '2222' : '', tags, i % 5 === 0 ? 'no' : 'yes', 'yes']);
  }
  return formatCsv(rows);
}

/** POST /api/admin/computers/import of 5,000 computers on a real server with SQLite: the median of 5 imports, in seconds. */
it('csv_import_5000', async () => {
  const lab = await startSeededServer('openpsm-bench-import-');
  try {
    const alice = await lab.as('alice');
    const samples: number[] = [];
    for (let round = 0; round < repeats; round += 1) {
      const csv = inventory(round, computers);
      const start = process.hrtime.bigint();
      const answer = await alice('POST', '/api/admin/computers/import', csv, 'text/csv');
      samples.push(Number(process.hrtime.bigint() - start) / 1e9);
      expect(answer).toEqual({ status: 201, body: { imported: computers } });
    }
    expect(median(samples)).toBeLessThanOrEqual(5);
    reportSamples('csv_import_5000', samples, 's');
  } finally {
    await lab.stop();
  }
});
