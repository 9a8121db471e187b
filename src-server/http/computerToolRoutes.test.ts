import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type Sshd } from '../../e2e/support/sshd';
import { freePort } from '../../e2e/support/ports';
import { startSeededServer } from './seededServer.testkit';

let lab: Awaited<ReturnType<typeof startSeededServer>>;
let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
  lab = await startSeededServer('openpsm-computer-tools-', {
    limits: { computerTestsPerMinute: 4, computerImportMaxLines: 50, computerImportMaxBytes: 4096 },
    timers: { computerTestSeconds: 2 },
  });
}, 60_000);
afterAll(async () => {
  await lab?.stop();
  await sshd?.stop();
});

const header = 'name,protocol,host,port,tags,recording,live_monitoring';

describe('POST /api/admin/computers/import', () => {
  it('refuses a CSV with bad lines line by line and imports nothing; the fixed file imports all, with tags', async () => {
    const alice = await lab.as('alice');
    const lines = [
      header,
      'imp-01,ssh,10.1.0.1,,prod;linux,,',
      'imp-02,telnet,bad host,,,,',
      'imp-03,rdp,10.1.0.3,99999,,,',
      'web-01,ssh,10.1.0.4,,,,',
      'imp-05,vnc,10.1.0.5,,,maybe,',
    ];
    const refused = await alice('POST', '/api/admin/computers/import', { csv: lines.join('\n') });
    expect(refused.status).toBe(422);
    expect(refused.body['code']).toBe('IMPORT_REFUSED');
    expect(refused.body['message']).toContain('4 lines are refused');
    expect((refused.body['fields'] as Array<{ path: string }>).map((f) => f.path)).toEqual([
      '3.host',
      '4.port',
      '5.name',
      '6.recording',
    ]);
    const listed = await alice('GET', '/api/admin/computers?search=imp-0');
    expect(listed.body['computers']).toEqual([]);

    const fixed = [header, 'imp-01,ssh,10.1.0.1,,prod;linux,,', 'imp-02,telnet,h2.lab,,,no,no'];
    const imported = await alice('POST', '/api/admin/computers/import', fixed.join('\n'), 'text/csv');
    expect(imported).toEqual({ status: 201, body: { imported: 2 } });
    const now = (await alice('GET', '/api/admin/computers?search=imp-0')).body['computers'] as Array<{ name: string }>;
    expect(now.map((c) => c.name).sort()).toEqual(['imp-01', 'imp-02']);
    const again = await alice('POST', '/api/admin/computers/import', { csv: fixed.join('\n') });
    expect(again.body['fields']).toMatchObject([
      { path: '2.name', message: 'a computer named "imp-01" already exists' },
      { path: '3.name' },
    ]);
    const audit = (await alice('GET', '/api/audit')).body['entries'] as Array<{ action: string; target: string }>;
    expect(audit.filter((e) => e.action === 'computer.import').map((e) => e.target)).toEqual(['2 computers from CSV']);
  });

  it('refuses a file over the size limits with IMPORT_TOO_LARGE, and bad bodies with BAD_REQUEST', async () => {
    const alice = await lab.as('alice');
    const many = [header, ...Array.from({ length: 51 }, (_, i) => `many-${i},ssh,h${i}.lab,,,,`)].join('\n');
    const lines = await alice('POST', '/api/admin/computers/import', { csv: many });
    expect([lines.status, lines.body['code']]).toEqual([413, 'IMPORT_TOO_LARGE']);
    expect(lines.body['message']).toContain('51 lines; at most 50');
    const bytes = await alice('POST', '/api/admin/computers/import', { csv: `${header}\n${'x'.repeat(5000)}` });
    expect([bytes.status, bytes.body['code']]).toEqual([413, 'IMPORT_TOO_LARGE']);
    expect((await alice('POST', '/api/admin/computers/import', { text: 'a' })).status).toBe(400);
    expect((await alice('POST', '/api/admin/computers/import', { csv: 5 })).body['code']).toBe('BAD_REQUEST');
  });

  it('is for administrators only', async () => {
    const bob = await lab.as('bob');
    const answer = await bob('POST', '/api/admin/computers/import', { csv: `${header}\nx,ssh,x.lab,,,,` });
    expect([answer.status, answer.body['code']]).toEqual([403, 'FORBIDDEN_ROLE']);
    const test = await bob('POST', '/api/admin/computers/test', { protocol: 'ssh', host: '127.0.0.1', port: 22 });
    expect(test.status).toBe(403);
  });
});

describe('POST /api/admin/computers/test', () => {
  it("shows a real sshd's host key; names the failure of a closed port; refuses bad fields; audits each", async () => {
    const carol = await lab.as('carol');
    expect((await carol('POST', '/api/admin/computers/test', {})).status).toBe(403);
    const alice = await lab.as('alice');
    const ok = await alice('POST', '/api/admin/computers/test', {
      protocol: 'ssh',
      host: '127.0.0.1',
      port: sshd.port,
    });
    expect(ok.status).toBe(200);
    expect(ok.body['ssh']).toMatchObject({ knownHostsKey: sshd.hostPublicKey, fingerprint: sshd.hostKeySha256 });
    const closed = await alice('POST', '/api/admin/computers/test', {
      protocol: 'ssh',
      host: '127.0.0.1',
      port: await freePort(),
    });
    expect([closed.status, closed.body['code']]).toEqual([502, 'TARGET_REFUSED']);
    const bad = await alice('POST', '/api/admin/computers/test', { protocol: 'ftp', host: 'a b', port: 0 });
    expect(bad.status).toBe(400);
    expect((bad.body['fields'] as Array<{ path: string }>).map((f) => f.path).sort()).toEqual([
      'host',
      'port',
      'protocol',
    ]);
    const unknown = await alice('POST', '/api/admin/computers/test', {
      computerId: '00000000-0000-4000-8000-000000000000',
      protocol: 'ssh',
      host: '127.0.0.1',
      port: sshd.port,
    });
    expect(unknown.status).toBe(404);
    const audit = (await alice('GET', '/api/audit')).body['entries'] as Array<{ action: string; target: string }>;
    const tests = audit.filter((e) => e.action === 'computer.test').map((e) => e.target);
    expect(tests).toContainEqual(expect.stringContaining(sshd.hostKeySha256));
    expect(tests).toContainEqual(expect.stringContaining('failed (TARGET_REFUSED)'));
  });

  it('limits how many tests one administrator runs per minute (COMPUTER_TESTS_LIMITED, Retry-After)', async () => {
    const alice = await lab.as('alice');
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const codes: unknown[] = [];
    for (let i = 0; i < 3; i += 1)
      codes.push(
        (await alice('POST', '/api/admin/computers/test', { protocol: 'telnet', host: '127.0.0.1', port })).body[
          'code'
        ],
      );
    silent.close();
    // The test above spent 3 of alice's 4 a minute (a bad body never reaches the limit): one passes, then it refuses.
    expect(codes).toContain('COMPUTER_TESTS_LIMITED');
    const limited = await alice('POST', '/api/admin/computers/test', { protocol: 'telnet', host: '127.0.0.1', port });
    expect(limited.status).toBe(429);
    expect(limited.body['message']).toContain('too many connection tests');
    expect(Number(limited.body['retryAfterSeconds'])).toBeGreaterThan(0);
  });
});
