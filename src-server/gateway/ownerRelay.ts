import type { WebSocket } from 'ws';
import { gatewayEndsTag } from '@shared/common/api/gateway';
import { OpenPsmError, type ErrorCode } from '@shared/common/errors';
import { batchLength, batchPayload, dropInstructions, protocolViolation, tunnelFrame } from '@shared/common/guac';
import type { GuacdConnection } from '@shared/node/guacd/guacdConnection';
import type { Logger } from '@shared/node/logger';
import { sharedIntervals } from '@shared/node/sharedIntervals';
import { errorFrame, wsCloseCode } from '@shared/node/transport/errorStatus';
import type { ServerStateRepository } from '../db/serverState';
import type { SessionRegistry } from '../db/sessionRegistry';
import type { RecordingUploader } from '../recordings/uploader';
import type { LiveSessions } from './liveSessions';
import { readOwnerMessage } from './ownerInput';
import { SessionDeadline } from './sessionDeadline';

/** What the owner's relay uses: the sign-in check, the limits' clock, and where a session's end is written. */
export interface OwnerRelayDeps {
  live: Pick<LiveSessions, 'remove'>;
  registry: Pick<SessionRegistry, 'end'>;
  state: Pick<ServerStateRepository, 'audit'>;
  recordings?: Pick<RecordingUploader, 'ended'>;
  /** How often a session's sign-in is checked again (a revoked one ends the session). */
  tokenCheckMs: number;
  /** How long before a firm end (the policy's maximum duration) the owner is told when it comes. */
  endWarningMs: number;
  /** Whose access token this is and when it runs out (epoch s); null when unknown, expired or revoked. */
  tokenInfo(token: string): Promise<{ personId: string; exp: number } | null>;
  log: Pick<Logger, 'info' | 'warn'>;
  /** Runs a registry or audit write in the background; the gateway waits for them on close. */
  track(work: Promise<unknown>): void;
}

/** The owner's running session, as the relay keeps it: who, where, the sign-in and its limits. */
export interface OwnedSession {
  sessionId: string;
  personId: string;
  username: string;
  where: string;
  token: string;
  exp: number;
  endsAt: number;
  /** The end of the grant's window the session runs under (its access request's), or null. */
  windowEndsAt: number | null;
  release: () => Promise<unknown>;
  announceWatchers: boolean;
  recorded: boolean;
}

const highWaterMark = 4 * 1024 * 1024;
const asText = { binary: false } as const;

/** A session's limits, and the code each ends it with: a new limit is one more row here. */
const limitEndCode = {
  token: 'TOKEN_EXPIRED',
  maxDuration: 'SESSION_TIME_LIMIT',
  accessWindow: 'ACCESS_WINDOW_ENDED',
} as const satisfies Record<string, ErrorCode>;
type SessionLimitName = keyof typeof limitEndCode;

/**
 * Sends guacd's text on to the owner as it came, cut at instruction boundaries. While the
 * owner's socket holds more than the high-water mark, guacd is paused until that send has
 * been written out (an event, not a poll): the queue per session stays bounded. `ended` says
 * when the session is over (nothing more is sent, and guacd is resumed).
 */
function forwardToOwner(ws: WebSocket, connection: GuacdConnection, announceWatchers: boolean, ended: () => boolean) {
  // guacd's join/leave notices (`msg`) reach the owner only where the policy announces watchers.
  if (!announceWatchers) connection.pick(['msg']);
  connection.onBatch((all) => {
    if (ended() || ws.readyState !== ws.OPEN) return;
    const batch = announceWatchers ? all : dropInstructions(all, (i) => i[0] === 'msg');
    if (!batch) return;
    // guacd's own bytes where the text is plain ASCII (no encoding again), always as a text frame.
    if (ws.bufferedAmount + batchLength(batch) <= highWaterMark) return ws.send(batchPayload(batch), asText);
    connection.pause();
    ws.send(batchPayload(batch), asText, () => connection.resume());
  });
}

/**
 * Relays the owner's session: towards guacd only the allowlisted opcodes, anything else ends
 * it (PROTOCOL_VIOLATION, audited); it ends at the earliest of its limits. Returns how to end
 * it from outside (terminate).
 */
export function relayOwnerSession(
  deps: OwnerRelayDeps,
  ws: WebSocket,
  connection: GuacdConnection,
  session: OwnedSession,
) {
  let ended = false;
  // The user hears the real reason: an expired sign-in, or one revoked on the server.
  const expired = (why: 'TOKEN_EXPIRED' | 'SIGN_IN_REVOKED') => finish(new OpenPsmError(why), why);
  // One clock: the session ends at the earliest of its limits. The sign-in's token (until its
  // exp with no newer one) is renewed by each refresh; the policy's maximum duration is firm,
  // and the owner is told beforehand when it comes.
  const deadline = new SessionDeadline<SessionLimitName>(deps.endWarningMs, {
    warn: (limit, at) => {
      if (ws.readyState === ws.OPEN)
        ws.send(tunnelFrame(gatewayEndsTag, new Date(at).toISOString(), limitEndCode[limit]));
    },
    end: (limit) => finish(new OpenPsmError(limitEndCode[limit]), limitEndCode[limit]),
  });
  deadline.set('token', { at: session.exp * 1000, firm: false });
  deadline.set('maxDuration', { at: session.endsAt, firm: true });
  if (session.windowEndsAt !== null) deadline.set('accessWindow', { at: session.windowEndsAt, firm: true });
  const stopCheck = sharedIntervals.every(deps.tokenCheckMs, () => {
    void deps.tokenInfo(session.token).then((info) => {
      if (!info || info.personId !== session.personId) expired('SIGN_IN_REVOKED');
    });
  });
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
    stopCheck();
    if (reason && ws.readyState === ws.OPEN) ws.send(errorFrame(reason));
    ws.close(wsCloseCode(reason), reason?.code ?? 'ended');
    connection.disconnect();
    // guacd keeps a connection while any user remains: the watchers go with the owner.
    deps.live.remove(session.sessionId, new OpenPsmError('WATCHED_SESSION_ENDED'));
    // A JIT account goes with its session.
    deps.track(session.release());
    // Its recording is finished once the file stops growing, then stored.
    if (session.recorded) deps.recordings?.ended(session.sessionId);
    deps.track(
      deps.registry
        .end(session.sessionId, why)
        .then(() =>
          deps.state.audit(session.username, 'session.end', `${session.where}: ${why}`, [], session.sessionId),
        ),
    );
    deps.log.info('gateway.session_end', { sessionId: session.sessionId, reason: why });
  };
  forwardToOwner(ws, connection, session.announceWatchers, () => ended);
  connection.onClose((error) => finish(error, error?.code ?? 'ENDED'));
  ws.on('message', (data) => {
    if (ended) return;
    const { pass, tokens, problem } = readOwnerMessage(data.toString(), connection.pendingRequired);
    for (const token of tokens) void takeToken(token);
    if (problem) {
      deps.log.warn('gateway.protocol_violation', {
        sessionId: session.sessionId,
        opcode: problem.opcode,
        problem: problem.detail,
      });
      deps.track(
        deps.state.audit(
          session.username,
          'session.protocol_violation',
          `${session.where}: ${problem.detail}`,
          [],
          session.sessionId,
        ),
      );
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
}
