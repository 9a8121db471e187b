import { useEffect, useState } from 'react';
import type { AuthState } from '@shared/common/api/auth';
import { useAdmin } from '../Admin/useAdmin';
import { useApi } from '../bridge/apiContext';
import type { SessionTab } from '../Session/useSessionTabs';

/** What the checklist needs from the control plane: computers there, and those the person reaches. */
export interface ChecklistCounts {
  computers: number | null;
  reachable: number | null;
}

const unknown: ChecklistCounts = { computers: null, reachable: null };

/** The counts for the checklist, asked again when the sign-in or the backend's state changes. */
export function useChecklistCounts(auth: AuthState, backendReady: boolean): ChecklistCounts {
  const api = useApi();
  const admin = useAdmin();
  const signedIn = auth.status === 'signed-in';
  const administrator = auth.person?.roles.includes('administrator') ?? false;
  const asked = signedIn && backendReady ? `${auth.person?.id ?? ''}:${String(administrator)}` : null;
  const [counts, setCounts] = useState<{ for: string; counts: ChecklistCounts } | null>(null);
  useEffect(() => {
    if (asked === null) return;
    let live = true;
    const reachable = api.resources
      .list({})
      .then((r) => r.groups.reduce((n, g) => n + g.computers.length, 0))
      .catch(() => null);
    const computers = administrator
      ? admin('computers.list', { query: { limit: 1 } }).then(
          (page) => page.total,
          () => null,
        )
      : reachable;
    void Promise.all([computers, reachable]).then(
      ([c, r]) => live && setCounts({ for: asked, counts: { computers: c, reachable: r } }),
    );
    return () => {
      live = false;
    };
  }, [api, admin, asked, administrator]);
  return asked !== null && counts?.for === asked ? counts.counts : unknown;
}

/** Where this device keeps that a person had a first session on a control plane. */
const firstSessionKey = (serverUrl: string, personId: string) => `openpsm.firstSession:${serverUrl}:${personId}`;

/**
 * Whether the signed-in person has had a session on this device: kept in the renderer's storage
 * per control plane and person, set as soon as one of their own sessions is open.
 */
export function useFirstSession(serverUrl: string | null, auth: AuthState, tabs: readonly SessionTab[]): boolean {
  const personId = auth.status === 'signed-in' ? (auth.person?.id ?? null) : null;
  const key = serverUrl && personId ? firstSessionKey(serverUrl, personId) : null;
  const started = key !== null && tabs.some((t) => 'opened' in t && !t.opened.readOnly);
  useEffect(() => {
    if (key && started) window.localStorage.setItem(key, 'yes');
  }, [key, started]);
  return started || (key !== null && window.localStorage.getItem(key) === 'yes');
}
