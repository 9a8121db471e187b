import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../src-shared/common/api/app';
import type { AuthState } from '../src-shared/common/api/auth';
import type { OpenPsmApi } from '../src-shared/common/api/bridge';
import type { Settings } from '../src-shared/common/api/settings';
import type { VaultState } from '../src-shared/common/api/vault';
import { launchSecret, sessionSocketUrl } from './bridge/launch';
import { portLink, socketLink, type SessionLink } from './Session/sessionLinks';
import { ComputersPage } from './Computers/ComputersPage';
import { HomePage } from './Home/HomePage';
import { ResourcesPage } from './Resources/ResourcesPage';
import { AdvancedPage } from './Resources/AdvancedPage';
import { LinkProblem } from './Resources/LinkProblem';
import { TermsPage } from './Resources/TermsPage';
import { useStartLink, type LinkOutcome } from './Resources/useStartLink';
import type { Terms } from '../src-shared/common/api/gateway';
import { SignInPage } from './SignIn/SignInPage';
import { SessionError } from './Session/SessionError';
import { SessionView } from './Session/SessionView';
import { useSessionTabs } from './Session/useSessionTabs';
import { SettingsPage } from './Settings/SettingsPage';
import { useVaultShortcuts } from './Vault/useVaultShortcuts';
import { VaultPage } from './Vault/VaultPage';
import { AppHeader, canPlayRecordings, isAccessManager, type Page } from './ui/AppHeader';
import { RecordingsPage } from './Recordings/RecordingsPage';
import { LivePage } from './Monitor/LivePage';
import { Banner } from './ui/Banner';

/** Where the connect flow is: Advanced Mode, the terms page (with Advanced Mode's checked terms), or a start link's error page. */
type Flow =
  | Exclude<LinkOutcome, { kind: 'terms' }>
  | { kind: 'terms'; target: { policyId: string; computerId: string; name: string }; checked?: Terms; personalCredentialId?: string | null };

export interface AppProps {
  api: OpenPsmApi;
  /** Registers a callback for a lost connection (browser host only). */
  onDisconnect?: ((listener: () => void) => void) | undefined;
  /** Desktop only: attaches a session to a MessagePort (else sessions use the host's sockets). */
  attachSession?: ((token: string) => Promise<unknown>) | undefined;
}

/** The app shell: header, pages, session tabs, and live backend/settings updates. */
export function App({ api, onDisconnect, attachSession }: AppProps) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [auth, setAuth] = useState<AuthState | null>(null);
  const [vault, setVault] = useState<VaultState | null>(null);
  const [flow, setFlow] = useState<Flow | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  // A browser-host start link (/start?…) opens on My Resources, where it waits for the sign-in.
  const [page, setPage] = useState<Page>(() => (window.location.pathname === '/start' ? 'resources' : 'home'));
  const [problem, setProblem] = useState<string | null>(null);
  const show = useCallback((key: string) => setPage(key), []);
  const sessions = useSessionTabs(api, show);
  const linked = useCallback((outcome: LinkOutcome) => {
    setFlow(outcome.kind === 'terms' ? { kind: 'terms', target: outcome.target } : outcome);
    setPage('resources');
  }, []);
  const toResources = useCallback(() => setPage('resources'), []);
  const link = useStartLink(api, auth?.status === 'signed-in', toResources, linked);

  useEffect(() => {
    let live = true;
    Promise.all([api.app.getInfo({}), api.settings.get({}), api.auth.getState({}), api.vault.getState({})])
      .then(([nextInfo, nextSettings, nextAuth, nextVault]) => {
        if (!live) return;
        setInfo(nextInfo);
        setSettings(nextSettings);
        setAuth(nextAuth);
        setVault(nextVault);
      })
      .catch((error: unknown) => live && setProblem(error instanceof Error ? error.message : String(error)));
    const offBackend = api.on('backend.changed', (backend) => setInfo((prev) => (prev ? { ...prev, backend } : prev)));
    const offSettings = api.on('settings.changed', setSettings);
    const offAuth = api.on('auth.changed', (next) => {
      setAuth(next);
      if (next.status === 'signed-in') setEnded(null);
      // A connect flow (and the Live view) belongs to the sign-in it started under.
      else {
        setFlow(null);
        setPage((p) => (p === 'live' || p === 'recordings' ? 'resources' : p));
      }
    });
    const offExpired = api.on('auth.expired', ({ message }) => setEnded(message));
    const offVault = api.on('vault.changed', setVault);
    onDisconnect?.(() => live && setProblem('The connection to OpenPSM was lost. Restart OpenPSM, then open the new link it prints.'));
    return () => {
      live = false;
      offBackend();
      offSettings();
      offAuth();
      offExpired();
      offVault();
    };
  }, [api, onDisconnect]);

  const closeTab = (key: string) => {
    const watching = sessions.tabs.find((t) => t.key === key && 'opened' in t && t.opened.readOnly);
    sessions.close(key);
    setPage(info?.backend.mode === 'direct' ? 'computers' : watching && isAccessManager(auth) ? 'live' : 'resources');
  };
  useVaultShortcuts(api, vault?.status === 'unlocked');
  const linkFor = useCallback((token: string): SessionLink => (attachSession ? portLink(attachSession, token) : socketLink(sessionSocketUrl(), launchSecret() ?? '', token)), [attachSession]);

  return (
    <div className="app">
      <AppHeader info={info} auth={auth} vault={vault} page={page} onNavigate={setPage} onSignOut={() => void api.auth.signOut({})} onLock={() => void api.vault.lock({})} tabs={sessions.tabs.map((t) => ({ key: t.key, name: t.name }))} />
      <main className={page.startsWith('tab-') ? 'app-main wide' : 'app-main'}>
        {problem && <Banner tone="error" title="OpenPSM is not reachable">{problem}</Banner>}
        {ended && auth?.status !== 'signed-in' && (
          <Banner tone="error" title="Your sign-in ended">
            {ended}
          </Banner>
        )}
        {link.waiting && auth?.status !== 'signed-in' && (
          <Banner tone="info" title="A start link is waiting">
            Sign in to continue: the session it asks for starts after you sign in.
          </Banner>
        )}
        {vault?.status === 'none' && auth?.status === 'signed-in' && page !== 'vault' && (
          <Banner tone="info" title="Create your master password">
            Your personal credentials are kept in a vault that only your master password opens.{' '}
            <button type="button" className="button secondary" onClick={() => setPage('vault')}>
              Create master password
            </button>
          </Banner>
        )}
        {info && settings && auth ? (
          <>
            {page === 'resources' &&
              info.backend.mode !== 'direct' &&
              (auth.status !== 'signed-in' ? (
                <SignInPage api={api} auth={auth} backend={info.backend} onOpenSettings={() => setPage('settings')} />
              ) : flow?.kind === 'terms' ? (
                <TermsPage
                  api={api}
                  target={flow.target}
                  checked={flow.checked}
                  onAgree={() => {
                    setFlow(null);
                    const approval = flow.checked?.approval;
                    void sessions.connectThroughGateway(flow.target, approval ? { approval, personalCredentialId: flow.personalCredentialId ?? null } : undefined);
                  }}
                  onDone={() => setFlow(null)}
                />
              ) : flow?.kind === 'advanced' ? (
                <AdvancedPage api={api} vault={vault} start={flow.start} onContinue={(target, checked, personalCredentialId) => setFlow({ kind: 'terms', target, checked, personalCredentialId })} onCancel={() => setFlow(null)} />
              ) : flow?.kind === 'problem' ? (
                <LinkProblem code={flow.code} message={flow.message} onClose={() => setFlow(null)} />
              ) : (
                <ResourcesPage api={api} onConnect={(target) => setFlow({ kind: 'terms', target })} onAdvanced={(start) => setFlow({ kind: 'advanced', start })} />
              ))}
            {page === 'vault' && info.backend.mode !== 'direct' && vault && <VaultPage api={api} vault={vault} onSignIn={() => setPage('resources')} />}
            {page === 'home' && <HomePage info={info} signedIn={auth.status === 'signed-in'} onOpenSettings={() => setPage('settings')} onStart={() => setPage(info.backend.mode === 'direct' ? 'computers' : 'resources')} />}
            {page === 'computers' && <ComputersPage api={api} info={info} settings={settings} onConnect={(c) => void sessions.connect(c)} />}
            {page === 'live' && info.backend.mode !== 'direct' && isAccessManager(auth) && <LivePage api={api} linkFor={linkFor} onWatch={(s) => void sessions.watchLive(s)} />}
            {page === 'recordings' && info.backend.mode !== 'direct' && canPlayRecordings(auth) && <RecordingsPage api={api} canRetry={isAccessManager(auth)} />}
            {page === 'settings' && <SettingsPage api={api} settings={settings} backend={info.backend} onSaved={setSettings} />}
            {sessions.tabs.map((tab) =>
              'opened' in tab ? (
                <SessionView
                  key={tab.key}
                  opened={tab.opened}
                  title={tab.name}
                  linkFor={linkFor}
                  active={page === tab.key}
                  onClose={() => closeTab(tab.key)}
                  onWatch={tab.opened.readOnly || info.backend.mode !== 'direct' ? undefined : () => void sessions.watch(tab.opened)}
                />
              ) : (
                page === tab.key && (
                  <section key={tab.key} className="session" aria-label={`Session ${tab.name}`}>
                    <SessionError code={tab.failed.code} message={tab.failed.message} onClose={() => closeTab(tab.key)} />
                  </section>
                )
              ),
            )}
          </>
        ) : (
          !problem && <p className="muted" role="status">Loading…</p>
        )}
      </main>
    </div>
  );
}
