import type { AppInfo } from '@shared/common/api/app';
import { isSession, type Tab } from '../ui/tabs';
import { SessionError } from './SessionError';
import type { SessionLink } from './sessionLinks';
import { SessionView } from './SessionView';
import type { useSessionTabs } from './useSessionTabs';

/** The session tabs: every running one stays mounted (hidden unless current), a failed one shows its error when current. */
export function SessionTabs({
  tab,
  info,
  sessions,
  linkFor,
  onClose,
  onLive,
}: {
  tab: Tab;
  info: AppInfo;
  sessions: ReturnType<typeof useSessionTabs>;
  linkFor: (token: string) => SessionLink;
  onClose: (key: string) => void;
  /** Told when a session tab becomes live or stops being live. */
  onLive?: (key: string, live: boolean) => void;
}) {
  return (
    <>
      {sessions.tabs.map((session) =>
        'opened' in session ? (
          <SessionView
            key={session.key}
            opened={session.opened}
            title={session.name}
            linkFor={linkFor}
            active={isSession(tab, session.key)}
            onClose={() => onClose(session.key)}
            onLive={onLive ? (live) => onLive(session.key, live) : undefined}
            onWatch={
              session.opened.readOnly || info.backend.mode !== 'direct'
                ? undefined
                : () => void sessions.watch(session.opened)
            }
          />
        ) : (
          isSession(tab, session.key) && (
            <section key={session.key} className="session" aria-label={`Session ${session.name}`}>
              <SessionError
                code={session.failed.code}
                message={session.failed.message}
                everConnected={false}
                onClose={() => onClose(session.key)}
              />
            </section>
          )
        ),
      )}
    </>
  );
}
