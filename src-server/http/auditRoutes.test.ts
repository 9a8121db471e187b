import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeededServer } from './seededServer.testkit';

let lab: Awaited<ReturnType<typeof startSeededServer>>;
beforeAll(async () => {
  lab = await startSeededServer('openpsm-audit-routes-');
}, 60_000);
afterAll(() => lab?.stop());

const path = '/api/admin/audit-forwarding';
// Switched off, so that nothing is sent anywhere while the settings change.
const settings = { enabled: false, host: 'syslog.example.test', port: 6514, tls: true, caPem: '' };

describe('audit forwarding carries a revision', () => {
  it('a save naming an older revision is refused as stale and changes nothing; the current one saves and raises it', async () => {
    const alice = await lab.as('alice');
    const { revision } = (await alice('GET', path)).body as { revision: number };
    expect(revision).toBe(0);
    const first = await alice('PUT', path, { ...settings, revision });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ settings: { host: 'syslog.example.test' }, revision: 1 });
    const stale = await alice('PUT', path, { ...settings, host: 'other.example.test', revision });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'STALE_REVISION' });
    expect(String(stale.body['message'])).toContain('audit forwarding');
    expect((await alice('GET', path)).body).toMatchObject({ settings: { host: 'syslog.example.test' }, revision: 1 });
    const same = await alice('PUT', path, { ...settings, revision: 1 });
    expect(same.body).toMatchObject({ revision: 1 });
  });

  it('a save without a revision still saves (API callers that send none), and raises it', async () => {
    const alice = await lab.as('alice');
    const before = ((await alice('GET', path)).body as { revision: number }).revision;
    const saved = await alice('PUT', path, { ...settings, port: 6601 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ settings: { port: 6601 }, revision: before + 1 });
    const bad = await alice('PUT', path, { ...settings, revision: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'BAD_REQUEST' });
  });
});
