import { useState, type FormEvent } from 'react';
import type { Recording, TypedLine } from '@shared/common/api/recordings';
import { OpenPsmError } from '@shared/common/errors';
import { clock, RecordingPlayer } from './RecordingPlayer';
import { neverConnected } from './neverConnected';
import { CodedError } from '../ui/CodedError';
import { useApi } from '../bridge/apiContext';
import { useRecordingList } from './useRecordingList';
import { AuthorizationNote } from '../ui/AuthorizationNote';

const statusLabels: Record<Recording['status'], string> = {
  recording: 'Recording',
  uploading: 'Storing',
  stored: 'Stored',
  not_uploaded: 'Not uploaded',
};
const filterFields = [
  { key: 'person', label: 'Person', type: 'text' },
  { key: 'computer', label: 'Computer', type: 'text' },
  { key: 'from', label: 'From', type: 'date' },
  { key: 'to', label: 'To', type: 'date' },
  { key: 'ticket', label: 'Ticket id or metadata', type: 'search' },
  { key: 'text', label: 'Text typed or shown', type: 'search' },
] as const;

/**
 * Recordings, for access managers and auditors: filter by person, computer, dates and text
 * typed or shown by the session (a text search lists the matching lines, typed and shown apart;
 * each opens the player at its moment), play one, and (access managers) retry one that was not uploaded.
 */
export function RecordingsPage({ canRetry }: { canRetry: boolean }) {
  const api = useApi();
  const { recordings, setRecordings, problem, setProblem, setApplied } = useRecordingList();
  const [playing, setPlaying] = useState<{ recording: Recording; atMs: number | null } | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);

  const retry = (recording: Recording) => {
    setRetrying(recording.id);
    api.recordings
      .retry({ id: recording.id })
      .then((next) => setRecordings((all) => all?.map((r) => (r.id === next.id ? next : r)) ?? null))
      .catch((error: unknown) =>
        setProblem({
          code: error instanceof OpenPsmError ? error.code : 'INTERNAL',
          message: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => setRetrying(null));
  };

  return (
    <section className="recordings" aria-labelledby="recordings-title">
      <div className="vault-head">
        <h1 id="recordings-title">Recordings</h1>
        <span className="muted" data-testid="recordings-count">
          {recordings ? `${recordings.length} found` : 'Loading…'}
        </span>
      </div>
      <RecordingFilters onSearch={setApplied} />
      <CodedError problem={problem} testId="recordings-error-code" />
      {playing && (
        <RecordingPlayer
          key={`${playing.recording.id}-${playing.atMs ?? ''}`}
          recording={playing.recording}
          startAtMs={playing.atMs}
          onClose={() => setPlaying(null)}
        />
      )}
      {recordings && recordings.length === 0 && <p className="muted">No recording matches these filters.</p>}
      {recordings && recordings.length > 0 && (
        <RecordingTable
          recordings={recordings}
          canRetry={canRetry}
          retrying={retrying}
          onPlay={(recording, atMs) => setPlaying({ recording, atMs })}
          onRetry={retry}
        />
      )}
    </section>
  );
}

/** The filter form: its values stay a draft until Search applies them. */
function RecordingFilters({ onSearch }: { onSearch: (values: Record<string, string>) => void }) {
  const [draft, setDraft] = useState<Record<string, string>>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch({ ...draft });
  };
  return (
    <form className="filters" role="search" aria-label="Filter recordings" onSubmit={submit}>
      {filterFields.map((f) => (
        <label key={f.key} className="field">
          <span>{f.label}</span>
          <input
            type={f.type}
            value={draft[f.key] ?? ''}
            onChange={(e) => setDraft((d) => ({ ...d, [f.key]: e.target.value }))}
          />
        </label>
      ))}
      <button type="submit" className="button primary">
        Search
      </button>
    </form>
  );
}

/** The recordings found, one row each. */
function RecordingTable({
  recordings,
  canRetry,
  retrying,
  onPlay,
  onRetry,
}: {
  recordings: Recording[];
  canRetry: boolean;
  retrying: string | null;
  onPlay: (recording: Recording, atMs: number | null) => void;
  onRetry: (recording: Recording) => void;
}) {
  return (
    <table className="table" aria-label="Recordings">
      <thead>
        <tr>
          <th>Started</th>
          <th>Person</th>
          <th>Computer</th>
          <th>Length</th>
          <th>Status</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {recordings.map((r) => (
          <RecordingListRow
            key={r.id}
            recording={r}
            canRetry={canRetry}
            retrying={retrying === r.id}
            onPlay={(atMs) => onPlay(r, atMs)}
            onRetry={() => onRetry(r)}
          />
        ))}
      </tbody>
    </table>
  );
}

/** One recording's row (Play, and Retry upload where allowed), and under it the lines, typed or shown, a text search matched. */
function RecordingListRow({
  recording: r,
  canRetry,
  retrying,
  onPlay,
  onRetry,
}: {
  recording: Recording;
  canRetry: boolean;
  retrying: boolean;
  onPlay: (atMs: number | null) => void;
  onRetry: () => void;
}) {
  return (
    <>
      <tr data-testid={`recording-${r.sessionId}`}>
        <td>{new Date(r.startedAt).toLocaleString()}</td>
        <td>{r.displayName}</td>
        <td>
          {r.computerName} <span className="muted">{r.protocol.toUpperCase()}</span>
          {r.accessRequest && (
            <div className="muted small" data-testid="recording-request">
              Access request: {r.accessRequest.reason}
              {r.accessRequest.ticketId ? ` · Ticket ${r.accessRequest.ticketId}` : ''}
            </div>
          )}
          <AuthorizationNote authorization={r.authorization} testId="recording-authorization" />
        </td>
        <td>{r.durationMs === null ? '—' : neverConnected(r) ? 'Never connected' : clock(r.durationMs)}</td>
        <td>
          <span className={`status status-${r.status}`} data-testid="recording-status">
            {statusLabels[r.status]}
            {r.store && r.status === 'stored' ? ` (${r.store})` : ''}
          </span>
          {r.error && r.status !== 'stored' && (
            <div className="muted small" data-testid="recording-error">
              {r.error}
            </div>
          )}
        </td>
        <td className="actions">
          {!neverConnected(r) && (
            <button
              type="button"
              className="button secondary"
              disabled={r.status === 'recording' || r.bytes === null}
              onClick={() => onPlay(null)}
              aria-label={`Play the recording of ${r.computerName} by ${r.displayName}`}
            >
              Play
            </button>
          )}
          {canRetry && r.status === 'not_uploaded' && (
            <button type="button" className="button secondary" disabled={retrying} onClick={onRetry}>
              {retrying ? 'Retrying…' : 'Retry upload'}
            </button>
          )}
        </td>
      </tr>
      {((r.matches?.length ?? 0) > 0 || (r.shown?.length ?? 0) > 0) && (
        <tr className="matches">
          <td colSpan={6}>
            <SearchHits kind="typed" lines={r.matches ?? []} onPlay={onPlay} />
            <SearchHits kind="shown" lines={r.shown ?? []} onPlay={onPlay} />
          </td>
        </tr>
      )}
    </>
  );
}

/** The lines a text search matched, typed or shown by the session; a click opens the player at that moment. */
function SearchHits({
  kind,
  lines,
  onPlay,
}: {
  kind: 'typed' | 'shown';
  lines: TypedLine[];
  onPlay: (atMs: number) => void;
}) {
  return lines.map((m) => (
    <button
      key={`${kind}-${m.atMs}-${m.text}`}
      type="button"
      className="link"
      data-testid={`hit-${kind}`}
      onClick={() => onPlay(m.atMs)}
    >
      ▶ {clock(m.atMs)} <span className="muted">{kind}</span> <code>{m.text}</code>
    </button>
  ));
}
