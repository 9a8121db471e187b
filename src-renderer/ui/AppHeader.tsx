import type { AppInfo } from '@shared/common/api/app';
import type { AuthState } from '@shared/common/api/auth';
import type { VaultState } from '@shared/common/api/vault';
import { SessionTabStrip } from './SessionTabStrip';
import { GuacdBadge, StatusBadge } from './StatusBadge';
import { sameTab, type PageKind, type Tab } from './tabs';

const roleLabels = { administrator: 'Administrator', access_manager: 'Access manager', auditor: 'Auditor' } as const;

/** The pages of a backend mode: local computers in direct mode, My Resources with a control plane (and Live for access managers). */
export function pagesFor(
  mode: AppInfo['backend']['mode'] | undefined,
  accessManager = false,
  recordings = false,
  admin = false,
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
        { kind: 'vault', label: 'Vault' },
        ...(accessManager ? [{ kind: 'live' as const, label: 'Live' }] : []),
        ...(recordings ? [{ kind: 'recordings' as const, label: 'Recordings' }] : []),
        ...(admin ? [{ kind: 'admin' as const, label: 'Administration' }] : []),
        { kind: 'settings', label: 'Settings' },
      ];
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
}: {
  info: AppInfo | null;
  auth: AuthState | null;
  vault: VaultState | null;
  tab: Tab;
  onNavigate: (tab: Tab) => void;
  onSignOut: () => void;
  onLock: () => void;
  tabs: { key: string; name: string }[];
}) {
  const pages = pagesFor(info?.backend.mode, isAccessManager(auth), canPlayRecordings(auth), canAdminister(auth));
  const item = (key: string, target: Tab, label: string) => (
    <button
      key={key}
      type="button"
      className={sameTab(tab, target) ? 'nav-item active' : 'nav-item'}
      aria-current={sameTab(tab, target) ? 'page' : undefined}
      onClick={() => onNavigate(target)}
    >
      {label}
    </button>
  );
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
        {pages.map((p) => item(p.kind, { kind: p.kind }, p.label))}
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
