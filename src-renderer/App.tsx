import { useRequestCount } from './Requests/useRequestCount';
import { useCallback } from 'react';
import { launchSecret, sessionSocketUrl } from './bridge/launch';
import { useApi } from './bridge/apiContext';
import { Pages } from './Pages';
import { AppKeys } from './shortcuts/AppKeys';
import { useLiveKeys } from './Session/useLiveKeys';
import { useTheme } from './ui/theme';
import { useStartLink, type LinkOutcome } from './Resources/useStartLink';
import { portLink, socketLink, type SessionLink } from './Session/sessionLinks';
import { SessionTabs } from './Session/SessionTabs';
import { useAppState } from './useAppState';
import { useShellTabs } from './useShellTabs';
import type { Tab } from './ui/tabs';
import { useVaultShortcuts } from './Vault/useVaultShortcuts';
import { AppHeader, isAccessManager } from './ui/AppHeader';
import { Banner } from './ui/Banner';
import { MasterPasswordBanner } from './Vault/MasterPasswordBanner';

export interface AppProps {
  /** Registers a callback for a lost connection (browser host only). */
  onDisconnect?: ((listener: () => void) => void) | undefined;
  /** Desktop only: attaches a session to a MessagePort (else sessions use the host's sockets). */
  attachSession?: ((token: string) => Promise<unknown>) | undefined;
}

/** The app shell: header, pages, session tabs, and live backend/settings updates. The API comes from the ApiProvider above. */
export function App({ onDisconnect, attachSession }: AppProps) {
  const api = useApi();
  const shell = useShellTabs();
  const { flow, setFlow, tab, setTab, sessions, closedTabs, signedOut } = shell;
  const state = useAppState(onDisconnect, signedOut);
  const { info, settings, setSettings, auth, vault, ended, problem } = state;
  const link = useLinkFlow(shell, auth?.status === 'signed-in');

  const closeTab = useCloseTab(shell, state);
  useVaultShortcuts(vault?.status === 'unlocked');
  useTheme(settings?.theme);
  const linkFor = useLinkFor(attachSession);
  const [live, setLive] = useLiveKeys();
  const requests = useRequestCount(auth, info, tab);
  const navigate = navigateWith(shell);

  return (
    <div className="app">
      <AppHeader
        info={info}
        auth={auth}
        vault={vault}
        tab={tab}
        onNavigate={navigate}
        onSignOut={() => void api.auth.signOut({})}
        onLock={() => void api.vault.lock({})}
        tabs={sessions.tabs.map((t) => ({ key: t.key, name: t.name }))}
        requests={requests}
      />
      <main className={tab.kind === 'session' ? 'app-main wide' : 'app-main'}>
        <AppBanners
          problem={problem}
          ended={ended}
          closedTabs={closedTabs}
          onStartAgain={() => setTab({ kind: 'resources' })}
          signedIn={auth?.status === 'signed-in'}
          linkWaiting={link.waiting}
          offerVault={vault?.status === 'none' && (tab.kind === 'home' || tab.kind === 'vault') ? tab.kind : null}
          onCreateVault={() => setTab({ kind: 'vault' })}
        />
        {info && settings && auth ? (
          <>
            <Pages
              tab={tab}
              info={info}
              settings={settings}
              auth={auth}
              vault={vault}
              flow={flow}
              setFlow={setFlow}
              sessions={sessions}
              linkFor={linkFor}
              onNavigate={setTab}
              onSettingsSaved={setSettings}
              onRequestsChanged={requests.refresh}
            />
            <SessionTabs
              tab={tab}
              info={info}
              sessions={sessions}
              linkFor={linkFor}
              onClose={closeTab}
              onLive={setLive}
            />
          </>
        ) : (
          !problem && <LoadingNote />
        )}
      </main>
      <AppKeys
        desktop={Boolean(attachSession)}
        shell={shell}
        state={state}
        live={live}
        requests={requests.shown}
        onCloseTab={closeTab}
      />
    </div>
  );
}

/** The header's navigation: My Resources picked while on it (in Advanced Mode, the terms or a link's error) goes back to the list. */
function navigateWith({ tab, setTab, setFlow }: ReturnType<typeof useShellTabs>) {
  return (next: Tab) => {
    if (next.kind === 'resources' && tab.kind === 'resources') setFlow(null);
    setTab(next);
  };
}

/** What shows while the app reads its state. */
function LoadingNote() {
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}

/** A start link (/start?…): My Resources, with the link's connect step once signed in. */
function useLinkFlow(shell: ReturnType<typeof useShellTabs>, signedIn: boolean) {
  const { setFlow, setTab } = shell;
  const linked = useCallback(
    (outcome: LinkOutcome) => {
      setFlow(outcome.kind === 'terms' ? { kind: 'terms', target: outcome.target } : outcome);
      setTab({ kind: 'resources' });
    },
    [setFlow, setTab],
  );
  const toResources = useCallback(() => setTab({ kind: 'resources' }), [setTab]);
  return useStartLink(signedIn, toResources, linked);
}

/** Closes a session tab and shows where the person came from: Computers (direct mode), Live (a watcher) or My Resources. */
function useCloseTab(shell: ReturnType<typeof useShellTabs>, state: ReturnType<typeof useAppState>) {
  const { sessions, setTab } = shell;
  const { info, auth } = state;
  return (key: string) => {
    const watching = sessions.tabs.find((t) => t.key === key && 'opened' in t && t.opened.readOnly);
    sessions.close(key);
    setTab({
      kind: info?.backend.mode === 'direct' ? 'computers' : watching && isAccessManager(auth) ? 'live' : 'resources',
    });
  };
}

/** How a session's one-time token becomes its stream: a MessagePort in the desktop app, else the host's WebSocket. */
function useLinkFor(attachSession: AppProps['attachSession']) {
  return useCallback(
    (token: string): SessionLink =>
      attachSession ? portLink(attachSession, token) : socketLink(sessionSocketUrl(), launchSecret() ?? '', token),
    [attachSession],
  );
}

/** The banners above the page: backend unreachable, sign-in ended, a start link waiting, no vault yet. */
function AppBanners({
  problem,
  ended,
  closedTabs,
  onStartAgain,
  signedIn,
  linkWaiting,
  offerVault,
  onCreateVault,
}: {
  problem: string | null;
  ended: string | null;
  /** Session tabs the end of the sign-in closed. */
  closedTabs: number;
  onStartAgain: () => void;
  signedIn: boolean;
  linkWaiting: boolean;
  /** No vault yet: the page open (Home or Vault, the only ones that offer it), else null. */
  offerVault: 'home' | 'vault' | null;
  onCreateVault: () => void;
}) {
  return (
    <>
      {problem && (
        <Banner tone="error" title="OpenPSM is not reachable">
          {problem}
        </Banner>
      )}
      {ended && !signedIn && (
        <Banner tone="error" title="Your sign-in ended">
          <span data-testid="sign-in-ended">
            {ended}
            {closedTabs > 0 &&
              ` Your ${closedTabs === 1 ? 'session was' : `${closedTabs} sessions were`} closed with it: sign in and start again.`}
          </span>{' '}
          <button type="button" className="button secondary" onClick={onStartAgain}>
            Start again
          </button>
        </Banner>
      )}
      {linkWaiting && !signedIn && (
        <Banner tone="info" title="A start link is waiting">
          Sign in to continue: the session it asks for starts after you sign in.
        </Banner>
      )}
      {offerVault && signedIn && <MasterPasswordBanner onVault={offerVault === 'vault'} onCreate={onCreateVault} />}
    </>
  );
}
