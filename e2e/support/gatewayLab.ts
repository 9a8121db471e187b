import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { labTargets } from '../fixtures/guacd-double/config';
import { startDouble, type RunningDouble } from '../fixtures/guacd-double/server';
import { signInHeadless } from './signIn';
import { createLogger } from '@shared/node/logger';
import { seedDemo } from '@server/demo';
import { openStore, resolveServerKey, startServer, type RunningServer, type ServerOptions } from '@server/index';
import { decodeInstructions } from '@shared/common/guac';
import { readJsonLines } from './jsonLines';

/** Test support: the demo control plane, a guacd double serving the fixtures' lab, and a socket on the gateway. */
export const labPassword = 'demo-Password-1234';
export const labSecret = 'psmtest-Pass1';

export interface GatewayLab {
  server: RunningServer;
  double: RunningDouble;
  /** The server's data folder (its SQLite database is openpsm.db there). */
  dataDir: string;
  /** Every entry of the double's log: received instructions (with the user's role) and events. */
  log(): Array<Record<string, unknown>>;
  api(
    method: string,
    pathname: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  tokenFor(username: string): Promise<string>;
  personId(username: string): Promise<string>;
  close(): Promise<void>;
}

export async function startGatewayLab(options: Partial<ServerOptions> = {}): Promise<GatewayLab> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-lab-'));
  const dataDir = path.join(work, 'data');
  const logFile = path.join(work, 'double.jsonl');
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await seedDemo(store, labPassword, 'Shared-Secret-Never-Returned-42');
  await store.close();
  const double = await startDouble({ port: 0, log: logFile, targets: labTargets });
  const server = await startServer({
    dataDir,
    gatewayKey: crypto.randomBytes(32),
    guacd: { host: '127.0.0.1', port: double.port },
    log: createLogger({ name: 's', sink: () => undefined }),
    ...options,
  });
  const api = async (method: string, pathname: string, token: string, body?: unknown) => {
    const res = await fetch(new URL(pathname, server.url), {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const tokenFor = async (username: string) => {
    const result = await signInHeadless(server.url, username, labPassword);
    if ('refused' in result) throw new Error(result.refused);
    return result.tokens.access_token;
  };
  return {
    server,
    double,
    dataDir,
    log: () => readJsonLines(logFile),
    api,
    tokenFor,
    personId: async (username) => {
      const { body } = await api('GET', '/api/admin/persons', await tokenFor('alice'));
      return (
        (body['persons'] as Array<{ id: string; username: string }>).find((p) => p.username === username)?.id ?? ''
      );
    },
    close: async () => {
      await server.close();
      await double.close();
    },
  };
}

/** A computer the double serves, with the lab account as its shared credential, in a policy for these persons. */
export async function seedLabPolicy(
  lab: GatewayLab,
  persons: string[],
  policy: Record<string, unknown> = {},
): Promise<{ policyId: string; computerId: string }> {
  const admin = await lab.tokenFor('alice');
  const computer = await lab.api('POST', '/api/admin/computers', admin, {
    name: `lab-${crypto.randomUUID().slice(0, 6)}`,
    protocol: 'ssh',
    host: '127.0.0.1',
    port: 2222,
  });
  await lab.api('POST', '/api/admin/credentials', admin, {
    computerId: computer.body['id'],
    username: 'psmtest',
    secret: labSecret,
  });
  const ids = await Promise.all(persons.map((p) => lab.personId(p)));
  const created = await lab.api('POST', '/api/admin/policies', admin, {
    name: `Lab ${crypto.randomUUID().slice(0, 6)}`,
    persons: ids,
    computers: [computer.body['id']],
    credentialKinds: ['shared'],
    ...policy,
  });
  return { policyId: created.body['id'] as string, computerId: computer.body['id'] as string };
}

/** The gateway's first message: the ticket, the access token and the screen. */
export const gatewayHello = (ticket: unknown, accessToken: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ticket, accessToken, width: 1024, height: 768, dpi: 96, timezone: 'UTC', name: 'Erin', ...extra });

export interface GatewaySocket {
  ws: WebSocket;
  instructions: string[][];
  closed: Promise<{ code: number; reason: string }>;
  /** The coded error the gateway sent, if any. */
  refusal(): string | undefined;
  /** The session id from the gateway's ready note. */
  sessionId(): string | undefined;
}

/** Opens the gateway socket, sends the first message, and collects every instruction until it closes. */
export function gatewaySocket(serverUrl: string, first: string, options: { answerSync?: boolean } = {}): GatewaySocket {
  const ws = new WebSocket(`${serverUrl.replace('http', 'ws')}/gateway`);
  const instructions: string[][] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('open', () => ws.send(first));
  ws.on('message', (data) => {
    const batch = decodeInstructions(data.toString());
    instructions.push(...batch);
    // Renders at once, as a quick client does: answers each sync with its timestamp.
    const sync = batch.filter((i) => i[0] === 'sync').at(-1);
    if (options.answerSync && sync && ws.readyState === ws.OPEN) ws.send(JSON.stringify([['sync', sync[1]]]));
  });
  return {
    ws,
    instructions,
    closed,
    refusal: () => instructions.find((i) => i[0] === '' && i[1] === 'openpsm.error')?.[2],
    sessionId: () => instructions.find((i) => i[0] === '' && i[1] === 'openpsm.ready')?.[2],
  };
}
