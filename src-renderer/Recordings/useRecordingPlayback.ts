import { startTransition, useEffect, useRef, useState } from 'react';
import type { Recording, RecordingIndex } from '@shared/common/api/recordings';
import { OpenPsmError } from '@shared/common/errors';
import { firstPieceBytes, RecordingPlayback } from './playback';
import { useApi } from '../bridge/apiContext';

/**
 * Streams one recording into the element `screenRef` is given to: the first piece and the index at once,
 * the first frame as soon as the piece is there, then the typed lines. `playback` is set once
 * the player is ready (at `startAtMs` for a search hit); `state` follows its position.
 */
export function useRecordingPlayback(recording: Recording, startAtMs: number | null) {
  const api = useApi();
  const screenRef = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState<RecordingIndex | null>(null);
  const [playback, setPlayback] = useState<RecordingPlayback | null>(null);
  const [state, setState] = useState({ positionMs: 0, playing: false, loadedMs: 0 });
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
        const fit = () =>
          display.getWidth() > 0 &&
          display.scale(
            Math.min(screen.clientWidth / display.getWidth(), screen.clientHeight / display.getHeight(), 1),
          );
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

  return { screenRef, index, playback, state, problem, setProblem };
}
