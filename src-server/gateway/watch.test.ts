import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gatewayHello,
  gatewaySocket,
  seedLabPolicy,
  startGatewayLab,
  type GatewayLab,
  type GatewaySocket,
} from '../../e2e/support/gatewayLab';
import { strayStreamData } from '../../e2e/support/guacStreams';

let lab: GatewayLab;
let open: { policyId: string; computerId: string };
const queueCap = 64 * 1024;

beforeAll(async () => {
  lab = await startGatewayLab({
    watcherQueueBytes: queueCap,
    timers: { liveWaitSeconds: 2, gatewayTokenCheckSeconds: 1 },
  });
  open = await seedLabPolicy(lab, ['erin', 'bob']);
}, 60_000);
afterAll(() => lab?.close());

/** Erin's session through the gateway on a policy's computer, rendering at once. */
async function ownerSession(target = open): Promise<{ socket: GatewaySocket; sessionId: string; token: string }> {
  const token = await lab.tokenFor('erin');
  const ticket = (await lab.api('POST', '/api/sessions/ticket', token, { ...target, acceptTerms: true })).body[
    'ticket'
  ];
  const socket = gatewaySocket(lab.server.url, gatewayHello(ticket, token), { answerSync: true });
  await expect.poll(() => socket.sessionId(), { timeout: 5000 }).toBeTruthy();
  return { socket, sessionId: socket.sessionId() ?? '', token };
}

/** Bob (access manager) asks for a join ticket and joins. */
async function watcher(sessionId: string, options: { answerSync?: boolean } = {}) {
  const token = await lab.tokenFor('bob');
  const join = await lab.api('POST', `/api/live/sessions/${sessionId}/watch`, token, {});
  expect(join.status).toBe(201);
  return gatewaySocket(lab.server.url, gatewayHello(join.body['ticket'], token, { name: 'ignored' }), options);
}

const close = async (...sockets: GatewaySocket[]) => {
  for (const s of sockets) s.ws.close();
  await Promise.all(sockets.map((s) => s.closed));
};

describe('live monitoring through the gateway', () => {
  it('lists the session for access managers only, and the list moves when it starts, gains a watcher and ends', async () => {
    const bob = await lab.tokenFor('bob');
    const before = (await lab.api('GET', '/api/live/sessions', bob)).body as { version: number };
    const waiting = lab.api('POST', '/api/live/sessions/wait', bob, { since: before.version });
    const owner = await ownerSession();
    const changed = (await waiting).body as { version: number; sessions: Array<Record<string, unknown>> };
    expect(changed.version).toBeGreaterThan(before.version);
    expect(changed.sessions.find((s) => s['sessionId'] === owner.sessionId)).toMatchObject({
      username: 'erin',
      protocol: 'ssh',
      recorded: true,
      liveMonitoring: true,
      watchers: 0,
      accessLevel: null,
    });
    const erin = await lab.api('GET', '/api/live/sessions', owner.token);
    expect([erin.status, erin.body['code']]).toEqual([403, 'FORBIDDEN_ROLE']);
    const refused = await lab.api('POST', `/api/live/sessions/${owner.sessionId}/watch`, owner.token, {});
    expect([refused.status, refused.body['code']]).toEqual([403, 'FORBIDDEN_ROLE']);
    await close(owner.socket);
    await expect
      .poll(async () => ((await lab.api('GET', '/api/live/sessions', bob)).body['sessions'] as unknown[]).length)
      .toBe(0);
  });

  it('joins read-only: the watcher gets the screen, its input never reaches guacd, and the owner hears who joined and left', async () => {
    const owner = await ownerSession();
    const watch = await watcher(owner.sessionId, { answerSync: true });

    await expect
      .poll(() => watch.instructions.filter((i) => i[0] === 'sync').length, { timeout: 5000 })
      .toBeGreaterThan(0);
    expect(watch.sessionId()).toBe(owner.sessionId);
    // guacd sends a joining user the terminal's parameters as argv streams: none of it reaches the watcher.
    expect(strayStreamData(watch.instructions)).toEqual([]);
    expect(watch.instructions.filter((i) => i[0] === 'blob').length).toBeGreaterThan(0);
    expect(watch.instructions.some((i) => i[0] === 'argv')).toBe(false);
    watch.ws.send(
      JSON.stringify([
        ['key', '65', '1'],
        ['key', '65', '0'],
        ['mouse', '10', '10', '1'],
        ['clipboard', '9', 'text/plain'],
        ['blob', '9', 'aGk='],
        ['end', '9'],
      ]),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const watcherInput = lab
      .log()
      .filter(
        (e) =>
          e['role'] === 'watcher' &&
          ['key', 'mouse', 'clipboard', 'blob', 'end'].includes((e['received'] as string[])[0] ?? ''),
      );
    expect(watcherInput).toEqual([]);
    await expect
      .poll(() => owner.socket.instructions.find((i) => i[0] === 'msg' && i[1] === '1')?.[3], { timeout: 5000 })
      .toBe('Bob Manager');
    await close(watch);
    await expect
      .poll(() => owner.socket.instructions.some((i) => i[0] === 'msg' && i[1] === '2'), { timeout: 5000 })
      .toBe(true);
    await close(owner.socket);
    const audit = (await lab.api('GET', '/api/audit', await lab.tokenFor('carol'))).body as {
      entries: Array<{ actor: string; action: string; target: string }>;
    };
    expect(
      audit.entries
        .filter((e) => e.actor === 'bob')
        .map((e) => e.action)
        .slice(0, 2),
    ).toEqual(['watch.end', 'watch.start']);
  });

  it('tells the owner nothing where the policy does not announce watchers', async () => {
    const quiet = await seedLabPolicy(lab, ['erin'], { announceWatchers: false });
    const owner = await ownerSession(quiet);
    const watch = await watcher(owner.sessionId, { answerSync: true });
    await expect.poll(() => watch.instructions.some((i) => i[0] === 'sync'), { timeout: 5000 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(owner.socket.instructions.some((i) => i[0] === 'msg')).toBe(false);
    await close(watch, owner.socket);
  });

  it('refuses to watch where the policy turns live monitoring off, and says so in the terms', async () => {
    const gdpr = await seedLabPolicy(lab, ['erin'], { liveMonitoring: false });
    const terms = await lab.api('POST', '/api/sessions/terms', await lab.tokenFor('erin'), gdpr);
    expect(terms.body['liveMonitoring']).toBe(false);
    const owner = await ownerSession(gdpr);
    const listed = (await lab.api('GET', '/api/live/sessions', await lab.tokenFor('bob'))).body as {
      sessions: Array<Record<string, unknown>>;
    };
    expect(listed.sessions.find((s) => s['sessionId'] === owner.sessionId)?.['liveMonitoring']).toBe(false);
    const refused = await lab.api('POST', `/api/live/sessions/${owner.sessionId}/watch`, await lab.tokenFor('bob'), {});
    expect([refused.status, refused.body['code']]).toEqual([403, 'MONITORING_OFF']);
    await close(owner.socket);
  });

  it('terminate ends the owner with the reason, closes the watchers, and the audit keeps who and why', async () => {
    const owner = await ownerSession();
    const watch = await watcher(owner.sessionId, { answerSync: true });
    await expect.poll(() => watch.instructions.some((i) => i[0] === 'sync'), { timeout: 5000 }).toBe(true);
    const bob = await lab.tokenFor('bob');
    const short = await lab.api('POST', `/api/live/sessions/${owner.sessionId}/terminate`, bob, { reason: ' ' });
    expect([short.status, short.body['code']]).toEqual([400, 'BAD_REQUEST']);
    expect(
      (
        await lab.api('POST', `/api/live/sessions/${owner.sessionId}/terminate`, bob, {
          reason: 'Unapproved change window',
        })
      ).status,
    ).toBe(200);
    await owner.socket.closed;
    expect(owner.socket.refusal()).toBe('SESSION_TERMINATED');
    expect(owner.socket.instructions.find((i) => i[1] === 'openpsm.error')?.[3]).toContain('Unapproved change window');
    await watch.closed;
    expect(watch.refusal()).toBe('WATCHED_SESSION_ENDED');
    const audit = (await lab.api('GET', '/api/audit', await lab.tokenFor('carol'))).body as {
      entries: Array<{ actor: string; action: string; target: string }>;
    };
    expect(audit.entries.find((e) => e.action === 'terminate')).toMatchObject({
      actor: 'bob',
      target: expect.stringContaining('Unapproved change window'),
    });
    const again = await lab.api('POST', `/api/live/sessions/${owner.sessionId}/terminate`, bob, {
      reason: 'again please',
    });
    expect([again.status, again.body['code']]).toEqual([404, 'SESSION_NOT_FOUND']);
  });

  it('drops a watcher that stops rendering once its queue passes the cap, without holding the owner', async () => {
    const owner = await ownerSession();
    const slow = await watcher(owner.sessionId, { answerSync: false });
    await slow.closed;
    expect(slow.refusal()).toBe('WATCHER_TOO_SLOW');
    const ownerSyncs = owner.socket.instructions.filter((i) => i[0] === 'sync').length;
    await expect
      .poll(() => owner.socket.instructions.filter((i) => i[0] === 'sync').length, { timeout: 5000 })
      .toBeGreaterThan(ownerSyncs);
    expect(lab.log().filter((e) => e['event'] === 'frame-held')).toEqual([]);
    // It may rejoin.
    const back = await watcher(owner.sessionId, { answerSync: true });
    await expect.poll(() => back.instructions.some((i) => i[0] === 'sync'), { timeout: 5000 }).toBe(true);
    await close(back, owner.socket);
  });

  it("ends a watcher whose own sign-in is revoked, as an owner's would end", async () => {
    const owner = await ownerSession();
    const watch = await watcher(owner.sessionId, { answerSync: true });
    await expect.poll(() => watch.instructions.some((i) => i[0] === 'sync'), { timeout: 5000 }).toBe(true);
    await lab.api('POST', `/api/admin/persons/${await lab.personId('bob')}/revoke`, await lab.tokenFor('alice'));
    await watch.closed;
    expect(watch.refusal()).toBe('TOKEN_EXPIRED');
    expect(owner.socket.ws.readyState).toBe(owner.socket.ws.OPEN);
    await close(owner.socket);
  });
});
