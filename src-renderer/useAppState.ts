import { useEffect, useState } from 'react';
import type { AppInfo } from '@shared/common/api/app';
import type { AuthState } from '@shared/common/api/auth';
import type { Settings } from '@shared/common/api/settings';
import type { VaultState } from '@shared/common/api/vault';
import { useApi } from './bridge/apiContext';

/**
 * What the whole app shows, kept current by main's events: the app and its backend, the
 * settings, the sign-in and the vault; why a sign-in ended; a lost connection. `onSignedOut` hears
 * every state that is not signed in, with `endedSignIn` true when a person's sign-in just ended
 * (a sign-out, an expiry, another person signing in).
 */
export function useAppState(
  onDisconnect: ((listener: () => void) => void) | undefined,
  onSignedOut: (endedSignIn: boolean) => void,
) {
  const api = useApi();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [auth, setAuth] = useState<AuthState | null>(null);
  const [vault, setVault] = useState<VaultState | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    // Who is signed in, as last heard (null: no one).
    let person: string | null = null;
    const personOf = (state: AuthState) => (state.status === 'signed-in' ? (state.person?.username ?? '') : null);
    Promise.all([api.app.getInfo({}), api.settings.get({}), api.auth.getState({}), api.vault.getState({})])
      .then(([nextInfo, nextSettings, nextAuth, nextVault]) => {
        if (!live) return;
        setInfo(nextInfo);
        setSettings(nextSettings);
        setAuth(nextAuth);
        person ??= personOf(nextAuth);
        setVault(nextVault);
      })
      .catch((error: unknown) => live && setProblem(error instanceof Error ? error.message : String(error)));
    const offBackend = api.on('backend.changed', (backend) => setInfo((prev) => (prev ? { ...prev, backend } : prev)));
    const offSettings = api.on('settings.changed', setSettings);
    const offAuth = api.on('auth.changed', (next) => {
      setAuth(next);
      const nextPerson = personOf(next);
      const endedSignIn = person !== null && nextPerson !== person;
      person = nextPerson;
      if (next.status === 'signed-in') setEnded(null);
      if (next.status !== 'signed-in' || endedSignIn) onSignedOut(endedSignIn);
    });
    const offExpired = api.on('auth.expired', ({ message }) => setEnded(message));
    const offVault = api.on('vault.changed', setVault);
    onDisconnect?.(
      () =>
        live && setProblem('The connection to OpenPSM was lost. Restart OpenPSM, then open the new link it prints.'),
    );
    return () => {
      live = false;
      offBackend();
      offSettings();
      offAuth();
      offExpired();
      offVault();
    };
  }, [api, onDisconnect, onSignedOut]);

  return { info, settings, setSettings, auth, vault, ended, problem };
}
