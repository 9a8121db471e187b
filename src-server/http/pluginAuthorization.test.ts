import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdvancedChoices } from '@shared/common/api/gateway';
import { OpenPsmError } from '@shared/common/errors';
import { openStore, type Store } from '../db/openStore';
import { TicketLedger } from '../db/ticketLedger';
import { webhookSecretPurpose } from '../db/storedHooks';
import { serverKeyFrom } from '../secrets/serverKey';
import type { CatalogTarget } from '../gateway/connectPolicy';
import { openRound, runPlugin, type PluginDeps, type PluginStep } from './pluginAuthorization';

const key = serverKeyFrom(crypto.randomBytes(32));
let store: Store;
let server: http.Server;
let url: string;
/** What the webhook answers next, and how many calls it had. */
let answer: unknown = { decision: 'ask', questions: [{ key: 'pin', prompt: 'PIN', secret: true }] };
let calls = 0;

beforeAll(async () => {
  store = await openStore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-plugin-')) }, key);
  server = http.createServer((req, res) => {
    calls += 1;
    req.resume().on('end', () => res.end(JSON.stringify(answer)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await store.close();
});

const ids = { personId: crypto.randomUUID(), policyId: crypto.randomUUID(), computerId: crypto.randomUUID() };
const deps = (): PluginDeps => ({
  db: store.db,
  ledger: new TicketLedger(store.db),
  gatewayKey: crypto.randomBytes(32),
  serverKey: key,
  pluginTimeoutMs: 2000,
  pluginRounds: 2,
  approvalTtlSeconds: 600,
});
const stepWith = (advanced: Partial<AdvancedChoices>): PluginStep => ({
  caller: { personId: ids.personId, username: 'ann', roles: [] },
  address: '127.0.0.1',
  ids,
  target: {
    computerName: 'db',
    host: 'db.lab',
    protocol: 'ssh',
    policyName: 'Ops',
    authorization: { plugin: 'webhook', url, secretSealed: key.seal(webhookSecretPurpose, 'x'.repeat(20)) },
  } as unknown as CatalogTarget,
  level: null,
  advanced: { credentialKind: 'shared', accessLevelId: null, mfaCode: null, authorization: null, ...advanced },
});
/** One Continue: the round it answers opened as approve does, then the plugin run. */
async function continueWith(d: PluginDeps, advanced: Partial<AdvancedChoices>) {
  const step = stepWith(advanced);
  return runPlugin(d, step, true, openRound(d, step));
}
const roundOf = (v: Awaited<ReturnType<typeof runPlugin>>) => (v?.decision === 'ask' ? v.questions.round : '');

describe("a webhook's rounds of questions", () => {
  it('are each answered once, carry the spent MFA code, and stop after the configured number', async () => {
    const d = deps();
    answer = { decision: 'ask', questions: [{ key: 'pin', prompt: 'PIN', secret: true }] };
    const first = roundOf(await continueWith(d, {}));
    expect(openRound(d, stepWith({ round: first }))).toMatchObject({ round: 1, mfa: true, publicKeys: [] });
    const second = roundOf(await continueWith(d, { round: first, answers: { pin: '1' } }));
    expect(second).not.toBe('');
    // The first round again: the webhook is asked, but the round was already answered.
    const again = await continueWith(d, { round: first, answers: { pin: '2' } }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(OpenPsmError);
    expect((again as OpenPsmError).code).toBe('TICKET_REPLAYED');
    // A third round of questions is more than the two allowed.
    const third = await continueWith(d, { round: second, answers: { pin: '3' } }).catch((e: unknown) => e);
    expect((third as OpenPsmError).code).toBe('AUTHORIZATION_PLUGIN_FAILED');
  });

  it('audit as typed only the answers to questions asked as not secret', async () => {
    const d = deps();
    answer = {
      decision: 'ask',
      questions: [
        { key: 'change', prompt: 'Change' },
        { key: 'pin', prompt: 'PIN', secret: true },
      ],
    };
    const round = roundOf(await continueWith(d, {}));
    answer = { decision: 'allow', ticket_id: 'CHG-1' };
    const answers = { change: 'CHG-1', pin: '2468', extra: 'sneaked in' };
    const allowed = await continueWith(d, { round, answers });
    expect(allowed).toMatchObject({ decision: 'allow', kept: { ticketId: 'CHG-1' } });
    const line = allowed?.decision === 'allow' ? allowed.auditLine : '';
    expect(line).toContain('answers change="CHG-1", pin=(secret), extra=(secret)');
    expect(line).not.toContain('2468');
  });

  it('are refused when the round token is another Continue’s or forged', async () => {
    const d = deps();
    answer = { decision: 'ask', questions: [{ key: 'pin', prompt: 'PIN', secret: true }] };
    const round = roundOf(await continueWith(d, {}));
    const other = { ...stepWith({ round }), ids: { ...ids, computerId: crypto.randomUUID() } };
    expect(() => openRound(d, other)).toThrow(OpenPsmError);
    expect(() => openRound(d, stepWith({ round: `${round.slice(0, -2)}xx` }))).toThrow(OpenPsmError);
    expect(calls).toBeGreaterThan(0);
  });
});
