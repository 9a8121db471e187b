import type { AppInfo } from '../../src-shared/common/api/app';
import { StatusBadge } from './StatusBadge';

export type Page = 'home' | 'settings';

/** Top bar: product name, version, backend state and navigation. */
export function AppHeader({ info, page, onNavigate }: { info: AppInfo | null; page: Page; onNavigate: (page: Page) => void }) {
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
        <button type="button" className={page === 'home' ? 'nav-item active' : 'nav-item'} aria-current={page === 'home' ? 'page' : undefined} onClick={() => onNavigate('home')}>
          Home
        </button>
        <button type="button" className={page === 'settings' ? 'nav-item active' : 'nav-item'} aria-current={page === 'settings' ? 'page' : undefined} onClick={() => onNavigate('settings')}>
          Settings
        </button>
      </nav>
      {info && <StatusBadge state={info.backend} compact />}
    </header>
  );
}
