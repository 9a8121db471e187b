import { useApi } from '../bridge/apiContext';
import type { Flow } from '../Pages';
import type { useAppState } from '../useAppState';
import type { useShellTabs } from '../useShellTabs';
import { ShellKeys } from './ShellKeys';

/** The shell's shortcuts and command palette, wired to its tabs, connect flow, vault and pages. */
export function AppKeys({
  desktop,
  shell,
  state,
  live,
  requests,
  onCloseTab,
}: {
  /** The desktop app (its chords), else the browser host. */
  desktop: boolean;
  shell: ReturnType<typeof useShellTabs>;
  state: ReturnType<typeof useAppState>;
  /** The keys of the live session tabs. */
  live: Set<string>;
  /** Whether the Requests page is offered (a reviewer, or someone who made requests). */
  requests: boolean;
  onCloseTab: (key: string) => void;
}) {
  const api = useApi();
  const { setFlow, tab, setTab, sessions } = shell;
  const { info, auth, vault, settings } = state;
  const withControlPlane = info !== null && info.backend.mode !== 'direct';
  // My Resources' way: the connect flow's step (or none: the list) on its page.
  const toFlow = (next: Flow | null) => {
    setFlow(next);
    setTab({ kind: 'resources' });
  };
  return (
    <ShellKeys
      host={desktop ? 'desktop' : 'browser'}
      tab={tab}
      onNavigate={setTab}
      sessionTabs={sessions.tabs.map((t) => ({ key: t.key, name: t.name, live: live.has(t.key) }))}
      onCloseTab={onCloseTab}
      onLock={vault?.status === 'unlocked' ? () => void api.vault.lock({}) : null}
      onSearch={withControlPlane && auth?.status === 'signed-in' ? () => toFlow(null) : null}
      info={info}
      auth={auth}
      settings={settings}
      palette={{
        onNavigate: setTab,
        onConnect: (target) => toFlow({ kind: 'terms', target }),
        onAdvanced: (start) => toFlow({ kind: 'advanced', start }),
        onConnectDirect: (computer) => void sessions.connect(computer),
        withRequests: requests,
      }}
    />
  );
}
