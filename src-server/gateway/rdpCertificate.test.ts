import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argsList } from '../../e2e/fixtures/guacd/captures';
import { gatewayHello, gatewaySocket, labSecret, startGatewayLab, type GatewayLab } from '../../e2e/support/gatewayLab';

let lab: GatewayLab;
const rdpArgs = argsList('1.6.0')['rdp'] ?? [];
const fingerprint = Array.from({ length: 32 }, (_, i) => (i + 16).toString(16).toUpperCase()).join(':');

beforeAll(async () => {
  lab = await startGatewayLab();
}, 60_000);
afterAll(async () => {
  await lab?.close();
});

/** The lab's RDP computer (the double's self-signed xrdp) with these settings, in a policy for Erin. */
async function rdpComputer(rdp: unknown): Promise<{ policyId: string; computerId: string; name: string }> {
  const admin = await lab.tokenFor('alice');
  const name = `rdp-${crypto.randomUUID().slice(0, 6)}`;
  const computer = await lab.api('POST', '/api/admin/computers', admin, {
    name,
    protocol: 'rdp',
    host: '127.0.0.1',
    port: 3389,
    rdp,
  });
  const computerId = computer.body['id'] as string;
  await lab.api('POST', '/api/admin/credentials', admin, { computerId, username: 'psmtest', secret: labSecret });
  const policy = await lab.api('POST', '/api/admin/policies', admin, {
    name: `Lab ${name}`,
    persons: [await lab.personId('erin')],
    computers: [computerId],
    credentialKinds: ['shared'],
  });
  return { policyId: policy.body['id'] as string, computerId, name };
}

/** Erin opens a session on the computer; resolves with the socket once it is ready or refused. */
async function session({ policyId, computerId }: { policyId: string; computerId: string }) {
  const token = await lab.tokenFor('erin');
  const issued = await lab.api('POST', '/api/sessions/ticket', token, { policyId, computerId, acceptTerms: true });
  const ticket = issued.body['ticket'];
  const socket = gatewaySocket(lab.server.url, gatewayHello(ticket, token));
  await expect.poll(() => socket.sessionId() ?? socket.refusal(), { timeout: 8000 }).toBeTruthy();
  return socket;
}

/** The value guacd received for `name` in the last RDP connect. */
const connectValue = (name: string) => {
  const connects = lab
    .log()
    .map((e) => e['received'] as string[] | undefined)
    .filter((r) => r?.[0] === 'connect' && r.length === rdpArgs.length + 2);
  return connects.at(-1)?.[2 + rdpArgs.indexOf(name)];
};

const sessionStarts = async (name: string) => {
  const entries = (await lab.api('GET', '/api/audit', await lab.tokenFor('carol'))).body['entries'] as unknown[];
  return entries.map((e) => JSON.stringify(e)).filter((e) => e.includes('session.start') && e.includes(name));
};

describe("the gateway and an RDP computer's certificate", () => {
  it('sends the pinned fingerprints to guacd, and the session starts with no warning', async () => {
    const target = await rdpComputer({ security: 'tls', certificate: { check: 'pin', fingerprints: [fingerprint] } });
    const socket = await session(target);
    expect(socket.refusal()).toBeUndefined();
    expect(connectValue('cert-fingerprints')).toBe(`sha256:${fingerprint}`);
    expect(connectValue('security')).toBe('tls');
    expect(connectValue('ignore-cert')).toBe('');
    const starts = await sessionStarts(target.name);
    expect(starts).toHaveLength(1);
    expect(starts[0]).not.toContain('warning');
    socket.ws.close();
  });

  it('sends ignore-cert to guacd, and the audit of the session start warns the certificate was not checked', async () => {
    const target = await rdpComputer({ security: 'any', certificate: { check: 'ignore' } });
    const socket = await session(target);
    expect(socket.refusal()).toBeUndefined();
    expect(connectValue('ignore-cert')).toBe('true');
    expect(connectValue('cert-fingerprints')).toBe('');
    expect(await sessionStarts(target.name)).toEqual([expect.stringContaining('warning: RDP certificate not checked')]);
    socket.ws.close();
  });
});
