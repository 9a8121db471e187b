import { afterAll, beforeAll, expect, it } from 'vitest';
import { percentile, reportSamples } from './report';
import {
  labValues,
  runRelayClient,
  seedRelayLab,
  startGatewayProcess,
  startRemoteMain,
  startStreamDouble,
  ticketsFor,
  type GatewayProcess,
  type RelayLab,
} from './relayLab';

/**
 * Added latency, measured in one run under one load: each relayed link (the renderer's /session
 * socket → the desktop's main in remote mode → the gateway → the double, the whole server-mode
 * chain) is paired with a direct TCP link to the same double, and each pair alternates a relayed
 * and a direct probe, a gap apart, every pair at once. A probe is a pasted clipboard the double
 * (`--clipboard-echo`) announces back, on a VNC session once its captured drawing (≈4.5 s) is
 * over. Each round's figure is p99(relayed) − p99(direct) over that round's probes; three rounds.
 */
let double: Awaited<ReturnType<typeof startStreamDouble>>;
let lab: RelayLab;
let server: GatewayProcess;
let main: Awaited<ReturnType<typeof startRemoteMain>>;

beforeAll(async () => {
  double = await startStreamDouble(null, 1, ['--clipboard-echo', 'true']);
  lab = await seedRelayLab(double.port);
  server = await startGatewayProcess(lab.dataDir, double.port, { env: { OPENPSM_TICKET_TTL_SECONDS: '600' } });
  main = await startRemoteMain(server);
}, 180_000);
afterAll(async () => {
  await main?.stop();
  await server?.stop();
  await double?.stop();
});

interface Rounds {
  rounds: Array<{ relayed: number[]; direct: number[] }>;
}

/** Probes `relayed` links, each paired with a direct one; reports each round's added p99 and the rounds' p99s. */
async function addedLatency(
  name: string,
  relayed: unknown[],
  probes: { probes: number; gapMs: number },
): Promise<void> {
  const direct = { kind: 'tcp', port: double.port };
  const { rounds } = await runRelayClient<Rounds>(
    {
      mode: 'latency',
      pairs: relayed.map((r) => ({ relayed: r, direct })),
      values: labValues.vnc,
      settleMs: 6000,
      repeats: 3,
      ...probes,
    },
    600_000,
  );
  for (const round of rounds) expect(round.relayed).toHaveLength(relayed.length * probes.probes);
  reportSamples(
    `${name}_added_latency_p99`,
    rounds.map((r) => percentile(r.relayed, 99) - percentile(r.direct, 99)),
    'ms',
  );
  reportSamples(
    `${name}_rtt_p99`,
    rounds.map((r) => percentile(r.relayed, 99)),
    'ms',
  );
  reportSamples(
    `${name}_rtt_p50`,
    rounds.map((r) => percentile(r.relayed, 50)),
    'ms',
  );
  reportSamples(
    `${name}_direct_rtt_p99`,
    rounds.map((r) => percentile(r.direct, 99)),
    'ms',
  );
}

it('relay_added_latency_p99: one session through the server-mode chain, 1,000 probes a side per round', async () => {
  const opened = await main.connect(lab, 'vnc');
  try {
    await addedLatency('relay', [opened.target], { probes: 1000, gapMs: 5 });
  } finally {
    await main.api.sessions.close({ sessionId: opened.sessionId });
  }
});

it('gateway_added_latency_p99: one session straight on the gateway socket', async () => {
  const ticket = await ticketsFor(server, lab);
  await addedLatency('gateway', [await ticket('vnc')], { probes: 1000, gapMs: 5 });
});

it('sessions100_added_latency_p99: 100 sessions through one main and the gateway, 20 probes a side each per round', async () => {
  const opened = [];
  for (let i = 0; i < 100; i += 1) opened.push(await main.connect(lab, 'vnc'));
  try {
    await addedLatency(
      'sessions100',
      opened.map((o) => o.target),
      { probes: 20, gapMs: 50 },
    );
  } finally {
    await Promise.all(opened.map((o) => main.api.sessions.close({ sessionId: o.sessionId })));
  }
});
