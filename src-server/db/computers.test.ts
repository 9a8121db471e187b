import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newComputerSchema, type NewComputer } from '@shared/common/api/controlPlane/computerFields';
import { serverKeyFrom } from '../secrets/serverKey';
import { openStore, type Store } from './openStore';
import { storeTargets } from './storeTargets.testkit';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('computers');
const hostKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG2aWf8oXqjKk3Yk1GxSrQv5C8xX0oC8Jm3lK3mYqWbX';

const computer = (fields: Partial<NewComputer> & { name: string }): NewComputer =>
  newComputerSchema.parse({ protocol: 'ssh', host: `${fields.name}.lab`, port: 22, ...fields });

/** 5,000 computers in one statement per 500: every tenth RDP, every third tagged `prod`. */
async function fiveThousand(store: Store) {
  const rows = Array.from({ length: 5000 }, (_, i) => ({
    id: crypto.randomUUID(),
    name: `host-${String(i).padStart(4, '0')}`,
    protocol: i % 10 === 0 ? 'rdp' : 'ssh',
    host: `10.0.${Math.floor(i / 250)}.${i % 250}`,
    port: 22,
    jit_enabled: 0,
    recording: 1,
    live_monitoring: 1,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    await store.db.insertInto('computers').values(batch).execute();
    const tagged = batch.filter((_, j) => (i + j) % 3 === 0).map((r) => ({ computer_id: r.id, tag: 'prod' }));
    await store.db.insertInto('computer_tags').values(tagged).execute();
  }
}

describe.each(targets)('computers on $name', (target) => {
  const withStore = async (work: (store: Store) => Promise<void>) => {
    const store = await openStore(target.options(), key);
    try {
      await work(store);
    } finally {
      await store.close();
    }
  };

  it('pages through 5,000 computers by name, with the total, and filters by text, protocol and tag', async () => {
    await withStore(async (store) => {
      await fiveThousand(store);
      const page = (filter: object) => store.computers.list({ limit: 50, offset: 0, ...filter });
      const first = await page({});
      expect(first.total).toBe(5000);
      expect(first.computers.map((c) => c.name).slice(0, 2)).toEqual(['host-0000', 'host-0001']);
      const seen = new Set<string>();
      for (let offset = 0; offset < 5000; offset += 200)
        for (const c of (await store.computers.list({ limit: 200, offset })).computers) seen.add(c.id);
      expect(seen.size).toBe(5000);
      const last = await page({ offset: 4990 });
      expect(last.computers.map((c) => c.name).at(-1)).toBe('host-4999');
      expect((await page({ protocol: 'rdp' })).total).toBe(500);
      expect((await page({ tag: 'prod' })).total).toBe(1667);
      expect((await page({ tag: 'prod', protocol: 'rdp' })).total).toBe(167);
      const searched = await page({ search: 'HOST-012' });
      expect(searched.total).toBe(10);
      expect((await page({ search: '10.0.19.' })).total).toBe(250);
      // % and _ are searched as themselves, not as wildcards.
      expect((await page({ search: '%' })).total).toBe(0);
      expect((await page({ search: 'host_' })).total).toBe(0);
      expect(first.computers[0]?.tags).toEqual(['prod']);
    });
  }, 60_000);

  it('keeps tags and each protocol its own options; an edit moves the revision and a stale one changes nothing', async () => {
    await withStore(async (store) => {
      const id = await store.computers.create(
        computer({ name: 'db', tags: ['prod', 'db', 'prod'], sshHostKey: hostKey }),
      );
      const made = await store.computers.get(id);
      expect(made).toMatchObject({ tags: ['db', 'prod'], sshHostKey: hostKey, revision: 1, jitProvisioner: null });
      expect(await store.computers.update(made!, { revision: 1, host: 'db2.lab', tags: ['db'] })).toBe(true);
      const edited = await store.computers.get(id);
      expect(edited).toMatchObject({ host: 'db2.lab', tags: ['db'], revision: 2, sshHostKey: hostKey });
      expect(await store.computers.update(made!, { revision: 1, host: 'lost.lab' })).toBe(false);
      expect((await store.computers.get(id))?.host).toBe('db2.lab');
      // Becoming VNC drops the SSH key; the colour depth is kept.
      expect(await store.computers.update(edited!, { revision: 2, protocol: 'vnc', vncColorDepth: 16 })).toBe(true);
      expect(await store.computers.get(id)).toMatchObject({ protocol: 'vnc', sshHostKey: null, vncColorDepth: 16 });
      const rdp = await store.computers.create(
        computer({
          name: 'win',
          protocol: 'rdp',
          rdpDomain: 'LAB',
          rdp: { security: 'nla', certificate: { check: 'ignore' } },
        }),
      );
      expect(await store.computers.get(rdp)).toMatchObject({
        rdpDomain: 'LAB',
        rdp: { security: 'nla', certificate: { check: 'ignore' } },
      });
      const secret = `Provisioner-${crypto.randomUUID()}`;
      await store.jit.setProvisioner(rdp, {
        port: 22,
        username: 'prov',
        secret,
        secretKind: 'password',
        hostKeySha256: `SHA256:${'A'.repeat(43)}`,
      });
      const withJit = await store.computers.get(rdp);
      expect(withJit?.jitProvisioner).toEqual({
        username: 'prov',
        port: 22,
        secretKind: 'password',
        hostKeySha256: `SHA256:${'A'.repeat(43)}`,
      });
      expect(JSON.stringify(withJit)).not.toContain(secret);
      expect(await store.computers.remove(id)).toBe(true);
      expect(await store.computers.remove(id)).toBe(false);
      expect(await store.db.selectFrom('computer_tags').selectAll().where('computer_id', '=', id).execute()).toEqual(
        [],
      );
    });
  });
});

describe('a pinned SSH host key', () => {
  const parse = (text: string) => newComputerSchema.shape.sshHostKey.safeParse(text);
  it('is kept as type and key, whether pasted from ssh-keyscan, a .pub file or known_hosts', () => {
    expect(parse(`[127.0.0.1]:2222 ${hostKey}`).data).toBe(hostKey);
    expect(parse(`${hostKey} root@db`).data).toBe(hostKey);
    expect(parse(`  ${hostKey}\n`).data).toBe(hostKey);
  });
  it('is refused when it is not a public key of its type', () => {
    expect(parse('SHA256:abcdef').success).toBe(false);
    expect(parse('ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIG2aWf8o').success).toBe(false);
    expect(parse('ssh-ed25519 not base64!').success).toBe(false);
  });
});
