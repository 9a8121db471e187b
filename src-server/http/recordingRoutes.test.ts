import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gatewayHello,
  gatewaySocket,
  seedLabPolicy,
  startGatewayLab,
  type GatewayLab,
} from '../../e2e/support/gatewayLab';
import { incompleteTail } from '@shared/common/guac/utf8Chunks';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-rec-'));
const dirs = { guacd: path.join(work, 'guacd'), store: path.join(work, 'store') };
let lab: GatewayLab;
beforeAll(async () => {
  lab = await startGatewayLab({
    recordingsDir: dirs.guacd,
    recordings: { store: { mode: 'local', dir: dirs.store }, timers: { settleMs: 100 } },
  });
}, 30_000);
afterAll(async () => lab?.close());

/** Runs a session on the double as Erin, types `typed` (Return ends it), and ends the session; returns its id. */
async function recordedSession(target: { policyId: string; computerId: string }, typed: string): Promise<string> {
  const token = await lab.tokenFor('erin');
  const ticket = (await lab.api('POST', '/api/sessions/ticket', token, { ...target, acceptTerms: true })).body[
    'ticket'
  ];
  const owner = gatewaySocket(lab.server.url, gatewayHello(ticket, token), { answerSync: true });
  await expect.poll(() => owner.sessionId(), { timeout: 5000 }).toBeTruthy();
  await new Promise((r) => setTimeout(r, 1500));
  for (const keysym of [...[...typed].map((c) => c.codePointAt(0) ?? 0), 0xff0d])
    owner.ws.send(
      JSON.stringify([
        ['key', String(keysym), '1'],
        ['key', String(keysym), '0'],
      ]),
    );
  await new Promise((r) => setTimeout(r, 300));
  owner.ws.close();
  await owner.closed;
  return owner.sessionId() ?? '';
}

const search = async (username: string, filter: Record<string, unknown> = {}) =>
  lab.api('POST', '/api/recordings/search', await lab.tokenFor(username), filter);

describe('recordings through the gateway', () => {
  it('stores a recorded session, indexes what was typed, and plays it back piece by piece to the same bytes', async () => {
    const target = await seedLabPolicy(lab, ['erin']);
    const sessionId = await recordedSession(target, 'uname -a');
    const bob = await lab.tokenFor('bob');
    await expect
      .poll(
        async () =>
          ((await search('bob')).body['recordings'] as Array<Record<string, unknown>>).find(
            (r) => r['sessionId'] === sessionId,
          )?.['status'],
        { timeout: 10_000 },
      )
      .toBe('stored');
    const listed =
      ((await search('bob', { text: 'UNAME' })).body['recordings'] as Array<Record<string, unknown>>)[0] ?? {};
    expect(listed).toMatchObject({ sessionId, username: 'erin', store: 'local', matches: [{ text: 'uname -a' }] });
    const stored = fs.readFileSync(path.join(dirs.store, sessionId));
    expect(listed['sha256']).toBe(crypto.createHash('sha256').update(stored).digest('hex'));
    const index = await lab.api('GET', `/api/recordings/${String(listed['id'])}/index`, bob);
    expect(index.status).toBe(200);
    expect(index.body['keys']).toEqual([expect.objectContaining({ text: 'uname -a' })]);
    // Small pieces cut on character boundaries join back to exactly the stored bytes.
    let offset = 0;
    let text = '';
    for (;;) {
      const piece = (
        await lab.api('POST', `/api/recordings/${String(listed['id'])}/read`, bob, { offset, length: 7001 })
      ).body;
      text += String(piece['text']);
      offset = Number(piece['next']);
      if (piece['end']) break;
    }
    expect(Buffer.from(text, 'utf8').equals(stored)).toBe(true);
    // The injected credential is nowhere in the recording or the index.
    expect(stored.includes(Buffer.from('psmtest-Pass1'))).toBe(false);
    expect(JSON.stringify(index.body)).not.toContain('psmtest-Pass1');
    // The typescript the double wrote beside it (as guacd does for SSH) reads back byte for byte from the store.
    const output = fs.readFileSync(path.join(dirs.store, `${sessionId}.typescript`));
    expect(output.toString()).toBe('[BEGIN TYPESCRIPT]\n\n[END TYPESCRIPT]\n');
    const pieces: Buffer[] = [];
    for (let at = 0, end = false; !end;) {
      const piece = (
        await lab.api('POST', `/api/recordings/${String(listed['id'])}/typescript`, bob, {
          file: 'output',
          offset: at,
          length: 7,
        })
      ).body;
      pieces.push(Buffer.from(String(piece['base64']), 'base64'));
      [at, end] = [Number(piece['next']), piece['end'] === true];
    }
    expect(Buffer.concat(pieces).equals(output)).toBe(true);
    const timing = await lab.api('POST', `/api/recordings/${String(listed['id'])}/typescript`, bob, {
      file: 'timing',
      offset: 0,
      length: 100,
    });
    expect(timing.body).toMatchObject({ base64: '', end: true });
  }, 30_000);

  it('refuses the list, the keystroke index, the typescript and the text search to anyone but access managers and auditors', async () => {
    const [erin, alice, carol] = [await lab.tokenFor('erin'), await lab.tokenFor('alice'), await lab.tokenFor('carol')];
    const id = crypto.randomUUID();
    const typescriptPiece = { file: 'output', offset: 0, length: 100 };
    for (const token of [erin, alice]) {
      expect((await lab.api('POST', '/api/recordings/search', token, { text: 'uname' })).body['code']).toBe(
        'FORBIDDEN_ROLE',
      );
      expect((await lab.api('GET', `/api/recordings/${id}/index`, token)).body['code']).toBe('FORBIDDEN_ROLE');
      expect((await lab.api('POST', `/api/recordings/${id}/typescript`, token, typescriptPiece)).body['code']).toBe(
        'FORBIDDEN_ROLE',
      );
    }
    expect((await lab.api('POST', `/api/recordings/${id}/typescript`, carol, typescriptPiece)).body['code']).toBe(
      'RECORDING_NOT_FOUND',
    );
    expect((await lab.api('POST', '/api/recordings/search', carol, { text: 'uname' })).status).toBe(200);
    expect((await lab.api('GET', `/api/recordings/${id}/index`, carol)).body['code']).toBe('RECORDING_NOT_FOUND');
    expect((await lab.api('POST', '/api/recordings/search', carol, { from: 'yesterday' })).body['code']).toBe(
      'BAD_REQUEST',
    );
  });

  it('records nothing when the policy turns recording off, and the terms say so', async () => {
    const target = await seedLabPolicy(lab, ['erin'], { recording: false });
    const erin = await lab.tokenFor('erin');
    const terms = await lab.api('POST', '/api/sessions/terms', erin, target);
    expect(terms.body['recorded']).toBe(false);
    const unrecorded = () => lab.log().filter((e) => e['event'] === 'session' && e['recording'] === null).length;
    const before = unrecorded();
    const sessionId = await recordedSession(target, 'whoami');
    await new Promise((r) => setTimeout(r, 500));
    expect(fs.existsSync(path.join(dirs.guacd, sessionId))).toBe(false);
    expect(
      ((await search('bob')).body['recordings'] as Array<Record<string, unknown>>).some(
        (r) => r['sessionId'] === sessionId,
      ),
    ).toBe(false);
    // guacd was not asked to record it at all.
    expect(unrecorded()).toBe(before + 1);
  }, 30_000);
});

describe('cutting a piece on a character boundary', () => {
  it.each([
    ['abc', 0],
    ['ab\u00e9', 0],
    ['ab😀', 0],
  ])('keeps whole characters of %s', (text, cut) => expect(incompleteTail(Buffer.from(text))).toBe(cut));
  it.each([
    [Buffer.from('ab😀').subarray(0, 5), 3],
    [Buffer.from('ab😀').subarray(0, 3), 1],
    [Buffer.from('a\u00e9').subarray(0, 2), 1],
  ])('holds back a split character', (piece, cut) => expect(incompleteTail(piece)).toBe(cut));
});
