import type { AppInfo } from '../../src-shared/common/api/app';
import { StatusBadge } from './StatusBadge';

/** A page name, or the key of a session tab (`tab-…`). */
export type Page = string;

const pages: { key: Page; label: string }[] = [
  { key: 'home', label: 'Home' },
  { key: 'computers', label: 'Computers' },
  { key: 'settings', label: 'Settings' },
];

/** Top bar: product name, version, pages, session tabs and the backend state. */
export function AppHeader({ info, page, onNavigate, tabs }: { info: AppInfo | null; page: Page; onNavigate: (page: Page) => void; tabs: { key: string; name: string }[] }) {
  const item = (key: Page, label: string) => (
    <button key={key} type="button" className={page === key ? 'nav-item active' : 'nav-item'} aria-current={page === key ? 'page' : undefined} onClick={() => onNavigate(key)}>
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
        {pages.map((p) => item(p.key, p.label))}
      </nav>
      {tabs.length > 0 && (
        <nav className="nav tabs" aria-label="Sessions">
          {tabs.map((t) => item(t.key, t.name))}
        </nav>
      )}
      {info && <StatusBadge state={info.backend} compact />}
    </header>
  );
}
