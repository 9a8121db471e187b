import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pkg from '../package.json';

/** A running control plane. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4100`. */
  url: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

/**
 * The control plane's public entry: the only thing src-main may import from src-server
 * (to run it embedded). This first version answers `/health`; the IAM Shop API joins it.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      send(200, { status: 'ok', service: 'openpsm-control-plane', version: pkg.version });
      return;
    }
    send(404, { code: 'NOT_FOUND', message: 'There is nothing at this address.' });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
