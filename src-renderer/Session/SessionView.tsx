import { useEffect } from 'react';
import type { OpenedSession } from '@shared/common/api/sessions';
import { ClipboardPanel } from './ClipboardPanel';
import type { SessionLink } from './sessionLinks';
import { RequiredPrompt } from './RequiredPrompt';
import { SessionError } from './SessionError';
import { SessionToolbar } from './SessionToolbar';
import { SessionEndsBanner } from './SessionEndsBanner';
import { useSessionClient } from './useSessionClient';

export interface SessionViewProps {
  opened: OpenedSession;
  /** The tab's title, e.g. "db-1 (watching)". */
  title: string;
  /** Opens the session's stream: a socket in the browser host, a port in the desktop app. */
  linkFor: (token: string) => SessionLink;
  active: boolean;
  onClose: () => void;
  onWatch?: (() => void) | undefined;
  /** Told whether the session is live (connecting or connected): closing its tab then ends it. */
  onLive?: ((live: boolean) => void) | undefined;
}

/** One session tab: the remote screen scaled to the tab, input, clipboard, and its end. */
export function SessionView({ opened, title, linkFor, active, onClose, onWatch, onLive }: SessionViewProps) {
  const {
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
  } = useSessionClient(opened, linkFor, active);

  const over = phase.kind === 'error' || phase.kind === 'ended';
  useEffect(() => onLive?.(!over), [onLive, over]);
  return (
    <section
      className="session"
      hidden={!active}
      aria-label={`Session ${title}`}
      data-testid={`session-${opened.sessionId}`}
    >
      <SessionToolbar
        opened={opened}
        title={title}
        connected={phase.kind === 'connected'}
        over={over}
        onCtrlAltDel={() => sessionRef.current?.ctrlAltDel()}
        onWatch={onWatch}
        onClose={onClose}
      />
      {!over && ends && <SessionEndsBanner end={ends} />}
      {!over && (watchers.size > 0 || notice) && (
        <div className="watch-banner" role="status" data-testid="watch-banner">
          {notice}
          {watchers.size > 0 && <span className="muted"> Watching now: {[...watchers.values()].join(', ')}.</span>}
        </div>
      )}
      <div className="session-body">
        <div
          className="session-screen"
          ref={screenRef}
          tabIndex={0}
          data-testid="session-screen"
          hidden={over}
          role="application"
          aria-label="Remote screen"
        />
        {over && (
          <SessionError
            code={phase.kind === 'error' ? phase.code : null}
            message={phase.kind === 'error' ? phase.message : null}
            everConnected={everConnected}
            onClose={onClose}
          />
        )}
        {required && !over && (
          <RequiredPrompt
            names={required}
            onSubmit={(values) => {
              for (const [name, value] of Object.entries(values)) sessionRef.current?.sendText(name, value);
              setRequired(null);
            }}
          />
        )}
        {!over && (
          <ClipboardPanel
            remoteText={remoteClipboard}
            disableCopy={opened.disableCopy}
            disablePaste={opened.disablePaste}
            readOnly={opened.readOnly}
            onPaste={(text) => sessionRef.current?.paste(text)}
          />
        )}
      </div>
    </section>
  );
}
