// The relay benchmarks' links, for bench/relayClient.mjs: one socket per session, of one of three kinds.
//   {kind:'gateway', url, hello}     the control plane's /gateway: the hello (ticket) first, then JSON instructions
//   {kind:'session', url, protocols} the desktop main's /session socket (its token in the protocols)
//   {kind:'tcp', port}               guacd (the double) itself: this side runs guacd's handshake
// Server-to-client messages are either JSON arrays of instructions (`[["sync","1"]]`) or raw
// Guacamole text (`4.sync,1.1;`), tunnel notes with the empty opcode (`0.,13.openpsm.ready,…;`):
// both are read. Client-to-server messages are JSON arrays of instructions on a WebSocket.
import fs from 'node:fs';
import net from 'node:net';
import WebSocket from 'ws';

export const encodeElements = (els) => els.map((e) => `${[...String(e)].length}.${e}`).join(',') + ';';

/** One process's CPU: clock ticks of /proc/<pid>/stat, and each thread's run time (ns) from schedstat. */
export function cpuSample(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksMs = (Number(fields[11]) + Number(fields[12])) * 10;
  const tasks = {};
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      tasks[task] = Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return { ticksMs, tasks };
}

/**
 * CPU ms between two samples: the threads' run time (ns precision) while no thread of the first
 * sample has gone, else the whole process's tick count (10 ms steps, but it keeps ended threads).
 */
export function cpuBetween(a, b) {
  const kept = Object.keys(a.tasks).every((t) => t in b.tasks);
  if (!kept) return { ms: b.ticksMs - a.ticksMs, how: 'ticks' };
  let ns = 0;
  for (const [task, run] of Object.entries(b.tasks)) ns += run - (a.tasks[task] ?? 0);
  return { ms: ns / 1e6, how: 'schedstat' };
}

/** guacd's handshake as a client, over TCP; resolves with the socket and what came after `ready`. */
export function tcpHandshake(port, values) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    let buffered = '';
    let argsDone = false;
    const onData = (chunk) => {
      buffered += chunk.toString('latin1');
      if (!argsDone) {
        const end = buffered.indexOf(';');
        if (end < 0 || !buffered.startsWith('4.args')) return;
        const names = buffered
          .slice(0, end)
          .split(',')
          .slice(2)
          .map((e) => e.slice(e.indexOf('.') + 1));
        socket.write(
          encodeElements(['size', '1024', '768', '96']) +
            encodeElements(['audio']) +
            encodeElements(['video']) +
            encodeElements(['image', 'image/png']) +
            encodeElements(['connect', 'VERSION_1_5_0', ...names.map((n) => values[n] ?? '')]),
        );
        argsDone = true;
        buffered = buffered.slice(end + 1);
      }
      const at = buffered.indexOf('5.ready,');
      const close = at < 0 ? -1 : buffered.indexOf(';', at);
      if (close < 0) return;
      socket.off('data', onData);
      resolve({ socket, rest: Buffer.from(buffered.slice(close + 1), 'latin1') });
    };
    socket.on('error', reject);
    socket.on('connect', () => socket.write(encodeElements(['select', values.protocol ?? 'ssh'])));
    socket.on('data', onData);
  });
}

/** True when a server message is nothing but tunnel notes (empty opcode), in either format. */
export function onlyTunnelNotes(data) {
  if (data.length > 512) return false;
  const text = data.toString();
  if (text.startsWith('[')) return JSON.parse(text).every((i) => i[0] === '');
  return /^(0\.,[^;]*;)+$/.test(text);
}

/**
 * A link of one kind, opened and ready (for a gateway: its ready note came): `send` takes
 * instructions, every listener hears each message or read as a Buffer.
 */
export function openLink(target, values = {}) {
  if (target.kind === 'tcp')
    return tcpHandshake(target.port, values).then(({ socket }) => {
      const link = { listeners: new Set(), close: () => socket.destroy() };
      link.send = (ins) => socket.write(ins.map(encodeElements).join(''));
      socket.on('data', (chunk) => link.listeners.forEach((l) => l(chunk)));
      return link;
    });
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target.url, target.protocols ?? [], { perMessageDeflate: false });
    const link = { listeners: new Set(), send: (ins) => ws.send(JSON.stringify(ins)), close: () => ws.terminate() };
    let ready = target.kind !== 'gateway';
    ws.on('open', () => {
      if (target.hello) ws.send(target.hello);
      if (ready) resolve(link);
    });
    ws.on('error', reject);
    ws.on('close', (code, reason) => reject(new Error(`${target.kind} socket closed: ${code} ${reason}`)));
    ws.on('message', (data) => {
      if (!ready && data.includes('openpsm.error')) reject(new Error(`gateway refused: ${data.toString()}`));
      if (!ready && data.includes('openpsm.ready')) {
        ready = true;
        resolve(link);
      }
      link.listeners.forEach((l) => l(data));
    });
  });
}
