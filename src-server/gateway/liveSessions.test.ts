import { describe, expect, it } from 'vitest';
import { OpenPsmError } from '@shared/common/errors';
import { LiveSessions, type LiveEntry } from './liveSessions';

const entry = (sessionId: string, startedAt: string, ended: string[] = []): LiveEntry => ({
  sessionId,
  username: 'erin',
  displayName: 'Erin',
  computerName: 'db-1',
  policyName: 'Lab',
  policyRevision: 1,
  protocol: 'ssh',
  startedAt,
  endsAt: '2026-11-24T18:00:00Z',
  accessLevel: null,
  recorded: true,
  liveMonitoring: true,
  personId: 'p',
  policyId: 'q',
  computerId: 'c',
  guacdId: '$secret-id',
  announceWatchers: true,
  end: (_reason, why) => ended.push(why),
});

describe('the live sessions list', () => {
  it('answers a wait at once when the version moved, else when the next change comes', async () => {
    const live = new LiveSessions();
    const { version } = live.list();
    const waiting = live.wait(version, 10_000);
    live.add(entry('b', '2026-11-24T10:00:02Z'));
    const changed = await waiting;
    expect(changed.version).toBeGreaterThan(version);
    expect(await live.wait(version, 10_000)).toEqual(changed);
    live.add(entry('a', '2026-11-24T10:00:01Z'));
    // Oldest first, and guacd's id never leaves the server.
    expect(live.list().sessions.map((s) => s.sessionId)).toEqual(['a', 'b']);
    expect(JSON.stringify(live.list())).not.toContain('$secret-id');
  });

  it('answers unchanged after the wait, and at once on release', async () => {
    const live = new LiveSessions();
    const { version } = live.list();
    expect((await live.wait(version, 20)).version).toBe(version);
    const waiting = live.wait(version, 60_000);
    live.release();
    expect((await waiting).version).toBe(version);
  });

  it('counts watchers and ends each with the reason when the session goes', () => {
    const live = new LiveSessions();
    live.add(entry('a', '2026-11-24T10:00:01Z'));
    const ended: string[] = [];
    const watcher = { end: (reason: OpenPsmError) => ended.push(reason.code) };
    expect(live.addWatcher('a', watcher)).toBe(true);
    expect(live.addWatcher('gone', watcher)).toBe(false);
    expect(live.list().sessions[0]?.watchers).toBe(1);
    // The Live view shows the time left until the policy's limit.
    expect(live.list().sessions[0]?.endsAt).toBe('2026-11-24T18:00:00Z');
    live.remove('a', new OpenPsmError('WATCHED_SESSION_ENDED'));
    expect(ended).toEqual(['WATCHED_SESSION_ENDED']);
    expect(live.list().sessions).toEqual([]);
    live.removeWatcher('a', watcher);
  });
});
