import { useState } from 'react';
import type { LiveSession } from '@shared/common/api/live';
import type { SessionLink } from '../Session/sessionLinks';
import { LiveThumbnail } from './LiveThumbnail';
import { TerminateForm } from './TerminateForm';
import { CodedError } from '../ui/CodedError';
import { useLiveList } from './useLiveList';
import { AuthorizationNote } from '../ui/AuthorizationNote';

/** The grid shows at most this many sessions at once. */
export const gridLimit = 16;

const pad = (n: number) => String(n).padStart(2, '0');
/** A span of milliseconds as h:mm:ss (never negative). */
const hms = (ms: number) => {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
};
/** A running time as h:mm:ss. */
export const duration = (fromIso: string, now: number): string => hms(now - Date.parse(fromIso));
/** The time left until the gateway ends a session (its policy's maximum duration), as h:mm:ss. */
export const timeLeft = (endsAtIso: string, now: number): string => hms(Date.parse(endsAtIso) - now);

/**
 * The access manager's Live view: every session running through the gateway, updated as
 * sessions start and end; Watch (read-only), Terminate with a reason, and a grid of up to
 * 16 live thumbnails.
 */
export function LivePage({
  linkFor,
  onWatch,
}: {
  linkFor: (token: string) => SessionLink;
  onWatch: (session: LiveSession) => void;
}) {
  const { list, problem, now } = useLiveList();
  const [view, setView] = useState<'list' | 'grid'>('list');
  const [ending, setEnding] = useState<string | null>(null);

  const sessions = list?.sessions ?? [];
  return (
    <section className="live" aria-labelledby="live-title">
      <div className="vault-head">
        <h1 id="live-title">Live sessions</h1>
        <span className="muted" data-testid="live-count">
          {list ? `${sessions.length} running` : 'Loading…'}
        </span>
        <span className="spacer" />
        <div role="group" aria-label="View" className="actions">
          <button
            type="button"
            className={view === 'list' ? 'button primary' : 'button secondary'}
            aria-pressed={view === 'list'}
            onClick={() => setView('list')}
          >
            List
          </button>
          <button
            type="button"
            className={view === 'grid' ? 'button primary' : 'button secondary'}
            aria-pressed={view === 'grid'}
            onClick={() => setView('grid')}
          >
            Grid
          </button>
        </div>
      </div>
      <CodedError problem={problem} testId="live-error-code" />
      {list && sessions.length === 0 && (
        <p className="muted">No session is running through the gateway now. This list updates by itself.</p>
      )}
      {view === 'list' && sessions.length > 0 && (
        <LiveTable
          sessions={sessions}
          now={now}
          ending={ending}
          onWatch={onWatch}
          onTerminate={setEnding}
          onEnded={() => setEnding(null)}
        />
      )}
      {view === 'grid' && <LiveGrid sessions={sessions} linkFor={linkFor} onWatch={onWatch} />}
    </section>
  );
}

/** The list view: one row per running session, with the Terminate form under the one being ended. */
function LiveTable({
  sessions,
  now,
  ending,
  onWatch,
  onTerminate,
  onEnded,
}: {
  sessions: LiveSession[];
  now: number;
  ending: string | null;
  onWatch: (session: LiveSession) => void;
  onTerminate: (sessionId: string) => void;
  onEnded: () => void;
}) {
  return (
    <table className="table" aria-label="Live sessions">
      <thead>
        <tr>
          <th>Person</th>
          <th>Computer</th>
          <th>Protocol</th>
          <th>Started</th>
          <th>Duration</th>
          <th>Time left</th>
          <th>Access level</th>
          <th>Recorded</th>
          <th>Watchers</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => (
          <LiveRow
            key={s.sessionId}
            session={s}
            now={now}
            ending={ending === s.sessionId}
            onWatch={() => onWatch(s)}
            onTerminate={() => onTerminate(s.sessionId)}
            onEnded={onEnded}
          />
        ))}
      </tbody>
    </table>
  );
}

/** The grid view: live thumbnails of the first sessions that allow watching, and what it leaves out. */
function LiveGrid({
  sessions,
  linkFor,
  onWatch,
}: {
  sessions: LiveSession[];
  linkFor: (token: string) => SessionLink;
  onWatch: (session: LiveSession) => void;
}) {
  const watchable = sessions.filter((s) => s.liveMonitoring);
  return (
    <>
      {watchable.length > gridLimit && (
        <p className="muted" role="status">
          Showing {gridLimit} of {watchable.length} watchable sessions (the oldest first). Use the list for the others.
        </p>
      )}
      {sessions.length > watchable.length && (
        <p className="muted">{sessions.length - watchable.length} session(s) with monitoring off are not shown.</p>
      )}
      <div className="live-grid" aria-label="Live grid">
        {watchable.slice(0, gridLimit).map((s) => (
          <LiveThumbnail key={s.sessionId} session={s} linkFor={linkFor} onOpen={() => onWatch(s)} />
        ))}
      </div>
    </>
  );
}

/** One running session's row, and under it the Terminate form while it is open. */
function LiveRow({
  session: s,
  now,
  ending,
  onWatch,
  onTerminate,
  onEnded,
}: {
  session: LiveSession;
  now: number;
  ending: boolean;
  onWatch: () => void;
  onTerminate: () => void;
  onEnded: () => void;
}) {
  return (
    <>
      <tr aria-label={`${s.displayName} on ${s.computerName}`}>
        <td>
          {s.displayName} <span className="muted">({s.username})</span>
        </td>
        <td>
          {s.computerName}{' '}
          <span className="muted" data-testid="live-policy">
            {s.policyName}
            {s.policyRevision !== null && ` · revision ${s.policyRevision}`}
          </span>
        </td>
        <td>{s.protocol.toUpperCase()}</td>
        <td>{new Date(s.startedAt).toLocaleTimeString()}</td>
        <td data-testid="live-duration">{duration(s.startedAt, now)}</td>
        <td
          data-testid="live-time-left"
          title={`The policy ends this session at ${new Date(s.endsAt).toLocaleTimeString()}.`}
        >
          {timeLeft(s.endsAt, now)}
        </td>
        <LevelCell session={s} />
        <td>{s.recorded ? 'Recorded' : 'Not recorded'}</td>
        <td>{s.watchers}</td>
        <td className="row-actions">
          {s.liveMonitoring ? (
            <button
              type="button"
              className="button secondary"
              onClick={onWatch}
              aria-label={`Watch ${s.computerName} of ${s.displayName}`}
            >
              Watch
            </button>
          ) : (
            <span
              className="muted"
              data-testid="monitoring-off"
              title="The policy or the computer turns live monitoring off (GDPR)."
            >
              Monitoring off
            </span>
          )}
          <button
            type="button"
            className="button secondary"
            onClick={onTerminate}
            aria-label={`Terminate ${s.computerName} of ${s.displayName}`}
          >
            Terminate
          </button>
        </td>
      </tr>
      {ending && (
        <tr>
          <td colSpan={10}>
            <TerminateForm session={s} onDone={onEnded} />
          </td>
        </tr>
      )}
    </>
  );
}

/** A session's access level, and under it the access request that allowed it (its reason and ticket id). */
function LevelCell({ session: { accessLevel, accessRequest: request, authorization } }: { session: LiveSession }) {
  return (
    <td>
      {accessLevel ?? '—'}
      {request && (
        <div className="muted small" data-testid="live-request">
          Request: {request.reason}
          {request.ticketId ? ` · Ticket ${request.ticketId}` : ''}
        </div>
      )}
      <AuthorizationNote authorization={authorization} testId="live-authorization" />
    </td>
  );
}
