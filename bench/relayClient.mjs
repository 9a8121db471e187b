// The far end of the relay benchmarks, in its own process (as the renderer is).
// Job (JSON in argv[2]):
//   {mode:'throughput', transport:'openpsm'|'lite'|'tcp', url|port, protocols?, values?}
//      -> {bytes, ms}: from the first byte to guacd's final `disconnect`
//   {mode:'latency', transport:'openpsm'|'tcp', targets:[{url, protocols}|{port}], probes, values?}
//      -> {rtts:[ms…]}: clipboard round trips (the VNC server echoes a pasted clipboard)
//   {mode:'idle', url, tokens:[…], protocols} -> prints "ready" once every socket is open, holds them
import net from 'node:net';
import WebSocket from 'ws';

const job = JSON.parse(process.argv[2]);
const enc = (els) => els.map((e) => `${[...String(e)].length}.${e}`).join(',') + ';';

/** A link of one transport: send instructions, hear raw text. */
function open(target, transport, values) {
  return new Promise((resolve, reject) => {
    if (transport === 'tcp') {
      const socket = net.connect(target.port, '127.0.0.1');
      socket.setNoDelay(true);
      let buffered = '';
      let ready = false;
      const link = {
        listeners: new Set(),
        send: (ins) => socket.write(ins.map(enc).join('')),
        close: () => socket.destroy(),
      };
      socket.on('error', reject);
      socket.on('connect', () => socket.write(enc(['select', values.protocol ?? 'ssh'])));
      socket.on('data', (chunk) => {
        const text = chunk.toString('latin1');
        if (ready) return link.listeners.forEach((l) => l(text, chunk.length));
        buffered += chunk.toString();
        const end = buffered.indexOf(';');
        if (!buffered.includes('ready')) {
          if (end < 0 || !buffered.startsWith('4.args')) return;
          const names = buffered
            .slice(0, end)
            .split(',')
            .slice(2)
            .map((e) => e.slice(e.indexOf('.') + 1));
          socket.write(
            enc(['size', '1024', '768', '96']) +
              enc(['audio']) +
              enc(['video']) +
              enc(['image', 'image/png']) +
              enc(['connect', 'VERSION_1_5_0', ...names.map((n) => values[n] ?? '')]),
          );
          buffered = buffered.slice(end + 1);
        }
        const at = buffered.indexOf('5.ready,');
        if (at >= 0) {
          const close = buffered.indexOf(';', at);
          if (close < 0) return;
          ready = true;
          resolve(link);
          const rest = buffered.slice(close + 1);
          if (rest) link.listeners.forEach((l) => l(rest, Buffer.byteLength(rest)));
        }
      });
      return;
    }
    const ws = new WebSocket(target.url, target.protocols ?? [], { perMessageDeflate: false });
    const link = {
      listeners: new Set(),
      send: (ins) => ws.send(transport === 'lite' ? ins.map(enc).join('') : JSON.stringify(ins)),
      close: () => ws.terminate(),
    };
    ws.on('open', () => resolve(link));
    ws.on('error', reject);
    ws.on('message', (data) => {
      const text = data.toString();
      link.listeners.forEach((l) => l(text, data.length));
    });
  });
}

const marker = { openpsm: '["disconnect"]', lite: '10.disconnect;', tcp: '10.disconnect;' };

async function throughput() {
  const link = await open(job.target, job.transport, job.values ?? {});
  // The stream starts when the link is open: our socket attaches to a session guacd holds
  // paused; guacamole-lite and the raw pipe are timed from their first byte after ready.
  const opened = job.transport === 'openpsm' ? performance.now() : 0;
  const result = await new Promise((resolve) => {
    let first = opened;
    let bytes = 0;
    link.listeners.add((text, n) => {
      if (first === 0) first = performance.now();
      bytes += n;
      if (text.includes(marker[job.transport])) resolve({ bytes, ms: performance.now() - first });
    });
  });
  link.close();
  return result;
}

async function latency() {
  const links = await Promise.all(job.targets.map((t) => open(t, job.transport, job.values ?? {})));
  await new Promise((r) => setTimeout(r, job.settleMs ?? 1500));
  const rtts = [];
  await Promise.all(
    links.map(async (link, index) => {
      for (let n = 0; n < job.probes; n += 1) {
        const tag = Buffer.from(`probe-${index}-${n}-${'x'.repeat(16)}`).toString('base64');
        const start = performance.now();
        await new Promise((resolve) => {
          const listener = (text) => {
            if (!text.includes(tag)) return;
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
        rtts.push(performance.now() - start);
        await new Promise((r) => setTimeout(r, job.gapMs ?? 10));
      }
    }),
  );
  links.forEach((l) => l.close());
  return { rtts };
}

async function idle() {
  await Promise.all(
    job.tokens.map((token) =>
      open({ url: job.url, protocols: [...job.protocols, `openpsm.token.${token}`] }, 'openpsm', {}),
    ),
  );
  process.stdout.write('ready\n');
  await new Promise(() => undefined);
}

const run = { throughput, latency, idle }[job.mode];
run().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`bench client failed: ${error.message}\n`);
    process.exit(1);
  },
);
