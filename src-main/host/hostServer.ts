import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { apiSocketProtocol, sessionSocketProtocol } from '@shared/common/api/rpc';
import type { Logger } from '@shared/node/logger';
import type { AppCore } from '../appCore';
import { hostUpgradeHandler } from './hostUpgrade';
import { isAllowedHost, newLaunchSecret } from './requestGuard';
import { serveStatic } from './staticFiles';

export interface HostOptions {
  /** The built renderer folder. */
  rendererDir: string;
  core: Pick<AppCore, 'dispatcher' | 'subscribe' | 'sessions'>;
  log: Logger;
  /** 0 picks a free port. */
  port?: number;
  /** The per-launch secret; a fresh one unless a test sets it. */
  secret?: string;
}

export interface RunningHost {
  port: number;
  /** The launch URL, secret in the fragment: the one secret allowed on stdout. */
  launchUrl: string;
  secret: string;
  close(): Promise<void>;
}

/**
 * The browser host: the built renderer and the API socket on 127.0.0.1 only. Every
 * request must name our Host (else 421); a socket also needs our Origin (else 403) and
 * the launch secret (else 401).
 */
export async function startHostServer(options: HostOptions): Promise<RunningHost> {
  const secret = options.secret ?? newLaunchSecret();
  const { log } = options;
  log.addSecret(secret);
  let port = 0;

  const server = http.createServer((req, res) => {
    if (!isAllowedHost(req.headers.host, port)) {
      log.warn('host.refused', { status: 421, reason: 'foreign Host header' });
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request');
      return;
    }
    serveStatic(options.rendererDir, req, res).catch((error: unknown) => {
      log.warn('host.static_failed', { error });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has(apiSocketProtocol) ? apiSocketProtocol : false),
  });
  // Session sockets carry the stream: bigger frames, no compression, their own sub-protocol.
  const sessionWss = new WebSocketServer({
    noServer: true,
    maxPayload: 256 * 1024,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(sessionSocketProtocol) ? sessionSocketProtocol : false),
  });

  server.on('upgrade', hostUpgradeHandler({ core: options.core, log, secret, port: () => port, wss, sessionWss }));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    secret,
    launchUrl: `http://127.0.0.1:${port}/#token=${secret}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of [...wss.clients, ...sessionWss.clients]) client.terminate();
        wss.close();
        sessionWss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
