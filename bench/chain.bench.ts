import { beforeAll, expect, it } from 'vitest';
import { reportSamples } from './report';
import {
  cpuMsBetween,
  cpuSample,
  runRelayClient,
  scriptBytes,
  seedRelayLab,
  startGatewayProcess,
  startRemoteMain,
  startStreamDouble,
  type RelayLab,
} from './relayLab';

/**
 * The whole server-mode chain: guacd (the double, fast replay of the ssh-session recording) →
 * the control plane's gateway → the desktop's main (the browser host in remote mode, signed in
 * as Erin) → the renderer's /session socket, read by Guacamole.WebSocketTunnel's parser in its
 * own process. `chain_cpu_ms_per_mb_ssh`: CPU of the gateway and main together, per MB guacd
 * sent, from the first guacd instruction at the renderer socket to guacd's final `disconnect`
 * there, as the relay figures are timed (relay.bench.ts). The session's start (main asks for
 * the ticket and opens the gateway link, the gateway starts guacd) is no cost per MB: it is
 * `chain_session_start_cpu_ms`, the two processes' CPU from just before `sessions.connect` to
 * that first instruction.
 */
const repeat = 600;
let lab: RelayLab;

beforeAll(async () => {
  const double = await startStreamDouble(null);
  try {
    lab = await seedRelayLab(double.port);
  } finally {
    await double.stop();
  }
}, 120_000);

interface Throughput {
  bytes: number;
  ms: number;
  cpu: Record<string, { ms: number; how: string }>;
}

it(`chain_cpu_ms_per_mb_ssh: ssh-session ×${repeat}, gateway → main → renderer socket`, async () => {
  const mb = (scriptBytes('ssh-session') * repeat) / 1e6;
  const double = await startStreamDouble('ssh', repeat);
  const server = await startGatewayProcess(lab.dataDir, double.port);
  const main = await startRemoteMain(server).catch(async (error: unknown) => {
    await server.stop();
    await double.stop();
    throw error;
  });
  const chain: number[] = [];
  const mainOnly: number[] = [];
  const gatewayOnly: number[] = [];
  const start: number[] = [];
  try {
    // Round -1 warms the chain up (its code compiled, as in processes that have run a while) and is not counted.
    for (let round = -1; round < 5; round += 1) {
      const pids = [server.pid, main.pid];
      const cpuFrom = Object.fromEntries(pids.map((pid) => [pid, cpuSample(pid)]));
      const opened = await main.connect(lab, 'ssh');
      const run = await runRelayClient<Throughput>({
        mode: 'throughput',
        via: 'openpsm',
        parse: 'tunnel',
        target: opened.target,
        pids,
      });
      const whole = pids.reduce((ms, pid) => ms + cpuMsBetween(cpuFrom[pid]!, cpuSample(pid)), 0);
      expect(run.bytes).toBeGreaterThan(mb * 1e6 * 0.95);
      if (round < 0) continue;
      const gateway = run.cpu[String(server.pid)]?.ms ?? Number.NaN;
      const desktop = run.cpu[String(main.pid)]?.ms ?? Number.NaN;
      chain.push((gateway + desktop) / mb);
      start.push(whole - gateway - desktop);
      gatewayOnly.push(gateway / mb);
      mainOnly.push(desktop / mb);
    }
  } finally {
    await main.stop();
    await server.stop();
    await double.stop();
  }
  reportSamples('chain_cpu_ms_per_mb_ssh', chain, 'ms/MB');
  reportSamples('chain_gateway_cpu_ms_per_mb_ssh', gatewayOnly, 'ms/MB');
  reportSamples('chain_main_cpu_ms_per_mb_ssh', mainOnly, 'ms/MB');
  reportSamples('chain_session_start_cpu_ms', start, 'ms');
});
