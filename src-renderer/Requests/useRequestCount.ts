import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '@shared/common/api/app';
import type { AuthState } from '@shared/common/api/auth';
import type { Tab } from '../ui/tabs';
import { useAdmin } from '../Admin/useAdmin';

/**
 * Whether the person has a Requests page (they review a policy's requests, or made some) and how
 * many requests wait for their review (its badge), with a control plane: read when they sign in,
 * at each change of page or tab, when the window gets the focus back, and after a request or a
 * review (`refresh`).
 */
export function useRequestCount(
  auth: AuthState | null,
  info: AppInfo | null,
  tab: Tab,
): { shown: boolean; count: number; refresh: () => void } {
  const admin = useAdmin();
  const signedIn = auth?.status === 'signed-in' && info?.backend.mode !== 'direct';
  const page = tab.kind === 'session' ? tab.key : tab.kind;
  const [state, setState] = useState({ shown: false, count: 0 });
  const refresh = useCallback(() => {
    if (!signedIn) return;
    admin('accessRequests.list', { query: { scope: 'review' } }).then(
      (r) => setState({ shown: r.reviewer || r.own > 0, count: r.toReview }),
      () => undefined,
    );
  }, [admin, signedIn]);
  useEffect(() => refresh(), [refresh, page]);
  useEffect(() => {
    window.addEventListener('focus', refresh);
    return () => window.removeEventListener('focus', refresh);
  }, [refresh]);
  return { ...(signedIn ? state : { shown: false, count: 0 }), refresh };
}
