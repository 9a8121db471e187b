import crypto from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { gatewayEndsTag, gatewayHelloSchema, gatewayReadyTag, type GatewayHello } from '../../src-shared/common/api/gateway';
import { OpenPsmError, type ErrorCode } from '../../src-shared/common/errors';
import { protocolViolation, tunnelErrorFrame } from '../../src-shared/common/guac';
import { GuacdConnection, type ConnectOptions, type GuacdAddress } from '../../src-shared/node/guacd/guacdConnection';
import type { Logger } from '../../src-shared/node/logger';
import { guardWebSocket, rejectUpgrade } from '../../src-shared/node/socketGuard';
import { wsCloseCode } from '../../src-shared/node/transport/errorStatus';
import { openTicket } from '../../src-shared/node/tickets/gatewayTicket';
import type { CatalogRepository } from '../db/catalog';
import type { CredentialRepository } from '../db/credentials';
import type { PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import type { SessionRegistry } from '../db/sessionRegistry';
import type { TicketLedger } from '../db/ticketLedger';
import type { JitRepository } from '../db/jitAccounts';
import type { JitService } from '../jit/jitService';
import { checkChoices } from './connectPolicy';
import { guacdLogin } from './guacdLogin';
import type { LiveSessions } from './liveSessions';
import { readOwnerMessage } from './ownerInput';
import { SessionDeadline } from './sessionDeadline';
import { startWatch } from './watchRelay';
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

const highWaterMark = 4 * 1024 * 1024;

/** A session's limits, and the code each ends it with: a new limit is one more row here. */
const limitEndCode = { token: 'TOKEN_EXPIRED', maxDuration: 'SESSION_TIME_LIMIT' } as const satisfies Record<string, ErrorCode>;
type SessionLimitName = keyof typeof limitEndCode;

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
    const done = work.catch((error: unknown) => deps.log.warn('gateway.write_failed', { error: error instanceof Error ? error.message : String(error) }));
    writes.add(done);
    void done.finally(() => writes.delete(done));
  };

  const refuse = (ws: WebSocket, error: OpenPsmError) => {
    ws.send(tunnelErrorFrame(error));
    ws.close(wsCloseCode(error), error.code);
  };

  const start = async (ws: WebSocket, hello: GatewayHello): Promise<void> => {
    const checked = openTicket(deps.key, hello.ticket, Math.floor(Date.now() / 1000));
    if (!checked.ok) throw new OpenPsmError(checked.code);
    const { claims } = checked;
    if (!(await deps.ledger.redeem(claims.jti, claims.exp))) throw new OpenPsmError('TICKET_REPLAYED');
    const signIn = await deps.tokenInfo(hello.accessToken);
    if (signIn?.personId !== claims.personId) throw new OpenPsmError('TOKEN_INVALID', { message: 'The sign-in sent with the ticket is not valid or belongs to someone else.' });
    const person = await deps.persons.findById(claims.personId);
    if (!person || person.disabled) throw new OpenPsmError('TOKEN_INVALID', { message: 'This account is disabled or gone; the session was not started.' });
    if (claims.kind === 'join') {
      const watched = await startWatch({ ...deps, connect, track }, ws, hello, claims, person);
      ws.send(JSON.stringify([['', gatewayReadyTag, watched]]));
      return;
    }
    const choice = await checkChoices(deps, claims, { credentialKind: claims.credential.kind, accessLevelId: claims.accessLevelId });
    const { target } = choice;
    const sessionId = crypto.randomUUID();
    const login = await guacdLogin(deps, claims, sessionId, person.username);
    // Recorded computers: guacd writes <recordings>/<session id>, keystrokes included.
    const recording: Record<string, string> = target.recorded ? { 'recording-path': deps.recordingsDir, 'recording-name': sessionId, 'create-recording-path': 'true', 'recording-include-keys': 'true' } : {};
    const values = { hostname: target.host, port: String(target.port), ...login.values, 'read-only': 'false', 'disable-copy': String(target.disableCopy), 'disable-paste': String(target.disablePaste), ...recording };
    let connection: GuacdConnection;
    try {
      connection = await connect(deps.guacd, { select: target.protocol, values, credentials: login.credentials, width: hello.width, height: hello.height, dpi: hello.dpi, timezone: hello.timezone, name: hello.name });
    } catch (error) {
      track(login.release());
      throw error;
    }
    const where = `${target.computerName} (${target.policyName})`;
    const startedAt = Date.now();
    const endsAt = startedAt + target.maxDurationMinutes * deps.policyMinuteMs;
    await deps.registry.start({ id: sessionId, personId: person.id, computerId: claims.computerId, policyId: claims.policyId, accessLevelId: choice.level?.id ?? null, guacdId: connection.connectionId, recordingName: target.recorded ? sessionId : null });
    if (target.recorded) await deps.recordings?.started({ sessionId, personId: person.id, computerId: claims.computerId });
    await deps.state.audit(person.username, 'session.start', where);
    deps.log.info('gateway.session_start', { sessionId, protocol: target.protocol });
    // Listed before the relay starts, so an owner gone already is listed and removed in that order.
    let end: (reason: OpenPsmError, why: string) => void = () => undefined;
    deps.live.add({
      sessionId,
      username: person.username,
      displayName: person.displayName,
      computerName: target.computerName,
      policyName: target.policyName,
      protocol: target.protocol,
      startedAt: new Date(startedAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      accessLevel: choice.level?.name ?? null,
      recorded: target.recorded,
      liveMonitoring: target.liveMonitoring,
      personId: person.id,
      policyId: claims.policyId,
      computerId: claims.computerId,
      guacdId: connection.connectionId,
      announceWatchers: target.announceWatchers,
      end: (reason, why) => end(reason, why),
    });
    end = relay(ws, connection, { sessionId, personId: person.id, username: person.username, where, token: hello.accessToken, exp: signIn.exp, endsAt, release: login.release, announceWatchers: target.announceWatchers, recorded: target.recorded });
    ws.send(JSON.stringify([['', gatewayReadyTag, sessionId]]));
  };

  /** Relays the owner's session; returns how to end it from outside (terminate). */
  const relay = (ws: WebSocket, connection: GuacdConnection, session: { sessionId: string; personId: string; username: string; where: string; token: string; exp: number; endsAt: number; release: () => Promise<unknown>; announceWatchers: boolean; recorded: boolean }) => {
    let ended = false;
    // The user hears the real reason: an expired sign-in, or one revoked on the server.
    const expired = (why: 'TOKEN_EXPIRED' | 'SIGN_IN_REVOKED') => finish(new OpenPsmError(why), why);
    // One clock: the session ends at the earliest of its limits. The sign-in's token (until its
    // exp with no newer one) is renewed by each refresh; the policy's maximum duration is firm,
    // and the owner is told beforehand when it comes.
    const deadline = new SessionDeadline<SessionLimitName>(deps.endWarningMs, {
      warn: (limit, at) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify([['', gatewayEndsTag, new Date(at).toISOString(), limitEndCode[limit]]]));
      },
      end: (limit) => finish(new OpenPsmError(limitEndCode[limit]), limitEndCode[limit]),
    });
    deadline.set('token', { at: session.exp * 1000, firm: false });
    deadline.set('maxDuration', { at: session.endsAt, firm: true });
    const check = setInterval(() => {
      void deps.tokenInfo(session.token).then((info) => {
        if (!info || info.personId !== session.personId) expired('SIGN_IN_REVOKED');
      });
    }, deps.tokenCheckMs);
    const takeToken = async (token: string) => {
      const info = await deps.tokenInfo(token);
      if (!info || info.personId !== session.personId || ended) return;
      session.token = token;
      deadline.set('token', { at: info.exp * 1000, firm: false });
    };
    const finish = (reason: OpenPsmError | null, why: string) => {
      if (ended) return;
      ended = true;
      deadline.stop();
      clearInterval(check);
      if (reason && ws.readyState === ws.OPEN) ws.send(tunnelErrorFrame(reason));
      ws.close(wsCloseCode(reason), reason?.code ?? 'ended');
      connection.disconnect();
      // guacd keeps a connection while any user remains: the watchers go with the owner.
      deps.live.remove(session.sessionId, new OpenPsmError('WATCHED_SESSION_ENDED'));
      // A JIT account goes with its session.
      track(session.release());
      // Its recording is finished once the file stops growing, then stored.
      if (session.recorded) deps.recordings?.ended(session.sessionId);
      track(deps.registry.end(session.sessionId, why).then(() => deps.state.audit(session.username, 'session.end', `${session.where}: ${why}`)));
      deps.log.info('gateway.session_end', { sessionId: session.sessionId, reason: why });
    };
    connection.onInstructions((all) => {
      if (ended || ws.readyState !== ws.OPEN) return;
      // guacd's join/leave notices (`msg`) reach the owner only where the policy announces watchers.
      const batch = session.announceWatchers ? all : all.filter((i) => i[0] !== 'msg');
      if (batch.length === 0) return;
      ws.send(JSON.stringify(batch));
      if (ws.bufferedAmount > highWaterMark) {
        connection.pause();
        const wait = setInterval(() => {
          if (ended || ws.bufferedAmount < highWaterMark / 4) {
            clearInterval(wait);
            connection.resume();
          }
        }, 5);
      }
    });
    connection.onClose((error) => finish(error, error?.code ?? 'ENDED'));
    ws.on('message', (data) => {
      if (ended) return;
      const { pass, tokens, problem } = readOwnerMessage(data.toString(), connection.pendingRequired);
      for (const token of tokens) void takeToken(token);
      if (problem) {
        deps.log.warn('gateway.protocol_violation', { sessionId: session.sessionId, opcode: problem.opcode, problem: problem.detail });
        track(deps.state.audit(session.username, 'session.protocol_violation', `${session.where}: ${problem.detail}`));
        finish(protocolViolation(problem.detail), 'PROTOCOL_VIOLATION');
        return;
      }
      connection.send(pass);
    });
    ws.on('error', () => finish(null, 'SOCKET_ERROR'));
    ws.on('close', () => finish(null, 'CLIENT_CLOSED'));
    // The client may have gone while guacd was starting: end at once rather than leave guacd running.
    if (ws.readyState !== ws.OPEN) finish(null, 'CLIENT_CLOSED');
    return (reason: OpenPsmError, why: string) => finish(reason, why);
  };

  wss.on('connection', (ws) => {
    guardWebSocket(ws, deps.log, 'gateway.socket_error');
    live.add(ws);
    ws.on('close', () => live.delete(ws));
    const timer = setTimeout(() => refuse(ws, new OpenPsmError('TICKET_INVALID', { message: 'No ticket arrived on the gateway socket in time.' })), deps.helloTimeoutMs);
    ws.once('message', (data) => {
      clearTimeout(timer);
      let hello: GatewayHello;
      try {
        hello = gatewayHelloSchema.parse(JSON.parse(data.toString()));
      } catch {
        return refuse(ws, new OpenPsmError('TICKET_INVALID', { message: 'The first message on the gateway socket must be the ticket and the screen size, as JSON.' }));
      }
      start(ws, hello).catch((error: unknown) => {
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
        deps.log.warn('gateway.socket_refused', { status: 403, reason: 'browser Origin not allowed', origin: origin.slice(0, 200) });
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
