import { useEffect, useState } from 'react';
import type { AppInfo } from '../src-shared/common/api/app';
import type { OpenPsmApi } from '../src-shared/common/api/bridge';
import type { Settings } from '../src-shared/common/api/settings';
import { HomePage } from './Home/HomePage';
import { SettingsPage } from './Settings/SettingsPage';
import { AppHeader, type Page } from './ui/AppHeader';
import { Banner } from './ui/Banner';

export interface AppProps {
  api: OpenPsmApi;
  /** Registers a callback for a lost connection (browser host only). */
  onDisconnect?: ((listener: () => void) => void) | undefined;
}

/** The app shell: header, the current page, and live backend/settings updates. */
export function App({ api, onDisconnect }: AppProps) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [page, setPage] = useState<Page>('home');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([api.app.getInfo({}), api.settings.get({})])
      .then(([nextInfo, nextSettings]) => {
        if (!live) return;
        setInfo(nextInfo);
        setSettings(nextSettings);
      })
      .catch((error: unknown) => live && setProblem(error instanceof Error ? error.message : String(error)));
    const offBackend = api.on('backend.changed', (backend) => setInfo((prev) => (prev ? { ...prev, backend } : prev)));
    const offSettings = api.on('settings.changed', setSettings);
    onDisconnect?.(() => live && setProblem('The connection to OpenPSM was lost. Restart OpenPSM, then open the new link it prints.'));
    return () => {
      live = false;
      offBackend();
      offSettings();
    };
  }, [api, onDisconnect]);

  return (
    <div className="app">
      <AppHeader info={info} page={page} onNavigate={setPage} />
      <main className="app-main">
        {problem && <Banner tone="error" title="OpenPSM is not reachable">{problem}</Banner>}
        {info && settings ? (
          page === 'home' ? (
            <HomePage info={info} onOpenSettings={() => setPage('settings')} />
          ) : (
            <SettingsPage api={api} settings={settings} onSaved={setSettings} />
          )
        ) : (
          !problem && <p className="muted" role="status">Loading…</p>
        )}
      </main>
    </div>
  );
}
