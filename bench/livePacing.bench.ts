import { expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  gatewayHello,
  gatewaySocket,
  seedLabPolicy,
  startGatewayLab,
  type GatewayLab,
} from '../e2e/support/gatewayLab';
import { reportSamples } from './report';
import { readServerMessage } from './serverMessages';

const watcherSyncDelayMs = 1000;
/** ssh-session types at about 2 s after ready: a run of frames 30-60 ms apart, until about 4 s. */
const window = { from: 1500, to: 6000 };

/** A watcher that renders slowly: each `sync` is answered a second late. */
async function slowWatcher(lab: GatewayLab, sessionId: string): Promise<WebSocket> {
  const token = await lab.tokenFor('bob');
  const join = await lab.api('POST', `/api/live/sessions/${sessionId}/watch`, token, {});
  const ws = new WebSocket(`${lab.server.url.replace('http', 'ws')}/gateway`);
  ws.on('open', () => ws.send(gatewayHello(join.body['ticket'], token)));
  ws.on('message', (data) => {
    for (const i of readServerMessage(data.toString()))
      if (i[0] === 'sync')
        setTimeout(() => ws.readyState === ws.OPEN && ws.send(JSON.stringify([['sync', i[1]]])), watcherSyncDelayMs);
  });
  await new Promise((resolve) => ws.once('message', resolve));
  return ws;
}

/** The owner's mean interval between drawn frames (ms), with `watchers` slow watchers joined at the start. */
async function ownerFrameInterval(
  lab: GatewayLab,
  target: { policyId: string; computerId: string },
  watchers: number,
): Promise<number> {
  const token = await lab.tokenFor('erin');
  const ticket = (await lab.api('POST', '/api/sessions/ticket', token, { ...target, acceptTerms: true })).body[
    'ticket'
  ];
  const owner = gatewaySocket(lab.server.url, gatewayHello(ticket, token), { answerSync: true });
  const frames: number[] = [];
  let readyAt = 0;
  owner.ws.on('message', (data) => {
    const batch = readServerMessage(data.toString());
    if (batch.some((i) => i[1] === 'openpsm.ready')) readyAt = performance.now();
    // A drawn frame: drawing instructions ended by a sync (not guacd's lone heartbeat).
    if (batch.some((i) => i[0] === 'sync') && batch.some((i) => i[0] !== 'sync' && i[0] !== '' && i[0] !== 'nop'))
      frames.push(performance.now());
  });
  await expect.poll(() => owner.sessionId(), { timeout: 5000 }).toBeTruthy();
  const joined = await Promise.all(Array.from({ length: watchers }, () => slowWatcher(lab, owner.sessionId() ?? '')));
  await new Promise((resolve) => setTimeout(resolve, window.to + 500));
  const inWindow = frames.filter((t) => t - readyAt >= window.from && t - readyAt <= window.to);
  const gaps = inWindow.slice(1).map((t, i) => t - (inWindow[i] ?? t));
  for (const ws of joined) ws.close();
  owner.ws.close();
  await owner.closed;
  expect(gaps.length).toBeGreaterThan(5);
  return gaps.reduce((a, b) => a + b, 0) / gaps.length;
}

it('owner_pacing_4_watchers_vs_0: the owner frame interval with 4 watchers whose sync is a second late, over none (guacd paces frames up to 500 ms)', async () => {
  const lab = await startGatewayLab();
  try {
    const target = await seedLabPolicy(lab, ['erin', 'bob']);
    // Three rounds, each a session alone then one watched.
    const ratios: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const alone = await ownerFrameInterval(lab, target, 0);
      const watched = await ownerFrameInterval(lab, target, 4);
      ratios.push(watched / alone);
    }
    reportSamples('owner_pacing_4_watchers_vs_0', ratios, 'x');
  } finally {
    await lab.close();
  }
});
