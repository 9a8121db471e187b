// The far end of the relay benchmarks, in its own process (as the renderer is). Job: a JSON file, its path in argv[2].
//   {mode:'throughput', target, via:'openpsm'|'lite'|'tcp', parse:'tunnel'|'none', values?, pids?, cpuFrom?}
//      -> {bytes, ms, cpu:{pid:{ms,how}}, clientCpuMs}: timed from the first message (or read) that carries one of
//         guacd's instructions, after every handshake, to the one that carries guacd's final
//         `disconnect`; bytes are those received in that span. `parse:'tunnel'` reads every
//         instruction with guacamole-common-js 1.5.0's Guacamole.WebSocketTunnel (lite's side is
//         that tunnel itself, on its own WebSocket; ours feeds the same tunnel's parser, or
//         JSON.parse for the old JSON messages); `parse:'none'` only looks for the end.
//         `pids`: processes whose CPU is sampled at the first and the last message, or from
//         `cpuFrom` (samples the bench took before the session started) to the last.
//   {mode:'latency', pairs:[{relayed: link, direct: link}], probes, gapMs, settleMs, values, repeats}
//      -> {rounds:[{relayed:[ms…], direct:[ms…]}…]}: clipboard round trips (the double echoes a
//         pasted clipboard); each pair alternates relayed and direct probes, all pairs at once.
//   {mode:'idle', targets:[link…]} -> prints "ready" once every link is open, then holds them.
// Links as bench/relayLinks.mjs describes them.
import fs from 'node:fs';
import Guacamole from 'guacamole-common-js';
import WebSocket from 'ws';
import { cpuBetween, cpuSample, onlyTunnelNotes, openLink, tcpHandshake } from './relayLinks.mjs';

globalThis.window ??= globalThis;
const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const endMarkers = [Buffer.from('["disconnect"]'), Buffer.from('10.disconnect;')];

/** Counts what arrives, and marks the span from the first guacd instruction to the final disconnect. */
function meter(pids, cpuFrom) {
  let total = 0;
  let last = { at: 0, bytes: 0 };
  let from = null;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  return {
    finished,
    arrive(bytes) {
      total += bytes;
      last = { at: performance.now(), bytes };
    },
    start() {
      if (from) return;
      from = {
        client: process.cpuUsage(),
        at: last.at,
        total: total - last.bytes,
        cpu: cpuFrom ?? Object.fromEntries(pids.map((p) => [p, cpuSample(p)])),
      };
    },
    end() {
      if (!from) this.start();
      const cpu = Object.fromEntries(pids.map((p) => [p, cpuBetween(from.cpu[p], cpuSample(p))]));
      const ms = performance.now() - from.at;
      const own = process.cpuUsage(from.client);
      done({ bytes: total - from.total, ms, cpu, clientCpuMs: (own.user + own.system) / 1000 });
    },
  };
}

/** A Guacamole.WebSocketTunnel's own parser, fed our messages (its socket is a stand-in; its pings go nowhere). */
function tunnelParser(oninstruction) {
  const socket = { readyState: 1, send() {}, close() {} };
  const Real = globalThis.WebSocket;
  // The tunnel's socket: `new WebSocket(…)` returns this object, whose handlers the tunnel sets.
  globalThis.WebSocket = Object.assign(
    function StandIn() {
      return socket;
    },
    { OPEN: 1 },
  );
  const tunnel = new Guacamole.WebSocketTunnel('ws://127.0.0.1/');
  tunnel.connect('');
  globalThis.WebSocket = Real;
  tunnel.oninstruction = oninstruction;
  return { feed: (text) => socket.onmessage({ data: text }), stop: () => tunnel.disconnect() };
}

/** The relay under test: our gateway or main socket, JSON or raw text, read by the tunnel's parser or not at all. */
async function throughputOpenpsm(m) {
  const onInstruction = (opcode) => {
    if (opcode === '') return;
    m.start();
    if (opcode === 'disconnect') m.end();
  };
  const parser = job.parse === 'tunnel' ? tunnelParser(onInstruction) : null;
  const ws = new WebSocket(job.target.url, job.target.protocols ?? [], { perMessageDeflate: false });
  ws.on('open', () => job.target.hello && ws.send(job.target.hello));
  let over = false;
  ws.on('close', (code, reason) => over || fail(`socket closed before the end: ${code} ${reason}`));
  ws.on('message', (data) => {
    m.arrive(data.length);
    if (!parser) {
      if (!onlyTunnelNotes(data)) m.start();
      if (endMarkers.some((marker) => data.includes(marker))) m.end();
    } else if (data[0] === 0x5b) {
      for (const [opcode, ...args] of JSON.parse(data.toString())) onInstruction(opcode, args);
    } else parser.feed(data.toString());
  });
  const result = await m.finished;
  over = true;
  parser?.stop();
  ws.terminate();
  return result;
}

/** guacamole-lite, through the real Guacamole.WebSocketTunnel on a `ws` WebSocket that counts what arrives. */
async function throughputLite(m) {
  const Real = WebSocket;
  globalThis.WebSocket = class extends Real {
    constructor(url, protocols) {
      super(url, protocols, { perMessageDeflate: false });
      this.on('message', (data) => m.arrive(data.length));
    }
  };
  const tunnel = new Guacamole.WebSocketTunnel(job.target.url);
  tunnel.onerror = (status) => fail(`guacamole-lite tunnel error ${status.code} ${status.message}`);
  tunnel.oninstruction = (opcode) => {
    m.start();
    if (opcode === 'disconnect') m.end();
  };
  tunnel.connect(job.target.data);
  const result = await m.finished;
  tunnel.oninstruction = null;
  tunnel.onerror = null;
  tunnel.disconnect();
  return result;
}

/** A raw TCP pipe to guacd: this side runs the handshake; the stream is what follows `ready`. */
async function throughputTcp(m) {
  const { socket, rest } = await tcpHandshake(job.target.port, job.values ?? {});
  const read = (chunk, tail) => {
    m.arrive(chunk.length);
    m.start();
    const seen = Buffer.concat([tail, chunk.subarray(-32)]);
    if (endMarkers.some((marker) => seen.includes(marker))) m.end();
    return chunk.subarray(-16);
  };
  let tail = Buffer.alloc(0);
  if (rest.length > 0) tail = read(rest, tail);
  socket.on('data', (chunk) => (tail = read(chunk, tail)));
  const result = await m.finished;
  socket.destroy();
  return result;
}

function throughput() {
  const m = meter(job.pids ?? [], job.cpuFrom);
  return { openpsm: throughputOpenpsm, lite: throughputLite, tcp: throughputTcp }[job.via](m);
}

/** One clipboard round trip on a link: paste a tagged text, wait for the remote to announce it back. */
async function probe(link, tag) {
  const start = performance.now();
  await new Promise((resolve) => {
    const listener = (data) => {
      if (!data.includes(tag)) return;
      link.listeners.delete(listener);
      resolve();
    };
    link.listeners.add(listener);
    link.send([
      ['clipboard', '9', 'text/plain'],
      ['blob', '9', tag],
      ['end', '9'],
    ]);
  });
  return performance.now() - start;
}

async function latency() {
  const pairs = await Promise.all(
    job.pairs.map(async (p) => ({
      relayed: await openLink(p.relayed, job.values),
      direct: await openLink(p.direct, job.values),
    })),
  );
  await new Promise((r) => setTimeout(r, job.settleMs));
  const rounds = [];
  for (let round = 0; round < job.repeats; round += 1) {
    const times = { relayed: [], direct: [] };
    await Promise.all(
      pairs.map(async (pair, index) => {
        for (let n = 0; n < job.probes; n += 1) {
          // Alternate which side goes first, so neither always meets the other's wake-ups.
          const order = (n + index) % 2 === 0 ? ['relayed', 'direct'] : ['direct', 'relayed'];
          for (const side of order) {
            const tag = Buffer.from(`probe-${round}-${index}-${n}-${side}-${'x'.repeat(12)}`).toString('base64');
            times[side].push(await probe(pair[side], tag));
            await new Promise((r) => setTimeout(r, job.gapMs));
          }
        }
      }),
    );
    rounds.push(times);
  }
  for (const pair of pairs) {
    pair.relayed.close();
    pair.direct.close();
  }
  return { rounds };
}

async function idle() {
  for (let i = 0; i < job.targets.length; i += 50)
    await Promise.all(job.targets.slice(i, i + 50).map((t) => openLink(t, job.values)));
  process.stdout.write('ready\n');
  await new Promise(() => undefined);
}

function fail(message) {
  process.stderr.write(`bench client failed: ${message}\n`);
  process.exit(1);
}

const run = { throughput, latency, idle }[job.mode];
run().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
  },
  (error) => fail(error instanceof Error ? error.message : String(error)),
);
