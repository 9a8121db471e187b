import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { labTargets } from '../../e2e/fixtures/guacd-double/config';
import { argsList } from '../../e2e/fixtures/guacd/captures';
import { startDouble, type RunningDouble } from '../../e2e/fixtures/guacd-double/server';
import { signInHeadless } from '../../e2e/support/signIn';
import { createLogger } from '@shared/node/logger';
import { sealTicket } from '@shared/node/tickets/gatewayTicket';
import { seedDemo } from '../demo';
import type { ServerTimers } from '../config';
import { openStore, resolveServerKey, startServer, type RunningServer } from '../index';
import { decodeInstructions } from '@shared/common/guac';
import { readJsonLines } from '../../e2e/support/jsonLines';

const password = 'demo-Password-1234';
const labSecret = 'psmtest-Pass1';
const gatewayKey = crypto.randomBytes(32);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-gateway-'));
const doubleLog = path.join(work, 'double.jsonl');
let dataDir: string;
let double: RunningDouble;
let server: RunningServer;
let lab: { policyId: string; computerId: string };

const received = () =>
  readJsonLines<{ received?: string[] }>(doubleLog)
    .map((l) => l.received)
    .filter((r): r is string[] => Array.isArray(r));
const start = (timers: Partial<ServerTimers> = {}) =>
  startServer({
    dataDir,
    gatewayKey,
    guacd: { host: '127.0.0.1', port: double.port },
    timers,
    log: createLogger({ name: 's', sink: () => undefined }),
  });

async function api(method: string, pathname: string, token: string, body?: unknown) {
  const res = await fetch(new URL(pathname, server.url), {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}
async function tokenFor(username: string) {
  const result = await signInHeadless(server.url, username, password);
  if ('refused' in result) throw new Error(result.refused);
  return result.tokens.access_token;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-gateway-data-'));
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await seedDemo(store, password, 'Shared-Secret-Never-Returned-42');
  await store.close();
  double = await startDouble({ port: 0, log: doubleLog, targets: labTargets });
  server = await start();
  // A computer the double serves, with the lab account as its shared credential, for erin.
  const admin = await tokenFor('alice');
  const erin = (await api('GET', '/api/admin/persons', admin)) as { persons: Array<{ id: string; username: string }> };
  const computer = await api('POST', '/api/admin/computers', admin, {
    name: 'lab-ssh',
    protocol: 'ssh',
    host: '127.0.0.1',
    port: 2222,
  });
  await api('POST', '/api/admin/credentials', admin, {
    computerId: computer['id'],
    username: 'psmtest',
    secret: labSecret,
  });
  const policy = await api('POST', '/api/admin/policies', admin, {
    name: 'Lab',
    persons: [erin.persons.find((p) => p.username === 'erin')?.id],
    computers: [computer['id']],
    credentialKinds: ['shared'],
    terms: 'Lab terms.',
    disablePaste: true,
  });
  lab = { policyId: policy['id'] as string, computerId: computer['id'] as string };
}, 60_000);
afterAll(async () => {
  await server?.close();
  await double?.close();
});

const hello = (ticket: unknown, accessToken: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ticket, accessToken, width: 1024, height: 768, dpi: 96, timezone: 'UTC', name: 'Erin', ...extra });

/** Opens the gateway socket, sends the first message, and collects every instruction until it closes. */
function gatewaySession(first: string) {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/gateway`);
  const instructions: string[][] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('open', () => ws.send(first));
  // A binary frame is marked: a browser's tunnel reads only text frames.
  ws.on('message', (data, binary) =>
    instructions.push(...(binary ? [['binary']] : decodeInstructions(data.toString()))),
  );
  const refusal = () => instructions.find((i) => i[0] === '' && i[1] === 'openpsm.error')?.[2];
  return { ws, instructions, closed, refusal };
}
const ticketFor = async (token: string) =>
  (await api('POST', '/api/sessions/ticket', token, { ...lab, acceptTerms: true }))['ticket'] as string;

describe('the gateway', () => {
  it('opens the session with the shared credential it holds itself, relays the screen, and registers start and end', async () => {
    const token = await tokenFor('erin');
    const first = hello(await ticketFor(token), token);
    expect(first).not.toContain(labSecret);
    const s = gatewaySession(first);
    await expect.poll(() => s.instructions.some((i) => i[0] === 'sync'), { timeout: 5000 }).toBe(true);
    const ready = s.instructions.find((i) => i[0] === '' && i[1] === 'openpsm.ready');
    expect(ready?.[2]).toMatch(/^[0-9a-f-]{36}$/);
    const connect =
      received()
        .filter((r) => r[0] === 'connect')
        .at(-1) ?? [];
    expect(connect).toContain(labSecret);
    // The policy's clipboard rule reaches guacd from the gateway, by name.
    const names = argsList('1.6.0')['ssh'] ?? [];
    expect([connect[2 + names.indexOf('disable-paste')], connect[2 + names.indexOf('disable-copy')]]).toEqual([
      'true',
      'false',
    ]);
    expect(JSON.stringify(s.instructions)).not.toContain(labSecret);
    expect(s.instructions).not.toContainEqual(['binary']);
    s.ws.close();
    await s.closed;
    const db = new Database(path.join(dataDir, 'openpsm.db'), { readonly: true });
    await expect
      .poll(
        () => db.prepare('SELECT end_reason, guacd_id, recording_name FROM sessions WHERE id = ?').get(ready?.[2]),
        { timeout: 3000 },
      )
      .toMatchObject({
        end_reason: 'CLIENT_CLOSED',
        guacd_id: expect.stringMatching(/^\$/),
        recording_name: ready?.[2],
      });
    db.close();
    // The computer is recorded: guacd was told where, by the gateway, under the session's id.
    expect(connect).toContain(path.join(dataDir, 'recordings'));
    expect(fs.existsSync(path.join(dataDir, 'recordings', ready?.[2] ?? 'none'))).toBe(true);
    const audit = (await api('GET', '/api/audit', await tokenFor('carol'))) as {
      entries: Array<{ actor: string; action: string }>;
    };
    expect(
      audit.entries
        .filter((e) => e.actor === 'erin')
        .map((e) => e.action)
        .slice(0, 3),
    ).toEqual(['session.end', 'session.start', 'terms.accept']);
  });

  it('refuses a forged, a replayed (also after a restart) and an expired ticket, and a first message carrying anything else', async () => {
    const token = await tokenFor('erin');
    const forged = gatewaySession(
      hello(
        sealTicket(crypto.randomBytes(32), {
          v: 1,
          jti: crypto.randomUUID(),
          kind: 'connect',
          personId: crypto.randomUUID(),
          ...lab,
          accessLevelId: null,
          credential: { kind: 'shared' },
          iat: 0,
          exp: 4_000_000_000,
        }),
        token,
      ),
    );
    await forged.closed;
    expect(forged.refusal()).toBe('TICKET_INVALID');

    const ticket = await ticketFor(token);
    const used = gatewaySession(hello(ticket, token));
    await expect.poll(() => used.instructions.some((i) => i[1] === 'openpsm.ready'), { timeout: 5000 }).toBe(true);
    used.ws.close();
    const replay = gatewaySession(hello(ticket, token));
    await replay.closed;
    expect(replay.refusal()).toBe('TICKET_REPLAYED');
    await server.close();
    server = await start();
    const afterRestart = gatewaySession(hello(ticket, await tokenFor('erin')));
    await afterRestart.closed;
    expect(afterRestart.refusal()).toBe('TICKET_REPLAYED');

    const fresh = await tokenFor('erin');
    const me = (await api('GET', '/api/me', fresh)) as { id: string };
    const past = Math.floor(Date.now() / 1000) - 120;
    const expired = gatewaySession(
      hello(
        sealTicket(gatewayKey, {
          v: 1,
          jti: crypto.randomUUID(),
          kind: 'connect',
          personId: me.id,
          ...lab,
          accessLevelId: null,
          credential: { kind: 'shared' },
          iat: past,
          exp: past + 60,
        }),
        fresh,
      ),
    );
    await expired.closed;
    expect(expired.refusal()).toBe('TICKET_EXPIRED');

    const smuggled = gatewaySession(
      hello(await ticketFor(fresh), fresh, { hostname: '10.9.9.9', password: 'from-the-desktop' }),
    );
    await smuggled.closed;
    expect(smuggled.refusal()).toBe('TICKET_INVALID');
    // A ticket with someone else's sign-in is refused too.
    const borrowed = gatewaySession(hello(await ticketFor(fresh), await tokenFor('alice')));
    await borrowed.closed;
    expect(borrowed.refusal()).toBe('TOKEN_INVALID');
    expect(JSON.stringify(received())).not.toContain('from-the-desktop');
  });

  it('ends the session on an opcode a client may not send, and guacd never sees it', async () => {
    const token = await tokenFor('erin');
    const s = gatewaySession(hello(await ticketFor(token), token));
    await expect.poll(() => s.instructions.some((i) => i[1] === 'openpsm.ready'), { timeout: 5000 }).toBe(true);
    s.ws.send(JSON.stringify([['select', 'vnc']]));
    const { reason } = await s.closed;
    expect(reason).toBe('PROTOCOL_VIOLATION');
    expect(s.refusal()).toBe('PROTOCOL_VIOLATION');
    const selects = received()
      .filter((r) => r[0] === 'select')
      .map((r) => r[1]);
    expect(selects).not.toContain('vnc');
    const audit = (await api('GET', '/api/audit', await tokenFor('carol'))) as {
      entries: Array<{ action: string; target: string }>;
    };
    expect(audit.entries.find((e) => e.action === 'session.protocol_violation')?.target).toContain('"select"');
  });

  it('lives as long as the sign-in: a forwarded token carries it past the old expiry, none ends it, and so does a revoke', async () => {
    await server.close();
    server = await start({ accessTokenTtlSeconds: 3, gatewayTokenCheckSeconds: 1 });
    try {
      const first = await tokenFor('erin');
      const kept = gatewaySession(hello(await ticketFor(first), first));
      const dropped = gatewaySession(hello(await ticketFor(first), first));
      await expect
        .poll(
          () =>
            kept.instructions.some((i) => i[1] === 'openpsm.ready') &&
            dropped.instructions.some((i) => i[1] === 'openpsm.ready'),
          { timeout: 5000 },
        )
        .toBe(true);
      await new Promise((r) => setTimeout(r, 1500));
      kept.ws.send(JSON.stringify([['', 'openpsm.token', await tokenFor('erin')]]));
      // The one without a newer token ends at its exp with TOKEN_EXPIRED; the other goes on.
      expect((await dropped.closed).reason).toBe('TOKEN_EXPIRED');
      expect(dropped.refusal()).toBe('TOKEN_EXPIRED');
      expect(kept.ws.readyState).toBe(WebSocket.OPEN);
      // A revoke ends it at the next check, before the newest token's exp: the registry says which.
      const latest = await tokenFor('erin');
      kept.ws.send(JSON.stringify([['', 'openpsm.token', latest]]));
      const erinId = ((await api('GET', '/api/me', latest)) as { id: string }).id;
      const admin = await tokenFor('alice');
      await api('POST', `/api/admin/persons/${erinId}/revoke`, admin);
      expect((await kept.closed).reason).toBe('SIGN_IN_REVOKED');
      const readyOf = (s: ReturnType<typeof gatewaySession>) =>
        s.instructions.find((i) => i[1] === 'openpsm.ready')?.[2];
      const db = new Database(path.join(dataDir, 'openpsm.db'), { readonly: true });
      const reasons = () =>
        [readyOf(dropped), readyOf(kept)].map(
          (id) =>
            (db.prepare('SELECT end_reason FROM sessions WHERE id = ?').get(id) as { end_reason: string | null })
              .end_reason,
        );
      await expect.poll(reasons, { timeout: 3000 }).toEqual(['TOKEN_EXPIRED', 'SIGN_IN_REVOKED']);
      db.close();
    } finally {
      await server.close();
      server = await start();
    }
  }, 20_000);

  it('ends guacd at once when the client leaves while the session is starting', async () => {
    const left = () =>
      fs
        .readFileSync(doubleLog, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"event":"left"')).length;
    const connects = () => received().filter((r) => r[0] === 'connect').length;
    const before = { left: left(), connects: connects() };
    const token = await tokenFor('erin');
    const first = hello(await ticketFor(token), token);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/gateway`);
    ws.on('open', () => {
      ws.send(first);
      ws.close();
    });
    await expect.poll(() => connects(), { timeout: 5000 }).toBe(before.connects + 1);
    await expect.poll(() => left(), { timeout: 5000 }).toBe(before.left + 1);
  });

  it('refuses a ticket issued before a policy edit with POLICY_CHANGED; a new one starts under the new revision', async () => {
    const token = await tokenFor('erin');
    const before = await ticketFor(token);
    const admin = await tokenFor('alice');
    const policy = await api('GET', `/api/admin/policies/${lab.policyId}`, admin);
    const edited = await api('PATCH', `/api/admin/policies/${lab.policyId}`, admin, { ...policy, terms: 'New terms.' });
    const old = gatewaySession(hello(before, token));
    await old.closed;
    expect(old.refusal()).toBe('POLICY_CHANGED');
    const s = gatewaySession(hello(await ticketFor(token), token));
    await expect.poll(() => s.instructions.some((i) => i[1] === 'openpsm.ready'), { timeout: 5000 }).toBe(true);
    const id = s.instructions.find((i) => i[1] === 'openpsm.ready')?.[2];
    s.ws.close();
    await s.closed;
    const db = new Database(path.join(dataDir, 'openpsm.db'), { readonly: true });
    expect(db.prepare('SELECT policy_revision FROM sessions WHERE id = ?').get(id)).toEqual({
      policy_revision: edited['revision'],
    });
    db.close();
  });
});
