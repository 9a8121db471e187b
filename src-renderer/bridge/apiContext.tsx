import { createContext, useContext, type ReactNode } from 'react';
import type { OpenPsmApi } from '@shared/common/api/bridge';

const ApiContext = createContext<OpenPsmApi | null>(null);

/** Gives every component below it the app's API (`window.openpsm`, or the browser host's socket). */
export function ApiProvider({ api, children }: { api: OpenPsmApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

/** The app's API; only inside an ApiProvider. */
export function useApi(): OpenPsmApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() needs an <ApiProvider> above it.');
  return api;
}
