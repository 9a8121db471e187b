import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import { ownerScript } from '../e2e/fixtures/guacd-double/scripts';
import { demoPassword, seedDemoData, seedRemoteMode } from '../e2e/support/controlPlane';
import { gatewayHello, labSecret } from '../e2e/support/gatewayLab';
import { root, startDoubleProcess, startHost, startNode, tempDataDir, type Started } from '../e2e/support/processes';
import { followSignIn, signInHeadless } from '../e2e/support/signIn';
import { createApiClient, type OpenPsmApi } from '@shared/common/api/bridge';
import { secretProtocolPrefix, sessionSocketProtocol, tokenProtocolPrefix } from '@shared/common/api/rpc';
import { connectSocketBridge, type SocketLike } from '@shared/common/api/socketBridge';
import { encodeInstruction } from '@shared/common/guac';

/**
 * The relay benchmarks' lab: the built control plane (`out/main/server.js`, its own process,
 * so its CPU is its own) on a seeded data folder with the fixtures' lab computers in a policy
 * for Erin, in front of the guacd double replaying guacd 1.6.0's recordings; guacamole-lite
 * and a raw TCP pipe in front of the same double; and a desktop main (the browser host) in
 * remote mode, signed in as Erin. The control plane restarts on the same data folder to face
 * another double.
 */
export const streams = {
  ssh: { script: 'ssh-session', protocol: 'ssh' },
  rdp: { script: 'rdp-session', protocol: 'rdp' },
  vnc: { script: 'vnc-session', protocol: 'vnc' },
  bulk: { script: 'ssh-bulk', protocol: 'ssh' },
} as const;
export type StreamName = keyof typeof streams;
type Protocol = 'ssh' | 'rdp' | 'vnc';

/** The connect values of the lab's targets (test data, as the double's lab has them). */
export const labValues: Record<Protocol, Record<string, string>> = {
  ssh: { protocol: 'ssh', hostname: '127.0.0.1', port: '2222', username: 'psmtest', password: labSecret },
  vnc: { protocol: 'vnc', hostname: '127.0.0.1', port: '5905', password: 'vncpass1' },
  rdp: {
    protocol: 'rdp',
    hostname: '127.0.0.1',
    port: '3389',
    username: 'psmtest',
    password: labSecret,
    'ignore-cert': 'true',
  },
};
const labPorts: Record<Protocol, number> = { ssh: 2222, vnc: 5905, rdp: 3389 };

/** Bytes guacd (the double) sends for one replay of a script, after `ready`. */
export function scriptBytes(script: string): number {
  return ownerScript(script).steps.reduce(
    (n, s) => n + s.instructions.reduce((m, i) => m + Buffer.byteLength(encodeInstruction(i)), 0),
    0,
  );
}

/** One process's CPU so far, as bench/relayLinks.mjs samples it: /proc ticks, and each thread's run time (ns). */
export interface CpuSample {
  ticksMs: number;
  tasks: Record<string, number>;
}

export function cpuSample(pid: number): CpuSample {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const tasks: Record<string, number> = {};
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      tasks[task] = Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return { ticksMs: (Number(fields[11]) + Number(fields[12])) * 10, tasks };
}

/** CPU ms between two samples: the threads' run time while none has ended, else the process's ticks. */
export function cpuMsBetween(a: CpuSample, b: CpuSample): number {
  if (!Object.keys(a.tasks).every((t) => t in b.tasks)) return b.ticksMs - a.ticksMs;
  return Object.entries(b.tasks).reduce((ns, [task, run]) => ns + run - (a.tasks[task] ?? 0), 0) / 1e6;
}

/** Resident memory of a process (bytes), from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const line =
    fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(/(\d+)/.exec(line)?.[1] ?? 0) * 1024;
}

/**
 * Waits until the process is quiet: less than 5 ms of CPU in each quarter second for a whole
 * second (at most `limitMs`). A round then measures its own stream, not the work an earlier
 * session left behind: its recording being indexed and stored (the gateways here store a
 * recording 200 ms after it stops growing), or another relay's collection.
 */
export async function settled(pid: number, limitMs = 60_000): Promise<void> {
  let quiet = 0;
  for (const end = Date.now() + limitMs; quiet < 4 && Date.now() < end;) {
    const before = cpuSample(pid);
    await new Promise((resolve) => setTimeout(resolve, 250));
    quiet = cpuMsBetween(before, cpuSample(pid)) < 5 ? quiet + 1 : 0;
  }
}

/** Starts the built control plane on `dataDir` against guacd at `guacdPort`; `nodeFlags` go before the entry. */
export async function startGatewayProcess(
  dataDir: string,
  guacdPort: number,
  options: { nodeFlags?: string[]; env?: Record<string, string> } = {},
) {
  const started = await startNode(
    [...(options.nodeFlags ?? []), path.join(root, 'out/main/server.js')],
    {
      OPENPSM_PORT: '0',
      OPENPSM_DATA_DIR: dataDir,
      OPENPSM_GUACD_PORT: String(guacdPort),
      // A session's recording is stored soon after it ends, so `settled` sees that work through.
      OPENPSM_RECORDING_SETTLE_MS: '200',
      ...options.env,
    },
    /^OpenPSM server at (http:\/\/\S+)$/,
    60_000,
  );
  const url = started.line.replace('OpenPSM server at ', '');
  return { ...started, url, pid: started.child.pid as number, gatewayUrl: `${url.replace('http', 'ws')}/gateway` };
}
export type GatewayProcess = Awaited<ReturnType<typeof startGatewayProcess>>;

/** A seeded data folder with the lab's SSH, VNC and RDP computers in one policy for Erin; returns their ids. */
export async function seedRelayLab(double: number) {
  const dataDir = tempDataDir();
  seedDemoData(dataDir);
  const server = await startGatewayProcess(dataDir, double);
  try {
    const admin = await accessToken(server.url, 'alice');
    const call = async (method: string, pathname: string, body?: unknown) => {
      const res = await fetch(new URL(pathname, server.url), {
        method,
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (!res.ok) throw new Error(`${pathname}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const computers = {} as Record<Protocol, string>;
    for (const protocol of ['ssh', 'vnc', 'rdp'] as const) {
      const created = await call('POST', '/api/admin/computers', {
        ...{ name: `lab-${protocol}`, protocol, host: '127.0.0.1', port: labPorts[protocol] },
        ...(protocol === 'rdp' ? { rdp: { security: 'any', certificate: { check: 'ignore' } } } : {}),
      });
      const secret = protocol === 'vnc' ? 'vncpass1' : labSecret;
      await call('POST', '/api/admin/credentials', { computerId: created['id'], username: 'psmtest', secret });
      computers[protocol] = created['id'] as string;
    }
    const { persons } = (await call('GET', '/api/admin/persons')) as {
      persons: Array<{ id: string; username: string }>;
    };
    const policy = await call('POST', '/api/admin/policies', {
      name: 'Bench lab',
      persons: [persons.find((p) => p.username === 'erin')?.id],
      computers: Object.values(computers),
      credentialKinds: ['shared'],
    });
    return { dataDir, policyId: policy['id'] as string, computers };
  } finally {
    await server.stop();
  }
}
export type RelayLab = Awaited<ReturnType<typeof seedRelayLab>>;

async function accessToken(serverUrl: string, username: string): Promise<string> {
  const result = await signInHeadless(serverUrl, username, demoPassword);
  if ('refused' in result) throw new Error(result.refused);
  return result.tokens.access_token;
}

/** Erin's gateway sessions on `server`: each call asks for a fresh ticket and returns the socket to open with it. */
export async function ticketsFor(server: GatewayProcess, lab: RelayLab) {
  const token = await accessToken(server.url, 'erin');
  return async (protocol: Protocol) => {
    const res = await fetch(new URL('/api/sessions/ticket', server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ policyId: lab.policyId, computerId: lab.computers[protocol], acceptTerms: true }),
    });
    const issued = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`ticket: ${res.status} ${JSON.stringify(issued)}`);
    return { kind: 'gateway', url: server.gatewayUrl, hello: gatewayHello(issued['ticket'], token) };
  };
}

/** The double as its own process: guacd's fast replay of `stream`, `repeat` times, or its captured timing. */
export function startStreamDouble(stream: StreamName | null, repeat = 1, extra: string[] = []) {
  const replay = stream ? ['--replay', 'fast', '--repeat', String(repeat)] : [];
  const script = stream === 'bulk' ? ['--script', 'ssh-bulk'] : [];
  return startDoubleProcess([...replay, ...script, ...extra]);
}

/** guacamole-lite 1.2.0 in its own process in front of guacd at `guacdPort`, and a token maker for it. */
export async function startLite(guacdPort: number) {
  const key = crypto.randomBytes(32);
  const lite = await startNode(
    [path.join(root, 'bench/liteServer.mjs'), String(guacdPort), key.toString('hex')],
    {},
    /listening on (\d+)/,
  );
  const port = Number(/(\d+)$/.exec(lite.line)?.[1]);
  /** guacamole-lite's token: base64(JSON{iv, value: AES-256-CBC(JSON)}) — no MAC (see guacamole.md). */
  const token = (protocol: Protocol) => {
    const iv = crypto.randomBytes(16);
    const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
    const { protocol: type, ...settings } = labValues[protocol];
    const plain = JSON.stringify({ connection: { type, settings } });
    const value = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.from(JSON.stringify({ iv: iv.toString('base64'), value: value.toString('base64') })).toString(
      'base64',
    );
  };
  const target = (protocol: Protocol) => ({
    url: `ws://127.0.0.1:${port}/`,
    data: `token=${encodeURIComponent(token(protocol))}`,
  });
  return { ...lite, pid: lite.child.pid as number, target };
}

/** A raw TCP pipe to guacd: the ceiling for any relay. */
export async function startPipe(targetPort: number): Promise<{ port: number; close(): void }> {
  const server = net.createServer((socket) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

/** Signs main in as Erin through its own sign-in; main checks the control plane after it starts, so this waits for that. */
async function signInMain(api: OpenPsmApi): Promise<void> {
  // Main checks the control plane after it starts: sign-in waits until it has.
  let authorizationUrl = '';
  for (let i = 0; !authorizationUrl; i += 1)
    authorizationUrl = await api.auth.signIn({}).then(
      (r) => r.authorizationUrl,
      async (error: unknown) => {
        if (i >= 100) throw error;
        return new Promise<string>((r) => setTimeout(() => r(''), 100));
      },
    );
  const signedIn = await followSignIn(authorizationUrl, 'erin', demoPassword);
  if ('refused' in signedIn) throw new Error(signedIn.refused);
  for (let i = 0; i < 100 && (await api.auth.getState({})).status !== 'signed-in'; i += 1)
    await new Promise((r) => setTimeout(r, 100));
}

/** The desktop's main (the browser host) in remote mode against `server`, signed in as Erin through its own sign-in. */
export async function startRemoteMain(server: GatewayProcess) {
  const dataDir = tempDataDir();
  seedRemoteMode(dataDir, server.url);
  const host = await startHost({}, dataDir);
  const bridge = await connectSocketBridge(
    `ws://127.0.0.1:${host.port}/api`,
    host.secret,
    (u, p) => new WebSocket(u, p) as unknown as SocketLike,
  );
  const api: OpenPsmApi = createApiClient(bridge.bridge);
  try {
    await signInMain(api);
  } catch (error) {
    bridge.close();
    await host.stop();
    throw error;
  }
  /** Connects (ticket, gateway) and returns the renderer's /session socket for it. */
  const connect = async (lab: RelayLab, protocol: Protocol) => {
    const screen = { width: 1024, height: 768, dpi: 96, timezone: 'UTC' };
    const opened = await api.sessions.connect({
      policyId: lab.policyId,
      computerId: lab.computers[protocol],
      ...screen,
    });
    const protocols = [sessionSocketProtocol, `${secretProtocolPrefix}${host.secret}`];
    return {
      sessionId: opened.sessionId,
      target: {
        kind: 'session',
        url: `ws://127.0.0.1:${host.port}/session`,
        protocols: [...protocols, `${tokenProtocolPrefix}${opened.token}`],
      },
    };
  };
  return {
    host,
    api,
    pid: host.child.pid as number,
    connect,
    stop: async () => (bridge.close(), await host.stop()),
  };
}

/** The command line of bench/relayClient.mjs for a job (written to a file: a job can be large). */
export function relayClientArgs(job: unknown): string[] {
  const file = path.join(tempDataDir(), 'job.json');
  fs.writeFileSync(file, JSON.stringify(job));
  return [path.join(root, 'bench/relayClient.mjs'), file];
}

/** Runs bench/relayClient.mjs with a job in its own process and returns the JSON it printed. */
export async function runRelayClient<T>(job: unknown, timeoutMs = 300_000): Promise<T> {
  const started: Started = await startNode(relayClientArgs(job), {}, /^\{/, timeoutMs);
  await started.stop();
  return JSON.parse(started.line) as T;
}
