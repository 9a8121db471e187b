import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signInHeadless } from '../../e2e/support/signIn';
import { createLogger } from '@shared/node/logger';
import { seedDemo } from '../demo';
import { openStore, resolveServerKey, startServer, type RunningServer, type ServerOptions } from '../index';

/** An API answer: its status and its JSON body. */
export type ApiAnswer = { status: number; body: Record<string, unknown> };

/**
 * A control plane on a fresh data folder seeded with the demo people (a random password), for
 * route tests: `as(username)` signs one in and returns a caller of the API with their token;
 * `password` is every demo person's, for tests that play a sign-in themselves.
 */
export async function startSeededServer(prefix: string, options: Partial<ServerOptions> = {}) {
  const password = `Pw-${crypto.randomUUID()}`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dataDir = path.join(work, 'data');
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await seedDemo(store, password, `Secret-${crypto.randomUUID()}`);
  await store.close();
  const server: RunningServer = await startServer({
    ...options,
    dataDir,
    log: createLogger({ name: 's', sink: () => undefined }),
  });
  const as = async (username: string) => {
    const result = await signInHeadless(server.url, username, password);
    if ('refused' in result) throw new Error(result.refused);
    const token = result.tokens.access_token;
    /** Sends `body` as JSON, or as it is under another content type (e.g. text/csv). */
    return async (method: string, pathname: string, body?: unknown, type = 'application/json'): Promise<ApiAnswer> => {
      const json = type === 'application/json';
      const res = await fetch(new URL(pathname, server.url), {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body: body === undefined ? undefined : json ? JSON.stringify(body) : String(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
  };
  const stop = async () => {
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  };
  return { server, as, stop, password };
}
