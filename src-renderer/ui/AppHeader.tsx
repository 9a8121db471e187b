import type { AppInfo } from '@shared/common/api/app';
import type { AuthState } from '@shared/common/api/auth';
import type { VaultState } from '@shared/common/api/vault';
import { SessionTabStrip } from './SessionTabStrip';
import { GuacdBadge, StatusBadge } from './StatusBadge';
import { sameTab, type PageKind, type Tab } from './tabs';

const roleLabels = { administrator: 'Administrator', access_manager: 'Access manager', auditor: 'Auditor' } as const;

/**
 * The pages of a backend mode: local computers in direct mode, My Resources with a control plane
 * (Live for access managers, Requests for reviewers and people who made requests).
 */
export function pagesFor(
  mode: AppInfo['backend']['mode'] | undefined,
  accessManager = false,
  recordings = false,
  admin = false,
  requests = false,
): { kind: PageKind; label: string }[] {
  return mode === 'direct' || mode === undefined
    ? [
        { kind: 'home', label: 'Home' },
        { kind: 'computers', label: 'Computers' },
        { kind: 'settings', label: 'Settings' },
      ]
    : [
        { kind: 'home', label: 'Home' },
        { kind: 'resources', label: 'My Resources' },
        ...(requests ? [{ kind: 'requests' as const, label: 'Requests' }] : []),
        { kind: 'vault', label: 'Vault' },
        ...(accessManager ? [{ kind: 'live' as const, label: 'Live' }] : []),
        ...(recordings ? [{ kind: 'recordings' as const, label: 'Recordings' }] : []),
        ...(admin ? [{ kind: 'admin' as const, label: 'Administration' }] : []),
        { kind: 'settings', label: 'Settings' },
      ];
}

/** The pages the signed-in person has (pagesFor with their roles); `requests`: they have a Requests page. */
export function pagesOf(mode: AppInfo['backend']['mode'] | undefined, auth: AuthState | null, requests = false) {
  return pagesFor(mode, isAccessManager(auth), canPlayRecordings(auth), canAdminister(auth), requests);
}

/** Whether the signed-in person may use the Live view. */
export function isAccessManager(auth: AuthState | null): boolean {
  return auth?.status === 'signed-in' && (auth.person?.roles.includes('access_manager') ?? false);
}

/** Whether the signed-in person may play and search recordings (access managers and auditors). */
export function canPlayRecordings(auth: AuthState | null): boolean {
  return (
    auth?.status === 'signed-in' && (auth.person?.roles.some((r) => r === 'access_manager' || r === 'auditor') ?? false)
  );
}

/** Whether the signed-in person sees the Administration area (administrators; auditors for its Audit page; access managers for Grants). */
export function canAdminister(auth: AuthState | null): boolean {
  return auth?.status === 'signed-in' && (auth.person?.roles.length ?? 0) > 0;
}

/** A page in the main navigation; `count` > 0 shows a badge (e.g. requests waiting for review). */
function NavItem(props: { current: boolean; label: string; count: number; onClick: () => void }) {
  return (
    <button
      type="button"
      className={props.current ? 'nav-item active' : 'nav-item'}
      aria-current={props.current ? 'page' : undefined}
      onClick={props.onClick}
    >
      {props.label}
      {props.count > 0 && (
        <>
          <span className="count-badge" data-testid="requests-badge" aria-hidden="true">
            {props.count}
          </span>
          <span className="visually-hidden">, {props.count} to review</span>
        </>
      )}
    </button>
  );
}

/** Top bar, on one line: product name, version, pages, session tabs (the rest in a menu) and the backend state. */
export function AppHeader({
  info,
  auth,
  vault,
  tab,
  onNavigate,
  onSignOut,
  onLock,
  tabs,
  requests = { shown: false, count: 0 },
}: {
  info: AppInfo | null;
  auth: AuthState | null;
  vault: VaultState | null;
  tab: Tab;
  onNavigate: (tab: Tab) => void;
  onSignOut: () => void;
  onLock: () => void;
  tabs: { key: string; name: string }[];
  /** Whether Requests is offered (a reviewer, or someone who made requests), and how many wait for their review (its badge). */
  requests?: { shown: boolean; count: number };
}) {
  const pages = pagesOf(info?.backend.mode, auth, requests.shown);
  return (
    <header className="app-header">
      <div className="brand">
        <img src="./logo.svg" alt="" width={28} height={28} />
        <span className="brand-name">OpenPSM</span>
        {info && (
          <span className="version" data-testid="app-version">
            v{info.version}
          </span>
        )}
      </div>
      <nav className="nav" aria-label="Main">
        {pages.map((p) => (
          <NavItem
            key={p.kind}
            current={sameTab(tab, { kind: p.kind })}
            label={p.label}
            count={p.kind === 'requests' ? requests.count : 0}
            onClick={() => onNavigate({ kind: p.kind })}
          />
        ))}
      </nav>
      <SessionTabStrip tabs={tabs} tab={tab} onNavigate={onNavigate} />
      {info && <StatusBadge state={info.backend} compact />}
      {info?.backend.guacd?.status === 'unreachable' && <GuacdBadge guacd={info.backend.guacd} compact />}
      {/* The Vault page has its own Lock button: one is enough there. */}
      {vault?.status === 'unlocked' && info?.backend.mode !== 'direct' && tab.kind !== 'vault' && (
        <button
          type="button"
          className="button secondary"
          onClick={onLock}
          title="Lock the vault (Ctrl+Shift+L)"
          aria-label="Lock vault"
        >
          Lock vault
        </button>
      )}
      {auth?.status === 'signed-in' && auth.person && info?.backend.mode !== 'direct' && (
        <div className="person" data-testid="signed-in-person">
          <span>
            <strong>{auth.person.displayName}</strong>{' '}
            <span className="roles" title={auth.person.roles.map((r) => roleLabels[r]).join(', ')}>
              {auth.person.roles.length ? auth.person.roles.map((r) => roleLabels[r]).join(', ') : 'No role'}
            </span>
          </span>
          <button type="button" className="button secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      )}
    </header>
  );
}
