import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { createApiClient } from '@shared/common/api/bridge';
import { secretProtocolPrefix, sessionSocketProtocol, tokenProtocolPrefix } from '@shared/common/api/rpc';
import { connectSocketBridge, type SocketLike } from '@shared/common/api/socketBridge';
import { demoPassword, seedDemoData } from './controlPlane';
import { gatewayHello, gatewaySocket, labSecret, type GatewaySocket } from './gatewayLab';
import { root, startControlPlane, startDirectMode, startDoubleProcess, tempDataDir } from './processes';
import { waitFor } from './rawFrames';
import { signInHeadless } from './signIn';

/**
 * Test support for the frame tests: the built control plane and the built browser host, each
 * as its own process (a crash is a process that exits, as it would be in production), with
 * the guacd double behind them and one session running that must keep flowing.
 */

export function requireBuild(): void {
  for (const entry of ['out/main/server.js', 'out/main/host.js', 'out/tools/guacd-double.js']) {
    if (!fs.existsSync(path.join(root, entry)))
      throw new Error(`No build (${entry}): run \`npm run build\` first (npm test does).`);
  }
}

/** A key press only this check sends, then waits for guacd (the double) to receive it: the session flows end to end. */
function flowCheck(send: (instructions: string[][]) => void, entries: () => Array<Record<string, unknown>>) {
  let next = 0x10000;
  return async () => {
    const keysym = String((next += 1));
    send([
      ['key', keysym, '1'],
      ['key', keysym, '0'],
    ]);
    await waitFor(
      () =>
        entries().some(
          (e) => (e['received'] as string[] | undefined)?.[0] === 'key' && (e['received'] as string[])[1] === keysym,
        ),
      `key ${keysym} to reach guacd through the running session`,
    );
  };
}

async function healthy(url: string, exited: () => boolean): Promise<void> {
  if (exited()) throw new Error('the server process has exited');
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  await res.arrayBuffer();
}

/** Runs `start`; when it fails, runs every cleanup registered so far, so no process outlives a failed start. */
async function orCleanUp<T>(start: (onFailure: (stop: () => Promise<void>) => void) => Promise<T>): Promise<T> {
  const stops: Array<() => Promise<void>> = [];
  try {
    return await start((stop) => stops.unshift(stop));
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
}

/** The control plane (seeded demo data) with a watchable lab computer for erin, and erin's session that must keep flowing. */
export function startGatewayFrameLab(env: Record<string, string> = {}) {
  requireBuild();
  return orCleanUp((onFailure) => gatewayFrameLab(env, onFailure));
}

async function gatewayFrameLab(env: Record<string, string>, onFailure: (stop: () => Promise<void>) => void) {
  const double = await startDoubleProcess();
  onFailure(() => double.stop());
  const dataDir = tempDataDir();
  seedDemoData(dataDir);
  const server = await startControlPlane({ OPENPSM_GUACD_PORT: String(double.port), ...env }, dataDir);
  onFailure(() => server.stop());
  const port = Number(new URL(server.url).port);
  const tokens = new Map<string, string>();
  const tokenFor = async (username: string) => {
    const known = tokens.get(username);
    if (known) return known;
    const result = await signInHeadless(server.url, username, demoPassword);
    if ('refused' in result) throw new Error(result.refused);
    tokens.set(username, result.tokens.access_token);
    return result.tokens.access_token;
  };
  const api = async (method: string, pathname: string, username: string, body?: unknown) => {
    const res = await fetch(new URL(pathname, server.url), {
      method,
      headers: { authorization: `Bearer ${await tokenFor(username)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  const persons = (await api('GET', '/api/admin/persons', 'alice'))['persons'] as Array<{
    id: string;
    username: string;
  }>;
  const computer = await api('POST', '/api/admin/computers', 'alice', {
    name: 'lab-ssh',
    protocol: 'ssh',
    host: '127.0.0.1',
    port: 2222,
    liveMonitoring: true,
  });
  await api('POST', '/api/admin/credentials', 'alice', {
    computerId: computer['id'],
    username: 'psmtest',
    secret: labSecret,
  });
  const policy = await api('POST', '/api/admin/policies', 'alice', {
    name: 'Lab',
    persons: [persons.find((p) => p.username === 'erin')?.id],
    computers: [computer['id']],
    credentialKinds: ['shared'],
  });
  const lab = { policyId: policy['id'] as string, computerId: computer['id'] as string };
  /** erin's first message for a new session on the lab computer. */
  const ownerHello = async () =>
    gatewayHello(
      (await api('POST', '/api/sessions/ticket', 'erin', { ...lab, acceptTerms: true }))['ticket'],
      await tokenFor('erin'),
    );
  /** bob's (an access manager's) first message to watch a running session. */
  const watcherHello = async (sessionId: string) =>
    gatewayHello(
      (await api('POST', `/api/live/sessions/${sessionId}/watch`, 'bob', {}))['ticket'],
      await tokenFor('bob'),
      { name: 'Bob' },
    );
  const keeper: GatewaySocket = gatewaySocket(server.url, await ownerHello(), { answerSync: true });
  onFailure(async () => void keeper.ws.terminate());
  await waitFor(() => keeper.sessionId() !== undefined, 'the running session to start');
  return {
    server,
    port,
    double,
    api,
    ownerHello,
    watcherHello,
    keeper,
    /** The control plane answers /health and is still running. */
    healthy: () =>
      healthy(`${server.url}/health`, () => server.child.exitCode !== null || server.child.signalCode !== null),
    /** The running session still carries input to guacd. */
    flows: flowCheck(
      (batch) => keeper.ws.send(JSON.stringify(batch)),
      () => double.entries(),
    ),
    stop: async () => {
      keeper.ws.terminate();
      await server.stop();
      await double.stop();
    },
  };
}

/** The browser host in direct mode against the double, with a computer and a session that must keep flowing. */
export function startHostFrameLab() {
  requireBuild();
  return orCleanUp((onFailure) => hostFrameLab(onFailure));
}

async function hostFrameLab(onFailure: (stop: () => Promise<void>) => void) {
  const { double, host, stop } = await startDirectMode();
  onFailure(stop);
  const bridge = await connectSocketBridge(
    `ws://127.0.0.1:${host.port}/api`,
    host.secret,
    (u, p) => new WebSocket(u, p) as unknown as SocketLike,
  );
  onFailure(async () => bridge.close());
  const api = createApiClient(bridge.bridge);
  const computer = await api.computers.save({
    name: 'lab',
    protocol: 'ssh',
    host: '127.0.0.1',
    port: 2222,
    username: 'psmtest',
    password: labSecret,
    disableCopy: false,
    disablePaste: false,
  });
  /** A one-time token for a new session's socket. */
  const sessionToken = async () =>
    (await api.sessions.open({ computerId: computer.id, width: 800, height: 600, dpi: 96, timezone: 'UTC' })).token;
  const keeper = new WebSocket(`ws://127.0.0.1:${host.port}/session`, [
    sessionSocketProtocol,
    `${secretProtocolPrefix}${host.secret}`,
    `${tokenProtocolPrefix}${await sessionToken()}`,
  ]);
  onFailure(async () => keeper.terminate());
  await new Promise((resolve, reject) => {
    keeper.once('open', resolve);
    keeper.once('error', reject);
  });
  return {
    host,
    double,
    api,
    sessionToken,
    healthy: () =>
      healthy(`http://127.0.0.1:${host.port}/`, () => host.child.exitCode !== null || host.child.signalCode !== null),
    flows: flowCheck(
      (batch) => keeper.send(JSON.stringify(batch)),
      () => double.entries(),
    ),
    stop: async () => {
      keeper.terminate();
      bridge.close();
      await stop();
    },
  };
}
