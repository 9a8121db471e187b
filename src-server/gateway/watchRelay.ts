import type { WebSocket } from 'ws';
import type { GatewayHello } from '@shared/common/api/gateway';
import { errorMessage, OpenPsmError } from '@shared/common/errors';
import { gatewayTokenTag } from '@shared/common/api/gateway';
import { batchPayload, parseInstructionMessage, type GuacBatch, type GuacInstruction } from '@shared/common/guac';
import type { ConnectOptions, GuacdAddress, GuacdConnection } from '@shared/node/guacd/guacdConnection';
import type { Logger } from '@shared/node/logger';
import { sharedIntervals } from '@shared/node/sharedIntervals';
import { errorFrame, wsCloseCode } from '@shared/node/transport/errorStatus';
import type { TicketClaims } from '@shared/node/tickets/gatewayTicket';
import type { CatalogRepository } from '../db/catalog';
import type { Person } from '@shared/common/api/controlPlane/persons';
import type { ServerStateRepository } from '../db/serverState';
import type { LiveSessions } from './liveSessions';
import { WatcherFilter } from './watcherFilter';

export interface WatchDeps {
  live: LiveSessions;
  catalog: Pick<CatalogRepository, 'monitoringAllowed'>;
  state: Pick<ServerStateRepository, 'audit'>;
  guacd: GuacdAddress;
  /** The most a watcher may have queued (sent, not yet rendered) before it is dropped. */
  watcherQueueBytes: number;
  log: Pick<Logger, 'info' | 'warn'>;
  connect: (address: GuacdAddress, options: ConnectOptions) => Promise<GuacdConnection>;
  /** Runs a registry or audit write in the background; the gateway waits for them on close. */
  track(work: Promise<unknown>): void;
  /** How often the watcher's sign-in is checked again (a revoked or expired one ends the view). */
  tokenCheckMs: number;
  tokenInfo(token: string): Promise<{ personId: string; exp: number } | null>;
}

/** The live session a join ticket names, when this person may watch it: an access manager, with monitoring on. */
async function watchableSession(deps: WatchDeps, claims: TicketClaims, person: Person) {
  const entry = claims.sessionId ? deps.live.get(claims.sessionId) : undefined;
  if (!entry || entry.computerId !== claims.computerId) throw new OpenPsmError('SESSION_NOT_FOUND');
  if (!person.roles.includes('access_manager'))
    throw new OpenPsmError('FORBIDDEN_ROLE', { message: 'Only access managers may watch live sessions.' });
  if (!entry.liveMonitoring || !(await deps.catalog.monitoringAllowed(entry.policyId, entry.computerId)))
    throw new OpenPsmError('MONITORING_OFF');
  return entry;
}

/**
 * A watcher's queue: the bytes sent to it and not yet rendered, as far as its own `sync`
 * answers say it got.
 */
class WatcherQueue {
  private sentBytes = 0;
  private renderedBytes = 0;
  /** Each `sync` sent to the watcher, with how many bytes had been sent up to it. */
  private readonly frames: Array<{ ts: string; upTo: number }> = [];

  /** How many bytes the watcher has queued (sent, not yet rendered). */
  get queued(): number {
    return this.sentBytes - this.renderedBytes;
  }

  /** Counts a batch sent to the watcher; returns the timestamp of its last `sync`, or null when it has none. */
  sent(batch: GuacBatch): string | null {
    this.sentBytes += batch.bytes?.length ?? Buffer.byteLength(batch.text);
    let last: GuacInstruction | null = null;
    for (const { instruction } of batch.picked) {
      if (instruction[0] !== 'sync') continue;
      last = instruction;
      this.frames.push({ ts: instruction[1] ?? '', upTo: this.sentBytes });
    }
    return last ? (last[1] ?? '') : null;
  }

  /** The watcher rendered up to the frame with this timestamp: what came before it has left its queue. */
  rendered(ts: string | undefined): void {
    const at = this.frames.findIndex((f) => f.ts === ts);
    if (at >= 0) this.renderedBytes = this.frames.splice(0, at + 1)[at]?.upTo ?? this.renderedBytes;
  }
}

/**
 * A watcher: an access manager joins a live session read-only (`select,$id` with
 * `read-only=true`). The gateway answers guacd's `sync` for the watcher as soon as the frame
 * is in the watcher's queue, so a slow watcher never holds the owner's frames; the queue is
 * what was sent and not yet rendered (the watcher's own `sync` answers say how far it got),
 * and past the cap the watcher is dropped with WATCHER_TOO_SLOW. Nothing the watcher sends
 * reaches guacd.
 */
export async function startWatch(
  deps: WatchDeps,
  ws: WebSocket,
  hello: GatewayHello,
  claims: TicketClaims,
  person: Person,
): Promise<string> {
  const entry = await watchableSession(deps, claims, person);
  const filter = new WatcherFilter(entry.announceWatchers);
  const connection = await deps.connect(deps.guacd, {
    select: entry.guacdId,
    values: { 'read-only': 'true' },
    width: hello.width,
    height: hello.height,
    dpi: hello.dpi,
    timezone: hello.timezone,
    name: person.displayName,
    // Read whole: the frames the gateway answers for the watcher, what only the owner gets
    // (`argv`, `required`) and the notices (`msg`) a policy keeps to itself.
    pick: filter.picks,
  });
  const where = `${entry.computerName} (${entry.policyName}) of ${entry.username}`;
  let ended = false;
  const queue = new WatcherQueue();
  let ignored = 0;

  // The view lives as long as the watcher's sign-in: main forwards each refreshed token.
  let token = hello.accessToken;
  const finish = (reason: OpenPsmError | null, why: string) => {
    if (ended) return;
    ended = true;
    stopCheck();
    deps.live.removeWatcher(entry.sessionId, watcher);
    if (reason && ws.readyState === ws.OPEN) ws.send(errorFrame(reason));
    ws.close(wsCloseCode(reason), reason?.code ?? 'ended');
    connection.disconnect();
    deps.log.info('gateway.watch_end', { sessionId: entry.sessionId, reason: why, ignoredInput: ignored });
    deps.track(deps.state.audit(person.username, 'watch.end', `${where}: ${why}`));
  };
  const watcher = { end: (reason: OpenPsmError) => finish(reason, reason.code) };
  if (!deps.live.addWatcher(entry.sessionId, watcher)) {
    connection.disconnect();
    throw new OpenPsmError('SESSION_NOT_FOUND');
  }
  const stopCheck = sharedIntervals.every(deps.tokenCheckMs, () => {
    void deps.tokenInfo(token).then((info) => {
      if (!info || info.personId !== person.id || info.exp * 1000 <= Date.now())
        finish(new OpenPsmError('TOKEN_EXPIRED'), 'TOKEN_EXPIRED');
    });
  });
  await deps.state.audit(person.username, 'watch.start', where);
  deps.log.info('gateway.watch_start', { sessionId: entry.sessionId });

  connection.onBatch((all) => {
    if (ended || ws.readyState !== ws.OPEN) return;
    const batch = filter.filter(all);
    if (!batch) return;
    ws.send(batchPayload(batch), { binary: false });
    const lastSync = queue.sent(batch);
    // The frame is queued for the watcher: answer guacd now, with the very timestamp it sent.
    if (lastSync !== null) connection.send([['sync', lastSync]]);
    if (queue.queued > deps.watcherQueueBytes) {
      deps.log.warn('gateway.watcher_too_slow', { sessionId: entry.sessionId, queued: queue.queued });
      finish(
        new OpenPsmError('WATCHER_TOO_SLOW', {
          message: `${errorMessage('WATCHER_TOO_SLOW')} (more than ${Math.round(deps.watcherQueueBytes / 1024)} KiB waited)`,
        }),
        'WATCHER_TOO_SLOW',
      );
    }
  });
  connection.onClose((error) => finish(error, error?.code ?? 'ENDED'));
  ws.on('message', (data) => {
    for (const instruction of parseInstructionMessage(data.toString()) ?? [['(malformed message)']]) {
      if (instruction[0] === 'sync') queue.rendered(instruction[1]);
      else if (instruction[0] === '' && instruction[1] === gatewayTokenTag && instruction[2]) token = instruction[2];
      else if (instruction[0] !== 'nop') ignored += 1;
    }
  });
  ws.on('error', () => finish(null, 'SOCKET_ERROR'));
  ws.on('close', () => finish(null, 'CLIENT_CLOSED'));
  if (ws.readyState !== ws.OPEN) finish(null, 'CLIENT_CLOSED');
  return entry.sessionId;
}
