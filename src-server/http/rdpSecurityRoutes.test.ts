import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInHeadless } from '../../e2e/support/signIn';
import { writeSelfSigned } from '../../e2e/support/selfSigned';
import { createLogger } from '@shared/node/logger';
import { seedDemo } from '../demo';
import { openStore, resolveServerKey, startServer, type RunningServer } from '../index';

const password = `Pw-${crypto.randomUUID()}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-rdp-routes-'));
const { cert, key } = writeSelfSigned(work);
const fingerprint = new crypto.X509Certificate(fs.readFileSync(cert)).fingerprint256;
let server: RunningServer;
let rdpServer: net.Server;
const ids: Record<string, string> = {};

/** A computer that answers like xrdp: X.224 Connection Confirm choosing TLS, then TLS on the same socket. */
function fakeRdpServer(): net.Server {
  const confirm = Buffer.from([0x03, 0, 0, 0x13, 0x0e, 0xd0, 0, 0, 0x12, 0x34, 0, 2, 0, 0x08, 0, 1, 0, 0, 0]);
  return net.createServer((socket) => {
    socket.once('data', () => {
      socket.write(confirm);
      const secure = new tls.TLSSocket(socket, {
        isServer: true,
        cert: fs.readFileSync(cert),
        key: fs.readFileSync(key),
      });
      secure.on('error', () => undefined);
    });
  });
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  rdpServer = fakeRdpServer();
  await new Promise<void>((resolve) => rdpServer.listen(0, '127.0.0.1', resolve));
  const dataDir = path.join(work, 'data');
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await seedDemo(store, password, `Secret-${crypto.randomUUID()}`);
  const computer = (name: string, protocol: 'rdp' | 'ssh', port: number) =>
    store.catalog.createComputer({
      name,
      protocol,
      host: '127.0.0.1',
      port,
      jitEnabled: false,
      recording: false,
      liveMonitoring: false,
    });
  ids['rdp'] = await computer('lab-rdp', 'rdp', (rdpServer.address() as net.AddressInfo).port);
  ids['closed'] = await computer('gone-rdp', 'rdp', await freePort());
  ids['ssh'] = await computer('lab-ssh', 'ssh', 2222);
  await store.close();
  server = await startServer({ dataDir, log: createLogger({ name: 's', sink: () => undefined }) });
}, 60_000);
afterAll(async () => {
  await server?.close();
  rdpServer?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function as(username: string) {
  const result = await signInHeadless(server.url, username, password);
  if ('refused' in result) throw new Error(result.refused);
  const token = result.tokens.access_token;
  return async (method: string, pathname: string, body?: unknown) => {
    const res = await fetch(new URL(pathname, server.url), {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

async function auditDetails(action: string): Promise<string[]> {
  const audit = (await (await as('carol'))('GET', '/api/audit')).body as {
    entries: Array<{ action: string; detail?: string; target?: string }>;
  };
  return audit.entries.filter((e) => e.action === action).map((e) => JSON.stringify(e));
}

const pin = { security: 'tls', certificate: { check: 'pin', fingerprints: [fingerprint] } };

describe("an RDP computer's security settings", () => {
  it('sets pin and ignore on an RDP computer, and the audit says which (ignore with its warning)', async () => {
    const alice = await as('alice');
    expect(await alice('PUT', `/api/admin/computers/${ids['rdp']}/rdp`, pin)).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    const ignore = { security: 'any', certificate: { check: 'ignore' } };
    expect((await alice('PUT', `/api/admin/computers/${ids['rdp']}/rdp`, ignore)).status).toBe(200);
    const details = await auditDetails('computer.rdp_security');
    expect(details.some((d) => d.includes(`lab-rdp: security tls, certificate pinned ${fingerprint}`))).toBe(true);
    expect(
      details.some((d) =>
        d.includes('lab-rdp: security any, certificate IGNORED (warning: any certificate is accepted)'),
      ),
    ).toBe(true);
  });

  it('refuses an SSH computer (BAD_REQUEST), an unknown id (NOT_FOUND) and a malformed fingerprint (naming the field)', async () => {
    const alice = await as('alice');
    expect(await alice('PUT', `/api/admin/computers/${ids['ssh']}/rdp`, pin)).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST' },
    });
    expect(await alice('PUT', `/api/admin/computers/${crypto.randomUUID()}/rdp`, pin)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    const bad = { security: 'any', certificate: { check: 'pin', fingerprints: ['AA:BB'] } };
    const refused = await alice('PUT', `/api/admin/computers/${ids['rdp']}/rdp`, bad);
    expect(refused).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(refused.body['fields'])).toContain('certificate.fingerprints.0');
    const sshWithRdp = { name: 'ssh-with-rdp', protocol: 'ssh', host: '127.0.0.1', port: 22, rdp: pin };
    const created = await alice('POST', '/api/admin/computers', sshWithRdp);
    expect(created).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(created.body['fields'])).toContain('"rdp"');
  });

  it('refuses anyone but an administrator', async () => {
    for (const username of ['bob', 'erin']) {
      const caller = await as(username);
      expect((await caller('PUT', `/api/admin/computers/${ids['rdp']}/rdp`, pin)).status).toBe(403);
      expect((await caller('POST', `/api/admin/computers/${ids['rdp']}/rdp-certificate`)).status).toBe(403);
    }
  });

  it('reads the certificate the computer presents, and says when nothing listens', async () => {
    const alice = await as('alice');
    const seen = await alice('POST', `/api/admin/computers/${ids['rdp']}/rdp-certificate`);
    expect(seen).toMatchObject({ status: 200, body: { fingerprint, protocol: 'tls' } });
    expect(await alice('POST', `/api/admin/computers/${ids['closed']}/rdp-certificate`)).toMatchObject({
      body: { code: 'TARGET_UNREACHABLE' },
    });
  });
});
