import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenPsmError } from '@shared/common/errors';
import { signatureHeader, timestampHeader, verifyWebhookSignature } from '@shared/node/webhook/signature';
import type { AuthorizationContext } from './authorizationHook';
import { parseWebhookAnswer, webhookPlugin } from './webhookPlugin';

const secret = crypto.randomBytes(16).toString('hex');
const context: AuthorizationContext = {
  person: { id: 'p1', username: 'ann', roles: ['user'], groups: ['Ops'] },
  computer: { id: 'c1', name: 'db', host: 'db.lab', protocol: 'ssh' },
  remoteUsername: 'svc-ro',
  policy: { id: 'pol', name: 'Ops' },
  accessLevel: null,
  requestId: null,
  clientAddress: '127.0.0.1',
  answer: null,
  answers: { pin: '2468' },
};

/** A receiver that checks the signature, keeps each request and answers with `reply` (after `delayMs`). */
async function receiver(reply: { status?: number; body: string; delayMs?: number }) {
  const seen: Array<{ body: Record<string, unknown>; signed: boolean }> = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      const headers = {
        timestamp: req.headers[timestampHeader] as string | undefined,
        signature: req.headers[signatureHeader] as string | undefined,
      };
      seen.push({
        body: JSON.parse(text) as Record<string, unknown>,
        signed: verifyWebhookSignature(secret, headers, text, Date.now() / 1000),
      });
      setTimeout(() => {
        // Written in two pieces: chunked, with no content length to go by.
        const half = Math.floor(reply.body.length / 2);
        res.writeHead(reply.status ?? 200).write(reply.body.slice(0, half));
        res.end(reply.body.slice(half));
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, seen };
}
const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.closeAllConnections();
});

const run = (url: string, timeoutMs = 2000) => webhookPlugin({ url, secret, timeoutMs, round: 2 }).authorize(context);
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) =>
      e instanceof OpenPsmError ? { code: e.code, message: e.message } : { code: String(e), message: '' },
  );

describe('the Webhook authorization plugin', () => {
  it('sends a signed request with the person, computer, policy, round and answers, and keeps what an allow says', async () => {
    const allow = {
      decision: 'allow',
      gateway_user: 'ann@corp',
      gateway_groups: ['dba'],
      ticket_id: 'INC-7',
      metadata: { change: 'CHG-1' },
    };
    const hook = await receiver({ body: JSON.stringify(allow) });
    const result = await run(hook.url);
    expect(result).toMatchObject({
      decision: 'allow',
      kept: {
        plugin: 'webhook',
        ticketId: 'INC-7',
        gatewayUser: 'ann@corp',
        gatewayGroups: ['dba'],
        metadata: { change: 'CHG-1' },
      },
    });
    expect(hook.seen).toHaveLength(1);
    expect(hook.seen[0]?.signed).toBe(true);
    expect(hook.seen[0]?.body).toMatchObject({
      version: 1,
      round: 2,
      person: { username: 'ann', roles: ['user'], groups: ['Ops'] },
      computer: { name: 'db', host: 'db.lab', protocol: 'ssh' },
      remote_username: 'svc-ro',
      policy: { name: 'Ops' },
      client_address: '127.0.0.1',
      answers: { pin: '2468' },
    });
  });

  it("passes a deny's message on, and an ask's questions", async () => {
    const deny = await receiver({ body: JSON.stringify({ decision: 'deny', message: 'No change window today' }) });
    expect(await refusal(run(deny.url))).toEqual({
      code: 'AUTHORIZATION_DENIED',
      message: 'The authorization webhook refused: No change window today',
    });
    const ask = await receiver({
      body: JSON.stringify({ decision: 'ask', questions: [{ key: 'pin', prompt: 'Your PIN', secret: true }] }),
    });
    expect(await run(ask.url)).toEqual({
      decision: 'ask',
      questions: [{ key: 'pin', prompt: 'Your PIN', secret: true }],
    });
  });

  it('refuses with AUTHORIZATION_PLUGIN_FAILED on a time-out, an error status, a bad answer or no receiver', async () => {
    const slow = await receiver({ body: '{"decision":"allow"}', delayMs: 1500 });
    expect(await refusal(run(slow.url, 300))).toMatchObject({
      code: 'AUTHORIZATION_PLUGIN_FAILED',
      message: expect.stringContaining('did not answer within 0.3 s') as unknown,
    });
    const status = await receiver({ status: 401, body: 'bad signature' });
    expect(await refusal(run(status.url))).toMatchObject({
      message: expect.stringContaining('answered HTTP 401') as unknown,
    });
    const junk = await receiver({ body: 'not json' });
    expect(await refusal(run(junk.url))).toMatchObject({ code: 'AUTHORIZATION_PLUGIN_FAILED' });
    const odd = await receiver({ body: JSON.stringify({ decision: 'maybe' }) });
    expect(await refusal(run(odd.url))).toMatchObject({
      message: expect.stringContaining('does not understand') as unknown,
    });
    expect(await refusal(run('http://127.0.0.1:9/hook'))).toMatchObject({
      message: expect.stringContaining('could not be reached') as unknown,
    });
  });

  it('reads any answer text as an allow, deny or ask, or refuses it with AUTHORIZATION_PLUGIN_FAILED (fuzz)', () => {
    const pieces = ['{', '}', '[', ']', ',', ':', '"decision"', '"allow"', '"deny"', '"ask"', '"message"', '"x"']
      .concat(['"questions"', '"key"', '"prompt"', '"secret"', 'true', 'null', '1e999', '"metadata"', '"a b"'])
      .concat(['"gateway_groups"', '"\\u0000"', '"é"', ' ']);
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i += 1) {
      const text = Array.from({ length: 1 + (next() % 16) }, () => pieces[next() % pieces.length]).join('');
      try {
        seen.add(parseWebhookAnswer(text).decision);
      } catch (error) {
        expect(error).toBeInstanceOf(OpenPsmError);
        expect((error as OpenPsmError).code).toBe('AUTHORIZATION_PLUGIN_FAILED');
        seen.add('refused');
      }
    }
    for (const text of ['{"decision":"deny","message":"x"}', '{"decision":"allow"}'])
      seen.add(parseWebhookAnswer(text).decision);
    expect([...seen].sort()).toEqual(['allow', 'deny', 'refused']);
  });
});

describe('a webhook answer', () => {
  it('longer than 64 KB is refused as it streams, without a content length', async () => {
    const big = await receiver({ body: JSON.stringify({ decision: 'deny', message: 'x'.repeat(70_000) }) });
    expect(await refusal(run(big.url))).toMatchObject({
      code: 'AUTHORIZATION_PLUGIN_FAILED',
      message: expect.stringContaining('more than 64 KB') as unknown,
    });
  });
});
