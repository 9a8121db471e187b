import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { demoPassword, seedDemoData } from '../support/controlPlane';
import { startControlPlane, startDoubleProcess, tempDataDir, type DoubleProcess } from '../support/processes';
import { signInHeadless } from '../support/signIn';
import { decodeInstructions } from '@shared/common/guac';

/**
 * The gateway as an attacker meets it: the real control plane and a guacd double, each its
 * own process, spoken to over the gateway socket directly (a forged or replayed ticket has
 * no way in through the app's UI, which never holds a ticket).
 */
const labSecret = 'psmtest-Pass1';

test('forged, replayed (also after a restart) and expired tickets are refused; a forbidden opcode ends the session before guacd sees it', async () => {
  test.setTimeout(60_000);
  const double: DoubleProcess = await startDoubleProcess();
  const dataDir = tempDataDir();
  seedDemoData(dataDir);
  // Long enough for a restart and a sign-in between a ticket's first use and its replay (a loaded machine takes seconds).
  const ticketTtlSeconds = 8;
  const env = { OPENPSM_GUACD_PORT: String(double.port), OPENPSM_TICKET_TTL_SECONDS: String(ticketTtlSeconds) };
  let server = await startControlPlane(env, dataDir);
  try {
    const token = async (username: string) => {
      const result = await signInHeadless(server.url, username, demoPassword);
      if ('refused' in result) throw new Error(result.refused);
      return result.tokens.access_token;
    };
    const call = async (method: string, pathname: string, bearer: string, body?: unknown) =>
      (await (
        await fetch(new URL(pathname, server.url), {
          method,
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      ).json()) as Record<string, unknown>;
    const admin = await token('alice');
    const persons = (await call('GET', '/api/admin/persons', admin)) as {
      persons: Array<{ id: string; username: string }>;
    };
    const computer = await call('POST', '/api/admin/computers', admin, {
      name: 'lab-ssh',
      protocol: 'ssh',
      host: '127.0.0.1',
      port: 2222,
    });
    await call('POST', '/api/admin/credentials', admin, {
      computerId: computer['id'],
      username: 'psmtest',
      secret: labSecret,
    });
    const policy = await call('POST', '/api/admin/policies', admin, {
      name: 'Lab',
      persons: [persons.persons.find((p) => p.username === 'erin')?.id],
      computers: [computer['id']],
      credentialKinds: ['shared'],
    });
    const target = { policyId: policy['id'], computerId: computer['id'] };
    const ticket = async (bearer: string) =>
      (await call('POST', '/api/sessions/ticket', bearer, { ...target, acceptTerms: true }))['ticket'] as string;

    const open = (ticketText: string, accessToken: string) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/gateway`);
      const got: string[][] = [];
      const closed = new Promise<string>((resolve) => ws.on('close', (_code, reason) => resolve(reason.toString())));
      ws.on('open', () =>
        ws.send(
          JSON.stringify({
            ticket: ticketText,
            accessToken,
            width: 800,
            height: 600,
            dpi: 96,
            timezone: 'UTC',
            name: 'Erin',
          }),
        ),
      );
      ws.on('message', (data) => got.push(...decodeInstructions(data.toString())));
      return { ws, got, closed, ready: () => got.some((i) => i[0] === '' && i[1] === 'openpsm.ready') };
    };

    let erin = await token('erin');
    const forgedBytes = Buffer.from(await ticket(erin), 'base64url');
    forgedBytes[20] = (forgedBytes[20] as number) ^ 1;
    expect(await open(forgedBytes.toString('base64url'), erin).closed).toBe('TICKET_INVALID');
    expect(await open(crypto.randomBytes(90).toString('base64url'), erin).closed).toBe('TICKET_INVALID');

    const once = await ticket(erin);
    const first = open(once, erin);
    await expect.poll(first.ready, { timeout: 5000 }).toBe(true);
    expect(await open(once, erin).closed).toBe('TICKET_REPLAYED');
    first.ws.close();
    await server.stop();
    server = await startControlPlane({ ...env, OPENPSM_PORT: new URL(server.url).port }, dataDir);
    erin = await token('erin');
    expect(await open(once, erin).closed).toBe('TICKET_REPLAYED');

    const late = await ticket(erin);
    await new Promise((r) => setTimeout(r, ticketTtlSeconds * 1000 + 500));
    expect(await open(late, erin).closed).toBe('TICKET_EXPIRED');

    const s = open(await ticket(erin), erin);
    await expect.poll(s.ready, { timeout: 5000 }).toBe(true);
    s.ws.send(JSON.stringify([['file', '7', 'text/plain', 'loot.txt']]));
    expect(await s.closed).toBe('PROTOCOL_VIOLATION');
    await expect
      .poll(() => double.entries().filter((e) => e['event'] === 'left').length, { timeout: 5000 })
      .toBeGreaterThanOrEqual(2);
    expect(double.entries().some((e) => (e['received'] as string[] | undefined)?.[0] === 'file')).toBe(false);
    // Nothing the gateway or the server printed holds the credential or a ticket.
    for (const line of [...server.stdout, ...server.stderr]) {
      expect(line).not.toContain(labSecret);
      expect(line).not.toContain(once);
    }
  } finally {
    await server.stop();
    await double.stop();
  }
});
