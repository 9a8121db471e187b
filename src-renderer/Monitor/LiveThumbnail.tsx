import { useEffect, useRef, useState } from 'react';
import type { LiveSession } from '@shared/common/api/live';
import { OpenPsmError } from '@shared/common/errors';
import { startSessionClient } from '../Session/guacClient';
import type { SessionLink } from '../Session/sessionLinks';
import { useApi } from '../bridge/apiContext';

/** What a thumbnail asks guacd for: a small screen, in the viewer's time zone. */
const thumbnailScreen = () => ({
  width: 640,
  height: 400,
  dpi: 96,
  timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
});

/**
 * One live session as a scaled, read-only thumbnail: its own guacd join through the gateway,
 * closed when the tile goes. Clicking it opens the session full size.
 */
export function LiveThumbnail({
  session,
  linkFor,
  onOpen,
}: {
  session: LiveSession;
  linkFor: (token: string) => SessionLink;
  onOpen: () => void;
}) {
  const api = useApi();
  const screenRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'connecting' | 'connected' | 'ended'>('connecting');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const screen = screenRef.current;
    if (!screen) return undefined;
    let gone = false;
    let dispose: (() => void) | null = null;
    let sessionId: string | null = null;
    api.live
      .watch({ sessionId: session.sessionId, ...thumbnailScreen() })
      .then((opened) => {
        sessionId = opened.sessionId;
        if (gone) return void api.sessions.close({ sessionId }).catch(() => undefined);
        const client = startSessionClient(opened, linkFor(opened.token), screen, {
          onState: setState,
          onError: (error) => setProblem(error.code),
          onRequired: () => undefined,
          onClipboard: () => undefined,
        });
        const fit = () => client.fit(screen.clientWidth, screen.clientHeight);
        client.client.getDisplay().onresize = fit;
        const observer = new ResizeObserver(fit);
        observer.observe(screen);
        dispose = () => {
          observer.disconnect();
          client.dispose();
        };
      })
      .catch((error: unknown) => !gone && setProblem(error instanceof OpenPsmError ? error.code : 'INTERNAL'));
    return () => {
      gone = true;
      dispose?.();
      if (sessionId) void api.sessions.close({ sessionId }).catch(() => undefined);
    };
  }, [api, session.sessionId, linkFor]);

  const label = `${session.computerName}: ${session.displayName}`;
  return (
    <figure className="live-tile" data-testid={`live-tile-${session.sessionId}`}>
      <button type="button" className="live-thumb" onClick={onOpen} aria-label={`Watch ${label} full size`}>
        <div className="live-thumb-screen" ref={screenRef} data-state={state} />
        {problem && (
          <span className="live-thumb-problem" data-testid="live-tile-error">
            {problem}
          </span>
        )}
      </button>
      <figcaption>
        <strong>{session.computerName}</strong>{' '}
        <span className="muted">
          {session.displayName} · {session.protocol.toUpperCase()}
        </span>
      </figcaption>
    </figure>
  );
}
