import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openStore, resolveServerKey } from '../index';
import { computerSecurity, setRdpSettings } from './rdpSecurity';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-rdp-db-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it("keeps a computer's RDP settings, and reads damaged ones as the default (verify) instead of failing", async () => {
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  try {
    const id = await store.catalog.createComputer({
      ...{ name: 'rdp-1', protocol: 'rdp', host: '127.0.0.1', port: 3389 },
      ...{ jitEnabled: false, recording: false, liveMonitoring: false },
    });
    expect((await computerSecurity(store.db, id))?.rdp).toEqual({ security: 'any', certificate: { check: 'verify' } });
    expect(await setRdpSettings(store.db, id, { security: 'tls', certificate: { check: 'ignore' } })).toBe(true);
    expect((await computerSecurity(store.db, id))?.rdp).toEqual({ security: 'tls', certificate: { check: 'ignore' } });
    await store.db.updateTable('computers').set({ rdp_certificate: '{not json', rdp_security: 'xyz' }).execute();
    expect((await computerSecurity(store.db, id))?.rdp).toEqual({ security: 'any', certificate: { check: 'verify' } });
    expect(
      await setRdpSettings(store.db, '00000000-0000-4000-8000-000000000000', {
        security: 'any',
        certificate: { check: 'verify' },
      }),
    ).toBe(false);
  } finally {
    await store.close();
  }
});
