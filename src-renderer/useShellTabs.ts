import { useCallback, useState } from 'react';
import type { Flow } from './Pages';
import { useSessionTabs } from './Session/useSessionTabs';
import type { Tab } from './ui/tabs';

/**
 * What the shell shows: the connect flow, the current tab and the session tabs, and what a
 * sign-in's end does to them (`signedOut`, for useAppState).
 */
export function useShellTabs() {
  const [flow, setFlow] = useState<Flow | null>(null);
  // A browser-host start link (/start?…) opens on My Resources, where it waits for the sign-in.
  const [tab, setTab] = useState<Tab>(() => ({ kind: window.location.pathname === '/start' ? 'resources' : 'home' }));
  const show = useCallback((key: string) => setTab({ kind: 'session', key }), []);
  const sessions = useSessionTabs(show);
  const { closeAll } = sessions;
  // Session tabs closed because the sign-in they ran under ended (told in the sign-in-ended notice).
  const [closedTabs, setClosedTabs] = useState(0);
  // A connect flow, the Live and Recordings views, and the session and watch tabs belong to the sign-in they started under.
  const signedOut = useCallback(
    (endedSignIn: boolean) => {
      setFlow(null);
      if (endedSignIn) setClosedTabs(closeAll());
      setTab((t) =>
        t.kind === 'live' || t.kind === 'recordings' || (endedSignIn && t.kind === 'session')
          ? { kind: 'resources' }
          : t,
      );
    },
    [closeAll],
  );
  return { flow, setFlow, tab, setTab, sessions, closedTabs, signedOut };
}
