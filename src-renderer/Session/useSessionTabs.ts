import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveSession } from '@shared/common/api/live';
import type { OpenedSession } from '@shared/common/api/sessions';
import type { Computer } from '@shared/common/api/settings';
import { OpenPsmError, type ErrorCode } from '@shared/common/errors';
import { useApi } from '../bridge/apiContext';
import { openingScreenSize } from './screenSize';

/** A session tab: a running (or ended) session, or one that failed to open. */
export type SessionTab =
  | { key: string; name: string; opened: OpenedSession }
  | { key: string; name: string; failed: { code: ErrorCode; message: string } };

let counter = 0;

/** What a session is opened with: the tab's screen size, and this device's DPI and time zone. */
function screen() {
  return {
    ...openingScreenSize(),
    dpi: Math.round(96 * (window.devicePixelRatio || 1)),
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  };
}

/** The open session tabs: opening, watching and closing them. */
export function useSessionTabs(show: (key: string) => void) {
  const api = useApi();
  const [tabs, setTabs] = useState<SessionTab[]>([]);
  // The tabs as last rendered, for closeAll (called from event handlers that outlive a render).
  const current = useRef(tabs);
  useEffect(() => {
    current.current = tabs;
  }, [tabs]);

  const add = useCallback(
    async (name: string, open: () => Promise<OpenedSession>) => {
      const key = `tab-${++counter}`;
      try {
        const opened = await open();
        setTabs((list) => [...list, { key, name, opened }]);
      } catch (e) {
        const error = e instanceof OpenPsmError ? e : new OpenPsmError('INTERNAL');
        setTabs((list) => [...list, { key, name, failed: { code: error.code, message: error.message } }]);
      }
      show(key);
    },
    [show],
  );

  const connect = useCallback(
    (computer: Computer) => add(computer.name, () => api.sessions.open({ computerId: computer.id, ...screen() })),
    [add, api],
  );
  const connectThroughGateway = useCallback(
    (
      target: { policyId: string; computerId: string; name: string },
      advanced?: { approval: string; personalCredentialId: string | null },
      policyRevision?: number,
    ) =>
      add(target.name, () =>
        api.sessions.connect({
          policyId: target.policyId,
          computerId: target.computerId,
          ...screen(),
          ...(advanced ? { advanced } : {}),
          ...(policyRevision !== undefined ? { policyRevision } : {}),
        }),
      ),
    [add, api],
  );
  const watch = useCallback(
    (opened: OpenedSession) =>
      add(`${opened.name} (watching)`, () => api.sessions.watch({ sessionId: opened.sessionId, ...screen() })),
    [add, api],
  );
  const watchLive = useCallback(
    (session: LiveSession) =>
      add(`${session.computerName} (watching ${session.displayName})`, () =>
        api.live.watch({ sessionId: session.sessionId, ...screen() }),
      ),
    [add, api],
  );
  const close = useCallback(
    (key: string) => {
      const tab = tabs.find((t) => t.key === key);
      if (tab && 'opened' in tab) void api.sessions.close({ sessionId: tab.opened.sessionId }).catch(() => undefined);
      setTabs((list) => list.filter((t) => t.key !== key));
    },
    [api, tabs],
  );
  /** Ends every session and watch tab and closes them all (a sign-out, a person switch, an expired sign-in); how many were open. */
  const closeAll = useCallback(() => {
    const open = current.current;
    for (const tab of open)
      if ('opened' in tab) void api.sessions.close({ sessionId: tab.opened.sessionId }).catch(() => undefined);
    setTabs([]);
    return open.length;
  }, [api]);
  return { tabs, connect, connectThroughGateway, watch, watchLive, close, closeAll };
}
