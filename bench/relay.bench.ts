import { beforeAll, expect, it } from 'vitest';
import { reportSamples } from './report';
import {
  labValues,
  runRelayClient,
  scriptBytes,
  seedRelayLab,
  settled,
  startGatewayProcess,
  startLite,
  startPipe,
  startStreamDouble,
  streams,
  ticketsFor,
  type RelayLab,
  type StreamName,
} from './relayLab';

/**
 * Relay throughput and CPU, ours against guacamole-lite 1.2.0, on each stream users really send:
 * the guacd 1.6.0 recordings of an SSH, an RDP and a VNC session, and ssh-bulk (mostly image
 * blobs). Both relays face the same double in the same run, one after the other in alternating
 * order, five rounds (a 2-core VM's figures swing by 2x from round to round). Ours is the real
 * control plane's gateway with a real ticket; lite's client is the real Guacamole.WebSocketTunnel; both clients read every instruction with that tunnel's
 * parser, and both are timed from the first guacd instruction each receives to guacd's final
 * `disconnect`. CPU is each server process's own, over the same span (bench/relayClient.mjs).
 */
const repeats: Record<StreamName, number> = { ssh: 600, rdp: 600, vnc: 1000, bulk: 10 };
const rounds = 5;
let lab: RelayLab;

interface Throughput {
  bytes: number;
  ms: number;
  cpu: Record<string, { ms: number; how: string }>;
  clientCpuMs: number;
}

beforeAll(async () => {
  const double = await startStreamDouble(null);
  try {
    lab = await seedRelayLab(double.port);
  } finally {
    await double.stop();
  }
}, 120_000);

/** The stream through our gateway and through guacamole-lite, `rounds` times, alternating who goes first. */
async function relayStream(stream: StreamName) {
  const { protocol, script } = streams[stream];
  const streamBytes = scriptBytes(script) * repeats[stream];
  const double = await startStreamDouble(stream, repeats[stream]);
  const server = await startGatewayProcess(lab.dataDir, double.port);
  const lite = await startLite(double.port);
  const pipe = stream === 'bulk' ? await startPipe(double.port) : null;
  const samples = {
    ours: [] as Throughput[],
    lite: [] as Throughput[],
    oursRaw: [] as Throughput[],
    tcp: [] as Throughput[],
  };
  try {
    const ticket = await ticketsFor(server, lab);
    const ours = async () =>
      samples.ours.push(
        await runRelayClient<Throughput>({
          mode: 'throughput',
          via: 'openpsm',
          parse: 'tunnel',
          target: await ticket(protocol),
          pids: [server.pid],
        }),
      );
    const theirs = async () =>
      samples.lite.push(
        await runRelayClient<Throughput>({
          mode: 'throughput',
          via: 'lite',
          parse: 'tunnel',
          target: lite.target(protocol),
          pids: [lite.pid],
        }),
      );
    // The raw TCP pipe's client reads no instruction: ours is timed the same way against it, just before.
    const raw = async () => {
      samples.oursRaw.push(
        await runRelayClient<Throughput>({
          mode: 'throughput',
          via: 'openpsm',
          parse: 'none',
          target: await ticket(protocol),
          pids: [server.pid],
        }),
      );
      samples.tcp.push(
        await runRelayClient<Throughput>({
          mode: 'throughput',
          via: 'tcp',
          parse: 'none',
          target: { port: pipe?.port },
          values: labValues[protocol],
          pids: [],
        }),
      );
    };
    // Each round runs every side once; the order rotates, so no side always follows the same one.
    const sides = pipe ? [ours, theirs, raw] : [ours, theirs];
    // A first round warms every side up (its code compiled, as in a server that has run a while)
    // and is not counted. Every side starts with all processes quiet: no side pays for the work
    // another left behind (a recording being stored, lite collecting what it buffered).
    const quiet = () => Promise.all([server.pid, lite.pid, double.child.pid as number].map((pid) => settled(pid)));
    for (let round = -1; round < rounds; round += 1)
      for (let i = 0; i < sides.length; i += 1) {
        await quiet();
        await sides[(i + rounds + round) % sides.length]?.();
      }
    for (const kept of Object.values(samples)) kept.splice(0, kept.length > rounds ? 1 : 0);
  } finally {
    pipe?.close();
    await lite.stop();
    await server.stop();
    await double.stop();
  }
  // The span must hold the whole stream (the old JSON messages carry more bytes than guacd's text).
  for (const s of [...samples.ours, ...samples.lite, ...samples.oursRaw, ...samples.tcp])
    expect(s.bytes).toBeGreaterThan(streamBytes * 0.95);
  return { streamBytes, samples, serverPid: server.pid, litePid: lite.pid };
}

function report(stream: StreamName, measured: Awaited<ReturnType<typeof relayStream>>) {
  const { streamBytes, samples, serverPid, litePid } = measured;
  const mb = streamBytes / 1e6;
  const cpu = (s: Throughput, pid: number) => (s.cpu[String(pid)]?.ms ?? Number.NaN) / mb;
  reportSamples(
    `gateway_cpu_ms_per_mb_${stream}`,
    samples.ours.map((s) => cpu(s, serverPid)),
    'ms/MB',
  );
  reportSamples(
    `guacamole_lite_cpu_ms_per_mb_${stream}`,
    samples.lite.map((s) => cpu(s, litePid)),
    'ms/MB',
  );
  // The clients' own CPU: a client near a whole core per second of the span bounds its side's time.
  reportSamples(
    `relay_client_cpu_ms_per_mb_${stream}`,
    samples.ours.map((s) => s.clientCpuMs / mb),
    'ms/MB',
  );
  reportSamples(
    `guacamole_lite_client_cpu_ms_per_mb_${stream}`,
    samples.lite.map((s) => s.clientCpuMs / mb),
    'ms/MB',
  );
  reportSamples(
    `relay_throughput_${stream}`,
    samples.ours.map((s) => mb / (s.ms / 1000)),
    'MB/s',
  );
  reportSamples(
    `guacamole_lite_throughput_${stream}`,
    samples.lite.map((s) => mb / (s.ms / 1000)),
    'MB/s',
  );
  reportSamples(
    `relay_vs_guacamole_lite_${stream}`,
    samples.ours.map((s, i) => (samples.lite[i]?.ms ?? Number.NaN) / s.ms),
    'x',
  );
  if (samples.tcp.length === 0) return;
  reportSamples(
    'relay_raw_tcp_throughput',
    samples.tcp.map((s) => mb / (s.ms / 1000)),
    'MB/s',
  );
  reportSamples(
    'relay_vs_raw_tcp',
    samples.oursRaw.map((s, i) => (samples.tcp[i]?.ms ?? Number.NaN) / s.ms),
    'fraction',
  );
}

for (const stream of Object.keys(streams) as StreamName[])
  it(`relay_vs_guacamole_lite_${stream}, gateway_cpu_ms_per_mb_${stream}: ${streams[stream].script} ×${repeats[stream]}`, async () => {
    report(stream, await relayStream(stream));
  });
