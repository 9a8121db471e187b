import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, createHttpServer, type AppDeps } from './app';

/** The front handler with no routes and no provider yet: what a client meets before start-up ends. */
function startBareApp(): Promise<{ url: string; close: () => void }> {
  const deps = {
    store: { persons: {}, state: {} },
    guards: { refuseFlood: () => false, addressOf: () => '127.0.0.1' },
    routes: [],
    log: { warn: () => undefined, error: () => undefined },
    provider: () => null,
    publicUrl: () => 'http://127.0.0.1',
  } as unknown as AppDeps;
  let hosts = new Set<string>();
  const server = createHttpServer({
    handle: createApp(deps),
    hosts: () => hosts,
    gateway: { handleUpgrade: () => false },
    log: deps.log,
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      hosts = new Set([`127.0.0.1:${port}`]);
      resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    }),
  );
}

let close = () => undefined as void;
afterEach(() => close());

describe("the control plane's own answers outside the API routes", () => {
  it('answers each with its code and the status the one table gives it', async () => {
    const app = await startBareApp();
    close = app.close;
    const unknownApi = await fetch(`${app.url}/api/no-such-thing`);
    expect(unknownApi.status).toBe(404);
    expect(await unknownApi.json()).toMatchObject({ code: 'NOT_FOUND' });
    const starting = await fetch(`${app.url}/.well-known/openid-configuration`);
    expect(starting.status).toBe(503);
    expect(await starting.json()).toMatchObject({ code: 'SERVER_STARTING' });
  });

  it('refuses a foreign Host name with 421 MISDIRECTED_REQUEST', async () => {
    const app = await startBareApp();
    close = app.close;
    const { port } = new URL(app.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve) =>
      http.get({ host: '127.0.0.1', port, path: '/api/health', headers: { host: 'evil.example' } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }),
    );
    expect(answer.status).toBe(421);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'MISDIRECTED_REQUEST' });
  });
});
