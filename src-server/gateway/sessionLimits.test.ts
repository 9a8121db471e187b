import crypto from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gatewayHello,
  gatewaySocket,
  seedLabPolicy,
  startGatewayLab,
  type GatewayLab,
  type GatewaySocket,
} from '../../e2e/support/gatewayLab';
import { instructionOfBytes } from '../../e2e/support/guacSizes';
import { sealTicket } from '@shared/node/tickets/gatewayTicket';

// A policy minute lasts 1 s here, and the owner is told 2 s before the policy's limit.
const gatewayKey = crypto.randomBytes(32);
let lab: GatewayLab;

beforeAll(async () => {
  lab = await startGatewayLab({ gatewayKey, timers: { policyMinuteSeconds: 1, sessionEndWarningSeconds: 2 } });
}, 60_000);
afterAll(async () => {
  await lab?.close();
});

const ready = (s: GatewaySocket) => expect.poll(() => s.sessionId(), { timeout: 5000 }).toBeTruthy();
const ticketFor = async (token: string, target: { policyId: string; computerId: string }) =>
  (await lab.api('POST', '/api/sessions/ticket', token, { ...target, acceptTerms: true })).body['ticket'] as string;
const audit = async () =>
  (await lab.api('GET', '/api/audit', await lab.tokenFor('carol'))).body['entries'] as Array<{
    actor: string;
    action: string;
    target: string;
  }>;
const endReason = (sessionId: string | undefined) => {
  const db = new Database(path.join(lab.dataDir, 'openpsm.db'), { readonly: true });
  try {
    return (
      db.prepare('SELECT end_reason FROM sessions WHERE id = ?').get(sessionId) as
        { end_reason: string | null } | undefined
    )?.end_reason;
  } finally {
    db.close();
  }
};
/** What the double (guacd) received from owners, by opcode. */
const receivedByGuacd = (opcode: string) =>
  lab
    .log()
    .filter((e) => (e['received'] as string[] | undefined)?.[0] === opcode)
    .map((e) => e['received'] as string[]);
/** Waits for the socket to close, or gives up after `ms` (the gateway let it run). */
const closedWithin = (s: GatewaySocket, ms: number) =>
  Promise.race([s.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);

describe("the policy's maximum duration", () => {
  it('ends the session at the limit with SESSION_TIME_LIMIT (a refreshed token does not carry it on), warns the owner before, shows the end in the Live list, and the registry and audit keep why', async () => {
    const target = await seedLabPolicy(lab, ['erin'], { maxDurationMinutes: 4 });
    const token = await lab.tokenFor('erin');
    const s = gatewaySocket(lab.server.url, gatewayHello(await ticketFor(token, target), token), { answerSync: true });
    await ready(s);
    const startedAt = Date.now();
    const list = (await lab.api('GET', '/api/live/sessions', await lab.tokenFor('bob'))).body['sessions'] as Array<{
      sessionId: string;
      endsAt: string;
    }>;
    const endsAt = list.find((l) => l.sessionId === s.sessionId())?.endsAt ?? '';
    // A refresh renews the sign-in, not the policy's limit.
    s.ws.send(JSON.stringify([['', 'openpsm.token', await lab.tokenFor('erin')]]));

    expect((await closedWithin(s, 8000))?.reason).toBe('SESSION_TIME_LIMIT');
    const endedAt = Date.now();
    expect(s.refusal()).toBe('SESSION_TIME_LIMIT');
    // 4 policy minutes of 1 s each, from the session's start.
    expect(Date.parse(endsAt) - startedAt).toBeGreaterThan(2000);
    expect(Date.parse(endsAt) - startedAt).toBeLessThanOrEqual(4000);
    expect(endedAt).toBeGreaterThanOrEqual(Date.parse(endsAt) - 50);
    expect(endedAt).toBeLessThan(Date.parse(endsAt) + 2000);
    // The warning came first, naming when and why.
    const warning = s.instructions.findIndex((i) => i[0] === '' && i[1] === 'openpsm.ends');
    const error = s.instructions.findIndex((i) => i[0] === '' && i[1] === 'openpsm.error');
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(warning).toBeLessThan(error);
    expect(s.instructions[warning]?.slice(2)).toEqual([endsAt, 'SESSION_TIME_LIMIT']);
    expect(s.instructions[error]?.[3]).toMatch(/longest time its access policy allows/);
    await expect.poll(() => endReason(s.sessionId()), { timeout: 3000 }).toBe('SESSION_TIME_LIMIT');
    await expect
      .poll(async () => (await audit()).find((e) => e.actor === 'erin' && e.action === 'session.end')?.target, {
        timeout: 3000,
      })
      .toMatch(/: SESSION_TIME_LIMIT$/);
  }, 20_000);
});

describe("guacd's whole-instruction limit on the gateway", () => {
  it('passes an instruction of exactly 32 KiB to guacd, and ends the session with PROTOCOL_VIOLATION (audited) on one byte more, which guacd never sees', async () => {
    const target = await seedLabPolicy(lab, ['erin'], { maxDurationMinutes: 600 });
    const token = await lab.tokenFor('erin');
    const s = gatewaySocket(lab.server.url, gatewayHello(await ticketFor(token, target), token), { answerSync: true });
    await ready(s);
    const atLimit = instructionOfBytes('blob', 32_768);
    s.ws.send(JSON.stringify([atLimit]));
    await expect
      .poll(() => receivedByGuacd('blob').filter((r) => r.length === atLimit.length).length, { timeout: 3000 })
      .toBe(1);
    expect(s.ws.readyState).toBe(s.ws.OPEN);

    s.ws.send(JSON.stringify([instructionOfBytes('blob', 32_769)]));
    expect((await closedWithin(s, 3000))?.reason).toBe('PROTOCOL_VIOLATION');
    expect(s.instructions.find((i) => i[1] === 'openpsm.error')?.[3]).toContain('"blob" of 32769 bytes');
    await new Promise((r) => setTimeout(r, 300));
    expect(receivedByGuacd('blob').filter((r) => r.length === atLimit.length)).toHaveLength(1);
    await expect
      .poll(
        async () =>
          (await audit()).find((e) => e.action === 'session.protocol_violation' && e.target.includes('32769 bytes'))
            ?.actor,
        { timeout: 3000 },
      )
      .toBe('erin');
  });
});

describe('an argv allowance on the gateway', () => {
  it('lets one answer to `required` through, then a second `argv` for the same name is a PROTOCOL_VIOLATION', async () => {
    // A VNC computer and a key-only personal credential: guacd has no password, so it asks.
    const admin = await lab.tokenFor('alice');
    const computer = await lab.api('POST', '/api/admin/computers', admin, {
      name: `lab-vnc-${crypto.randomUUID().slice(0, 6)}`,
      protocol: 'vnc',
      host: '127.0.0.1',
      port: 5905,
    });
    const erin = await lab.personId('erin');
    const policy = await lab.api('POST', '/api/admin/policies', admin, {
      name: `Vnc ${crypto.randomUUID().slice(0, 6)}`,
      persons: [erin],
      computers: [computer.body['id']],
      credentialKinds: ['personal'],
    });
    const now = Math.floor(Date.now() / 1000);
    const personal = { username: 'psmtest', secret: 'unit-Credential-Secret-1', kind: 'private-key' as const };
    const ticket = sealTicket(gatewayKey, {
      v: 1,
      jti: crypto.randomUUID(),
      kind: 'connect',
      personId: erin,
      policyId: policy.body['id'] as string,
      computerId: computer.body['id'] as string,
      accessLevelId: null,
      credential: { kind: 'personal', personal },
      iat: now,
      exp: now + 60,
    });
    const token = await lab.tokenFor('erin');
    const s = gatewaySocket(lab.server.url, gatewayHello(ticket, token), { answerSync: true });
    await expect.poll(() => s.instructions.find((i) => i[0] === 'required')?.[1], { timeout: 5000 }).toBe('password');

    s.ws.send(
      JSON.stringify([
        ['argv', '0', 'text/plain', 'password'],
        ['blob', '0', Buffer.from('vncpass1').toString('base64')],
        ['end', '0'],
      ]),
    );
    await expect
      .poll(() => lab.log().some((e) => e['effect'] === 'stream-end' && e['text'] === 'vncpass1'), { timeout: 3000 })
      .toBe(true);
    expect(s.ws.readyState).toBe(s.ws.OPEN);

    s.ws.send(JSON.stringify([['argv', '1', 'text/plain', 'password']]));
    expect((await closedWithin(s, 3000))?.reason).toBe('PROTOCOL_VIOLATION');
    expect(s.refusal()).toBe('PROTOCOL_VIOLATION');
    expect(receivedByGuacd('argv').filter((r) => r[1] === '1')).toEqual([]);
  });
});
