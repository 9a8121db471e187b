import { startTransition, useEffect, useRef, useState } from 'react';
import type { Recording, RecordingIndex } from '../../src-shared/common/api/recordings';
import { OpenPsmError } from '../../src-shared/common/errors';
import { firstPieceBytes, RecordingPlayback } from './playback';
import { CodedError } from '../ui/CodedError';
import { useApi } from '../bridge/apiContext';

export const speeds = [1, 2, 4, 8] as const;

const pad = (n: number) => String(n).padStart(2, '0');
/** A recording time as m:ss (h:mm:ss past an hour). */
export function clock(ms: number): string {
  const s = Math.floor(Math.max(0, ms) / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}` : `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

/**
 * Plays one recording in the app, streamed from the server's store: play/pause, a timeline to
 * seek, speed ×1/×2/×4/×8, skip idle gaps, and the typed lines beside the timeline (click
 * one to jump there). Opens at `startAtMs` (a search hit), else at the start.
 */
export function RecordingPlayer({ recording, startAtMs, onClose }: { recording: Recording; startAtMs: number | null; onClose: () => void }) {
  const api = useApi();
  const screenRef = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState<RecordingIndex | null>(null);
  const [playback, setPlayback] = useState<RecordingPlayback | null>(null);
  const [state, setState] = useState({ positionMs: 0, playing: false, loadedMs: 0 });
  const [speed, setSpeed] = useState<number>(1);
  const [skipIdle, setSkipIdle] = useState(false);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);

  useEffect(() => {
    const screen = screenRef.current;
    if (!screen) return undefined;
    let gone = false;
    let player: RecordingPlayback | null = null;
    const fail = (error: unknown) => {
      const e = error instanceof OpenPsmError ? error : new OpenPsmError('RECORDING_UNREADABLE');
      if (!gone) setProblem({ code: e.code, message: e.message });
    };
    // The first piece and the index at once; the first frame needs only the piece.
    const indexed = api.recordings.index({ id: recording.id });
    indexed.catch(fail);
    api.recordings
      .read({ id: recording.id, offset: 0, length: firstPieceBytes })
      .then(async (first) => {
        if (gone) return;
        player = new RecordingPlayback((offset, length) => api.recordings.read({ id: recording.id, offset, length }));
        const display = player.client.getDisplay();
        display.showCursor(false);
        screen.appendChild(display.getElement());
        const fit = () => display.getWidth() > 0 && display.scale(Math.min(screen.clientWidth / display.getWidth(), screen.clientHeight / display.getHeight(), 1));
        display.onresize = fit;
        player.onchange = (next) => !gone && setState(next);
        player.onerror = fail;
        await player.start(first);
        if (gone) return player.dispose();
        // The first frame is on the screen now (the display was already in the page).
        screen.dataset['firstFrame'] = 'drawn';
        fit();
        // A search hit opens at its moment: the player is ready once it is there.
        if (startAtMs === null) setPlayback(player);
        const found = await indexed;
        if (gone) return;
        player.useIndex(found);
        // The typed lines (hundreds in a long session) render after the first frame, not before it.
        startTransition(() => setIndex(found));
        if (startAtMs !== null) await player.seek(startAtMs);
        if (!gone) setPlayback(player);
      })
      .catch(fail);
    return () => {
      gone = true;
      player?.dispose();
      screen.replaceChildren();
    };
  }, [api, recording.id, startAtMs]);

  // Where the timeline was dragged to, until the seek lands (so the slider does not jump back).
  const [scrub, setScrub] = useState<number | null>(null);
  const seek = (ms: number) => {
    setScrub(ms);
    playback
      ?.seek(ms)
      .catch(() => setProblem({ code: 'RECORDING_UNREADABLE', message: 'The recording could not be read from its store.' }))
      .finally(() => setScrub((now) => (now === ms ? null : now)));
  };
  const duration = index?.durationMs ?? recording.durationMs ?? 0;
  return (
    <section className="player" aria-label={`Recording of ${recording.computerName} by ${recording.displayName}`}>
      <div className="vault-head">
        <h2>
          {recording.computerName} · {recording.displayName} <span className="muted">{new Date(recording.startedAt).toLocaleString()}</span>
        </h2>
        <span className="spacer" />
        <button type="button" className="button secondary" onClick={onClose}>
          Close player
        </button>
      </div>
      <CodedError problem={problem} testId="player-error-code" />
      <div className="player-body">
        <div className="player-main">
          <div className="player-screen" ref={screenRef} data-testid="player-screen" data-ready={playback ? 'yes' : 'no'} />
          <div className="player-controls">
            <button type="button" className="button primary" disabled={!playback} onClick={() => (state.playing ? playback?.pause() : playback?.play())}>
              {state.playing ? 'Pause' : 'Play'}
            </button>
            <span className="player-time" data-testid="player-position" data-ms={Math.round(state.positionMs)}>
              {clock(state.positionMs)} / {clock(duration)}
            </span>
            <input className="player-timeline" type="range" aria-label="Timeline" min={0} max={Math.max(1, Math.round(duration))} step={100} value={scrub ?? Math.round(state.positionMs / 100) * 100} disabled={!playback} onChange={(e) => seek(Number(e.target.value))} />
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
          </div>
        </div>
        <aside className="player-keys" aria-label="Typed text">
          <h3>Typed text</h3>
          {index && index.keys.length === 0 && <p className="muted">Nothing was typed (or keystrokes were not recorded).</p>}
          <ol>
            {index?.keys.map((line) => (
              <li key={`${line.atMs}-${line.text}`} className={state.positionMs >= line.atMs ? 'typed-past' : undefined}>
                <button type="button" className="link" onClick={() => seek(line.atMs)}>
                  <span className="muted">{clock(line.atMs)}</span> <code>{line.text}</code>
                </button>
              </li>
            ))}
          </ol>
        </aside>
      </div>
    </section>
  );
}
