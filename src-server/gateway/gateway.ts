import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { gatewayHelloSchema, type GatewayHello } from '@shared/common/api/gateway';
import { OpenPsmError } from '@shared/common/errors';
import { GuacdConnection, type ConnectOptions, type GuacdAddress } from '@shared/node/guacd/guacdConnection';
import type { Logger } from '@shared/node/logger';
import { guardWebSocket, rejectUpgrade } from '@shared/node/socketGuard';
import { errorFrame, wsCloseCode } from '@shared/node/transport/errorStatus';
import type { CatalogRepository } from '../db/catalog';
import type { CredentialRepository } from '../db/credentials';
import type { PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import type { SessionRegistry } from '../db/sessionRegistry';
import type { TicketLedger } from '../db/ticketLedger';
import type { JitRepository } from '../db/jitAccounts';
import type { JitService } from '../jit/jitService';
import type { LiveSessions } from './liveSessions';
import { startGatewaySession } from './sessionStart';
import type { RecordingUploader } from '../recordings/uploader';

export interface GatewayDeps {
  key: Buffer;
  ledger: TicketLedger;
  catalog: CatalogRepository;
  credentials: CredentialRepository;
  jit: Pick<JitRepository, 'hasProvisioner'>;
  /** Creates and removes JIT accounts for sessions that use one. */
  jitAccounts: Pick<JitService, 'open' | 'close'>;
  persons: PersonRepository;
  state: ServerStateRepository;
  registry: SessionRegistry;
  /** The sessions running now, their watchers, and the Live view's version. */
  live: LiveSessions;
  /** The most a watcher may have queued (sent, not yet rendered) before it is dropped with WATCHER_TOO_SLOW. */
  watcherQueueBytes: number;
  rdpProxyEnabled(): Promise<boolean>;
  /** Where guacd listens: reachable from the gateway only. */
  guacd: GuacdAddress;
  /** guacd's recording-path: the folder guacd writes recordings to (the same folder mounted into guacd). */
  recordingsDir: string;
  /** Lists a recorded session's recording at its start and stores it once the session ends. */
  recordings?: Pick<RecordingUploader, 'started' | 'ended'>;
  /** How long a new socket may take to send its ticket. */
  helloTimeoutMs: number;
  /** How often a session's sign-in is checked again (a revoked one ends the session). */
  tokenCheckMs: number;
  /** How long one minute of a policy's maximum duration lasts (60 000; tests shorten it). */
  policyMinuteMs: number;
  /** How long before a firm end (the policy's maximum duration) the owner is told when it comes. */
  endWarningMs: number;
  /** Whose access token this is and when it runs out (epoch s); null when unknown, expired or revoked. */
  tokenInfo(token: string): Promise<{ personId: string; exp: number } | null>;
  /** Browser origins whose pages may open the gateway socket; any other Origin gets 403 (the desktop sends none). */
  allowedOrigins: readonly string[];
  log: Pick<Logger, 'info' | 'warn'>;
  connect?: (address: GuacdAddress, options: ConnectOptions) => Promise<GuacdConnection>;
}

/**
 * The authenticated Guacamole gateway (`/gateway`): the first message carries a ticket; the
 * gateway checks it (sealed, unexpired, first use), checks person, policy and computer again,
 * builds guacd's connect values itself (the desktop sends only screen, time zone and name),
 * then relays: towards guacd only the allowlisted opcodes, anything else ends the session
 * (PROTOCOL_VIOLATION, audited). Each session is registered from start to end, and ends
 * at the earliest of its limits: the sign-in's token and the policy's maximum duration.
 */
export function createGateway(deps: GatewayDeps) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const connect = deps.connect ?? ((address, options) => GuacdConnection.open(address, options));
  const live = new Set<WebSocket>();
  /** Registry and audit writes still running: close() waits for them before the database closes. */
  const writes = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const done = work.catch((error: unknown) =>
      deps.log.warn('gateway.write_failed', { error: error instanceof Error ? error.message : String(error) }),
    );
    writes.add(done);
    void done.finally(() => writes.delete(done));
  };

  const refuse = (ws: WebSocket, error: OpenPsmError) => {
    ws.send(errorFrame(error));
    ws.close(wsCloseCode(error), error.code);
  };
  const sessionDeps = { ...deps, connect, track };

  wss.on('connection', (ws) => {
    guardWebSocket(ws, deps.log, 'gateway.socket_error');
    live.add(ws);
    ws.on('close', () => live.delete(ws));
    const timer = setTimeout(
      () =>
        refuse(ws, new OpenPsmError('TICKET_INVALID', { message: 'No ticket arrived on the gateway socket in time.' })),
      deps.helloTimeoutMs,
    );
    ws.once('message', (data) => {
      clearTimeout(timer);
      let hello: GatewayHello;
      try {
        hello = gatewayHelloSchema.parse(JSON.parse(data.toString()));
      } catch {
        return refuse(
          ws,
          new OpenPsmError('TICKET_INVALID', {
            message: 'The first message on the gateway socket must be the ticket and the screen size, as JSON.',
          }),
        );
      }
      startGatewaySession(sessionDeps, ws, hello).catch((error: unknown) => {
        const refusal = error instanceof OpenPsmError ? error : new OpenPsmError('INTERNAL');
        deps.log.warn('gateway.refused', { code: refusal.code });
        track(deps.state.audit('gateway', 'session.refused', refusal.code));
        refuse(ws, refusal);
      });
    });
  });

  return {
    /** Takes a `/gateway` upgrade (403 for a browser Origin not allowed); false for any other path. */
    handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
      if ((req.url ?? '').split('?')[0] !== '/gateway') return false;
      const { origin } = req.headers;
      if (origin !== undefined && !deps.allowedOrigins.includes(origin.toLowerCase())) {
        deps.log.warn('gateway.socket_refused', {
          status: 403,
          reason: 'browser Origin not allowed',
          origin: origin.slice(0, 200),
        });
        rejectUpgrade(socket, 403);
        return true;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return true;
    },
    /** Ends every session, then waits for their registry and audit writes. */
    async close(): Promise<void> {
      for (const ws of live) ws.terminate();
      wss.close();
      deps.live.release();
      // The sockets' close handlers run on the next turn and start the last writes.
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.allSettled([...writes]);
    },
  };
}
