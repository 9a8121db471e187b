import { useState } from 'react';
import type { Recording, RecordingIndex } from '@shared/common/api/recordings';
import type { RecordingPlayback } from './playback';
import { CodedError } from '../ui/CodedError';
import { useRecordingPlayback } from './useRecordingPlayback';

export const speeds = [1, 2, 4, 8] as const;

const pad = (n: number) => String(n).padStart(2, '0');
/** A recording time as m:ss (h:mm:ss past an hour). */
export function clock(ms: number): string {
  const s = Math.floor(Math.max(0, ms) / 1000);
  return s >= 3600
    ? `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`
    : `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

/**
 * Plays one recording in the app, streamed from the server's store: play/pause, a timeline to
 * seek, speed ×1/×2/×4/×8, skip idle gaps, and the typed lines beside the timeline (click
 * one to jump there). Opens at `startAtMs` (a search hit), else at the start.
 */
export function RecordingPlayer({
  recording,
  startAtMs,
  onClose,
}: {
  recording: Recording;
  startAtMs: number | null;
  onClose: () => void;
}) {
  const { screenRef, index, playback, state, problem, setProblem } = useRecordingPlayback(recording, startAtMs);

  // Where the timeline was dragged to, until the seek lands (so the slider does not jump back).
  const [scrub, setScrub] = useState<number | null>(null);
  const seek = (ms: number) => {
    setScrub(ms);
    playback
      ?.seek(ms)
      .catch(() =>
        setProblem({ code: 'RECORDING_UNREADABLE', message: 'The recording could not be read from its store.' }),
      )
      .finally(() => setScrub((now) => (now === ms ? null : now)));
  };
  const duration = index?.durationMs ?? recording.durationMs ?? 0;
  return (
    <section className="player" aria-label={`Recording of ${recording.computerName} by ${recording.displayName}`}>
      <div className="vault-head">
        <h2>
          {recording.computerName} · {recording.displayName}{' '}
          <span className="muted">{new Date(recording.startedAt).toLocaleString()}</span>
        </h2>
        <span className="spacer" />
        <button type="button" className="button secondary" onClick={onClose}>
          Close player
        </button>
      </div>
      <CodedError problem={problem} testId="player-error-code" />
      <div className="player-body">
        <div className="player-main">
          <div
            className="player-screen"
            ref={screenRef}
            data-testid="player-screen"
            data-ready={playback ? 'yes' : 'no'}
          />
          <div className="player-controls">
            <button
              type="button"
              className="button primary"
              disabled={!playback}
              onClick={() => (state.playing ? playback?.pause() : playback?.play())}
            >
              {state.playing ? 'Pause' : 'Play'}
            </button>
            <span className="player-time" data-testid="player-position" data-ms={Math.round(state.positionMs)}>
              {clock(state.positionMs)} / {clock(duration)}
            </span>
            <input
              className="player-timeline"
              type="range"
              aria-label="Timeline"
              min={0}
              max={Math.max(1, Math.round(duration))}
              step={100}
              value={scrub ?? Math.round(state.positionMs / 100) * 100}
              disabled={!playback}
              onChange={(e) => seek(Number(e.target.value))}
            />
            <PlaybackOptions playback={playback} />
          </div>
        </div>
        <TypedText index={index} positionMs={state.positionMs} onSeek={seek} />
      </div>
    </section>
  );
}

/** Speed ×1/×2/×4/×8 and Skip idle gaps, set on the player as they change. */
function PlaybackOptions({ playback }: { playback: RecordingPlayback | null }) {
  const [speed, setSpeed] = useState<number>(1);
  const [skipIdle, setSkipIdle] = useState(false);
  return (
    <>
      <div role="group" aria-label="Speed" className="actions">
        {speeds.map((s) => (
          <button
            key={s}
            type="button"
            className={speed === s ? 'button primary' : 'button secondary'}
            aria-pressed={speed === s}
            disabled={!playback}
            onClick={() => {
              setSpeed(s);
              playback?.setSpeed(s);
            }}
          >
            ×{s}
          </button>
        ))}
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={skipIdle}
          onChange={(e) => {
            setSkipIdle(e.target.checked);
            playback?.setSkipIdle(e.target.checked);
          }}
        />{' '}
        Skip idle gaps
      </label>
    </>
  );
}

/** The typed lines beside the timeline, those already played marked; a click seeks there. */
function TypedText({
  index,
  positionMs,
  onSeek,
}: {
  index: RecordingIndex | null;
  positionMs: number;
  onSeek: (ms: number) => void;
}) {
  return (
    <aside className="player-keys" aria-label="Typed text">
      <h3>Typed text</h3>
      {index?.typedWithheld && (
        <p className="muted">
          Typed text is unavailable for this recording: guacd wrote no typescript, so password prompts could not be told
          apart and keystrokes were not indexed.
        </p>
      )}
      {index && !index.typedWithheld && index.keys.length === 0 && (
        <p className="muted">Nothing was typed (or keystrokes were not recorded).</p>
      )}
      <ol>
        {index?.keys.map((line) => (
          <li key={`${line.atMs}-${line.text}`} className={positionMs >= line.atMs ? 'typed-past' : undefined}>
            <button type="button" className="link" onClick={() => onSeek(line.atMs)}>
              <span className="muted">{clock(line.atMs)}</span> <code>{line.text}</code>
            </button>
          </li>
        ))}
      </ol>
    </aside>
  );
}
