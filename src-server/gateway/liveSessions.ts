import type { LiveList, LiveSession } from '@shared/common/api/live';
import type { OpenPsmError } from '@shared/common/errors';
import { wakeableSleep } from '../wakeableSleep';

/** A watcher's view of a live session: the gateway ends it when the session ends. */
export interface Watcher {
  end(reason: OpenPsmError): void;
}

/** A session running through the gateway: what the Live view lists, plus what only the server knows. */
export interface LiveEntry extends Omit<LiveSession, 'watchers'> {
  personId: string;
  policyId: string;
  computerId: string;
  /** guacd's `$id`, which a join selects; it never leaves the server. */
  guacdId: string;
  /** Whether the owner sees a banner when someone starts or stops watching. */
  announceWatchers: boolean;
  /** The grant the session's access level needed (revoking it ends the session), or null. */
  grantId?: string | null;
  /** Ends the session (terminate), showing the owner `reason`. */
  end(reason: OpenPsmError, why: string): void;
}

/**
 * The sessions running through this gateway now, their watchers, and a version that moves
 * with every change, so the Live view can wait for the next one instead of polling.
 */
export class LiveSessions {
  private readonly entries = new Map<string, { entry: LiveEntry; watchers: Set<Watcher> }>();
  private readonly waiters = new Set<() => void>();
  private version = 0;

  add(entry: LiveEntry): void {
    this.entries.set(entry.sessionId, { entry, watchers: new Set() });
    this.changed();
  }

  get(sessionId: string): LiveEntry | undefined {
    return this.entries.get(sessionId)?.entry;
  }

  /** The sessions running to a computer (a computer is not deleted under them unless they are ended). */
  ofComputer(computerId: string): LiveEntry[] {
    return [...this.entries.values()].map((e) => e.entry).filter((entry) => entry.computerId === computerId);
  }

  /** The session is over: every watcher's view ends with `reason` (guacd keeps a connection while any user remains). */
  remove(sessionId: string, reason: OpenPsmError): void {
    const found = this.entries.get(sessionId);
    if (!found) return;
    this.entries.delete(sessionId);
    for (const watcher of found.watchers) watcher.end(reason);
    this.changed();
  }

  /** The running sessions that started under a grant. */
  underGrant(grantId: string): LiveEntry[] {
    return [...this.entries.values()].map((e) => e.entry).filter((e) => e.grantId === grantId);
  }

  /** Adds a watcher; false when the session is gone. */
  addWatcher(sessionId: string, watcher: Watcher): boolean {
    const found = this.entries.get(sessionId);
    if (!found) return false;
    found.watchers.add(watcher);
    this.changed();
    return true;
  }

  removeWatcher(sessionId: string, watcher: Watcher): void {
    if (this.entries.get(sessionId)?.watchers.delete(watcher)) this.changed();
  }

  list(): LiveList {
    const sessions = [...this.entries.values()].map(({ entry, watchers }) => ({
      sessionId: entry.sessionId,
      username: entry.username,
      displayName: entry.displayName,
      computerName: entry.computerName,
      policyName: entry.policyName,
      policyRevision: entry.policyRevision,
      protocol: entry.protocol,
      startedAt: entry.startedAt,
      endsAt: entry.endsAt,
      accessLevel: entry.accessLevel,
      recorded: entry.recorded,
      liveMonitoring: entry.liveMonitoring,
      watchers: watchers.size,
      accessRequest: entry.accessRequest ?? null,
      authorization: entry.authorization ?? null,
    }));
    return { version: this.version, sessions: sessions.sort((a, b) => a.startedAt.localeCompare(b.startedAt)) };
  }

  /** The list once its version differs from `since`, or after `waitMs` either way. */
  async wait(since: number, waitMs: number): Promise<LiveList> {
    if (since !== this.version) return this.list();
    await wakeableSleep(waitMs, this.waiters);
    return this.list();
  }

  /** Answers every waiting request (server shutdown). */
  release(): void {
    for (const done of [...this.waiters]) done();
  }

  private changed(): void {
    this.version += 1;
    this.release();
  }
}
