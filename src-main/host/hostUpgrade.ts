import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { apiSocketProtocol, sessionSocketProtocol, tokenProtocolPrefix } from '@shared/common/api/rpc';
import { batchPayload } from '@shared/common/guac';
import type { Logger } from '@shared/node/logger';
import { guardUpgradeSocket, guardWebSocket, rejectUpgrade } from '@shared/node/socketGuard';
import type { AppCore } from '../appCore';
import { relaySession } from '../sessions/sessionRelay';

const asText = { binary: false } as const;
import { serveApiSocket } from './apiSocket';
import { isAllowedHost, isAllowedOrigin, secretFromProtocols, secretMatches } from './requestGuard';

/** What the browser host's socket upgrades are checked against, and where the sockets go. */
export interface HostUpgradeDeps {
  core: Pick<AppCore, 'dispatcher' | 'subscribe' | 'sessions'>;
  log: Logger;
  /** The per-launch secret a socket must offer. */
  secret: string;
  /** The port the host listens on (known once it listens). */
  port(): number;
  /** Takes `/api` sockets. */
  wss: WebSocketServer;
  /** Takes `/session` sockets. */
  sessionWss: WebSocketServer;
}

/**
 * The host's upgrade handler: a socket needs our Host (else 421), our Origin (else 403) and
 * the launch secret (else 401); a session socket also its one-time token. `/api` sockets
 * serve the API; `/session` sockets relay their session.
 */
export function hostUpgradeHandler(deps: HostUpgradeDeps) {
  const { log, secret, wss, sessionWss } = deps;
  return (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    const port = deps.port();
    guardUpgradeSocket(socket);
    const refuse = (status: number, reason: string) => {
      log.warn('host.socket_refused', { status, reason });
      rejectUpgrade(socket, status);
    };
    if (!isAllowedHost(req.headers.host, port)) return refuse(421, 'foreign Host header');
    if (!isAllowedOrigin(req.headers.origin, port)) return refuse(403, 'foreign Origin');
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/api' && path !== '/session') return refuse(404, 'unknown socket path');
    const offered = req.headers['sec-websocket-protocol'];
    if (
      !secretMatches(secretFromProtocols(offered, path === '/api' ? apiSocketProtocol : sessionSocketProtocol), secret)
    )
      return refuse(401, 'missing or wrong launch secret');
    if (path === '/api') {
      wss.handleUpgrade(req, socket, head, (ws) => {
        guardWebSocket(ws, log, 'host.socket_error', { socket: 'api' });
        serveApiSocket(ws, deps.core, log);
      });
      return;
    }
    // A session socket also needs its one-time token, issued by sessions.open over the API socket.
    const token = (offered ?? '')
      .split(',')
      .map((p) => p.trim())
      .find((p) => p.startsWith(tokenProtocolPrefix))
      ?.slice(tokenProtocolPrefix.length);
    const session = token ? deps.core.sessions.redeem(token) : null;
    if (!session) return refuse(401, 'missing, used or expired session token');
    sessionWss.handleUpgrade(req, socket, head, (ws) => {
      // The relay ends the session on the close that follows.
      guardWebSocket(ws, log, 'host.socket_error', { socket: 'session', sessionId: session.id });
      relaySession(
        session,
        {
          send: (batch, written) => {
            // A text frame either way: the bytes, when given, are that text's own (no encoding again).
            if (ws.readyState === ws.OPEN) ws.send(batchPayload(batch), asText, written && (() => written()));
            else written?.();
          },
          buffered: () => ws.bufferedAmount,
          close: (code, reason) => ws.close(code, reason),
          onMessage: (listener) => ws.on('message', (data, isBinary) => listener(isBinary ? '' : data.toString())),
          onClose: (listener) => ws.on('close', listener),
        },
        log,
      );
    });
  };
}
