import { RequestsPage } from './Requests/RequestsPage';
import type { AppInfo } from '@shared/common/api/app';
import type { AuthState } from '@shared/common/api/auth';
import type { Terms } from '@shared/common/api/gateway';
import type { Settings } from '@shared/common/api/settings';
import type { VaultState } from '@shared/common/api/vault';
import { AdminPage } from './Admin/AdminPage';
import { ComputersPage } from './Computers/ComputersPage';
import { HomePage } from './Home/HomePage';
import { useFirstSession } from './Home/useChecklist';
import { LivePage } from './Monitor/LivePage';
import { RecordingsPage } from './Recordings/RecordingsPage';
import { AdvancedPage } from './Resources/AdvancedPage';
import { LinkProblem } from './Resources/LinkProblem';
import { ResourcesPage } from './Resources/ResourcesPage';
import { TermsPage } from './Resources/TermsPage';
import type { LinkOutcome } from './Resources/useStartLink';
import type { SessionLink } from './Session/sessionLinks';
import type { useSessionTabs } from './Session/useSessionTabs';
import { SettingsPage } from './Settings/SettingsPage';
import { SignInPage } from './SignIn/SignInPage';
import { VaultPage } from './Vault/VaultPage';
import { canAdminister, canPlayRecordings, isAccessManager } from './ui/AppHeader';
import { isPage, type Tab } from './ui/tabs';

/** Where the connect flow is: Advanced Mode, the terms page (with Advanced Mode's checked terms), or a start link's error page. */
export type Flow =
  | Exclude<LinkOutcome, { kind: 'terms' }>
  | {
      kind: 'terms';
      target: { policyId: string; computerId: string; name: string };
      checked?: Terms;
      personalCredentialId?: string | null;
    };

export interface PagesProps {
  tab: Tab;
  info: AppInfo;
  settings: Settings;
  auth: AuthState;
  vault: VaultState | null;
  flow: Flow | null;
  setFlow: (flow: Flow | null) => void;
  sessions: ReturnType<typeof useSessionTabs>;
  linkFor: (token: string) => SessionLink;
  onNavigate: (tab: Tab) => void;
  onSettingsSaved: (settings: Settings) => void;
  /** A request was made, reviewed or cancelled: the header's count is read again. */
  onRequestsChanged: () => void;
}

/** My Resources with a control plane: sign-in first, then the connect flow's step or the list. */
function ResourcesArea(props: PagesProps) {
  const { auth, info, vault, flow, setFlow, sessions, onNavigate } = props;
  if (auth.status !== 'signed-in')
    return <SignInPage auth={auth} backend={info.backend} onOpenSettings={() => onNavigate({ kind: 'settings' })} />;
  if (flow?.kind === 'terms') {
    const onAgree = (policyRevision?: number) => {
      setFlow(null);
      const approval = flow.checked?.approval;
      void sessions.connectThroughGateway(
        flow.target,
        approval ? { approval, personalCredentialId: flow.personalCredentialId ?? null } : undefined,
        policyRevision,
      );
    };
    return <TermsPage target={flow.target} checked={flow.checked} onAgree={onAgree} onDone={() => setFlow(null)} />;
  }
  if (flow?.kind === 'advanced')
    return (
      <AdvancedPage
        vault={vault}
        start={flow.start}
        onContinue={(target, checked, personalCredentialId) =>
          setFlow({ kind: 'terms', target, checked, personalCredentialId })
        }
        onCancel={() => setFlow(null)}
      />
    );
  if (flow?.kind === 'problem')
    return <LinkProblem code={flow.code} message={flow.message} onClose={() => setFlow(null)} />;
  return (
    <ResourcesPage
      vaultUnlocked={vault?.status === 'unlocked'}
      onConnect={(target) => setFlow({ kind: 'terms', target })}
      onConnectPersonal={(target, checked, personalCredentialId) =>
        setFlow({ kind: 'terms', target, checked, personalCredentialId })
      }
      onAdvanced={(start) => setFlow({ kind: 'advanced', start })}
      onRequested={props.onRequestsChanged}
    />
  );
}

/** The page the current tab names, where the backend mode and the person's roles allow it. */
export function Pages(props: PagesProps) {
  const { tab, info, settings, auth, vault, sessions, linkFor, onNavigate } = props;
  const withControlPlane = info.backend.mode !== 'direct';
  const firstSession = useFirstSession(info.backend.serverUrl, auth, sessions.tabs);
  return (
    <>
      {isPage(tab, 'resources') && withControlPlane && <ResourcesArea {...props} />}
      {isPage(tab, 'requests') && withControlPlane && auth.status === 'signed-in' && (
        <RequestsPage onChanged={props.onRequestsChanged} />
      )}
      {isPage(tab, 'vault') && withControlPlane && vault && (
        <VaultPage vault={vault} onSignIn={() => onNavigate({ kind: 'resources' })} />
      )}
      {isPage(tab, 'home') && (
        <HomePage
          info={info}
          auth={auth}
          vault={vault}
          firstSession={firstSession}
          onOpen={(kind) => onNavigate({ kind })}
          onStart={() => onNavigate({ kind: withControlPlane ? 'resources' : 'computers' })}
        />
      )}
      {isPage(tab, 'computers') && (
        <ComputersPage info={info} settings={settings} onConnect={(c) => void sessions.connect(c)} />
      )}
      {isPage(tab, 'live') && withControlPlane && isAccessManager(auth) && (
        <LivePage linkFor={linkFor} onWatch={(s) => void sessions.watchLive(s)} />
      )}
      {isPage(tab, 'recordings') && withControlPlane && canPlayRecordings(auth) && (
        <RecordingsPage canRetry={isAccessManager(auth)} />
      )}
      {isPage(tab, 'admin') && withControlPlane && canAdminister(auth) && (
        <AdminPage roles={auth.status === 'signed-in' ? (auth.person?.roles ?? []) : []} />
      )}
      {isPage(tab, 'settings') && (
        <SettingsPage settings={settings} backend={info.backend} onSaved={props.onSettingsSaved} />
      )}
    </>
  );
}
