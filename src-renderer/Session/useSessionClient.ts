import { useEffect, useRef, useState } from 'react';
import type { OpenedSession } from '@shared/common/api/sessions';
import type { ErrorCode } from '@shared/common/errors';
import { startSessionClient, type SessionClient } from './guacClient';
import type { SessionLink } from './sessionLinks';
import type { SessionEnd } from './sessionTunnel';

type Phase =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'ended' }
  | { kind: 'error'; code: ErrorCode; message: string };

/**
 * One session's Guacamole client on the element `screenRef` is given to, scaled to it as it
 * resizes: its phase, the parameters guacd asks for, the remote clipboard, who is watching
 * (with a notice when that changes) and when the gateway ends it. The screen takes the focus
 * once connected while its tab is `active`. `sessionRef` holds the client while it runs, for
 * input sent from the page.
 */
export function useSessionClient(opened: OpenedSession, linkFor: (token: string) => SessionLink, active: boolean) {
  const screenRef = useRef<HTMLDivElement>(null);
  const sessionRef = useRef<SessionClient | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'connecting' });
  const [required, setRequired] = useState<string[] | null>(null);
  const [remoteClipboard, setRemoteClipboard] = useState('');
  const [watchers, setWatchers] = useState<Map<string, string>>(new Map());
  const [notice, setNotice] = useState<string | null>(null);
  const [ends, setEnds] = useState<SessionEnd | null>(null);
  const [everConnected, setEverConnected] = useState(false);

  useEffect(() => {
    const screen = screenRef.current;
    if (!screen) return undefined;
    const session = startSessionClient(opened, linkFor(opened.token), screen, {
      onState: (state) => {
        if (state === 'connected') setEverConnected(true);
        setPhase((p) => (p.kind === 'error' ? p : { kind: state }));
      },
      onError: (error) => setPhase({ kind: 'error', code: error.code, message: error.message }),
      onRequired: setRequired,
      onClipboard: setRemoteClipboard,
      onEnds: setEnds,
      onWatcher: ({ id, name, joined }) => {
        setWatchers((current) => {
          const next = new Map(current);
          if (joined) next.set(id, name);
          else next.delete(id);
          return next;
        });
        setNotice(
          joined
            ? `${name || 'An access manager'} started watching this session (read-only).`
            : `${name || 'An access manager'} stopped watching this session.`,
        );
      },
    });
    sessionRef.current = session;
    const observer = new ResizeObserver(() => session.fit(screen.clientWidth, screen.clientHeight));
    observer.observe(screen);
    session.client.getDisplay().onresize = () => session.fit(screen.clientWidth, screen.clientHeight);
    return () => {
      observer.disconnect();
      session.dispose();
      sessionRef.current = null;
    };
  }, [opened, linkFor]);

  useEffect(() => {
    if (active && phase.kind === 'connected') screenRef.current?.focus();
  }, [active, phase.kind]);

  return {
    screenRef,
    sessionRef,
    phase,
    everConnected,
    required,
    setRequired,
    remoteClipboard,
    watchers,
    notice,
    ends,
  };
}
