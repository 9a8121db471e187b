import { useEffect, useMemo, useState } from 'react';
import type { AppInfo } from '@shared/common/api/app';
import type { AuthState } from '@shared/common/api/auth';
import type { Resources } from '@shared/common/api/controlPlane/resources';
import type { Computer, Settings } from '@shared/common/api/settings';
import { useApi } from '../bridge/apiContext';
import type { AdvancedStart } from '../Resources/AdvancedPage';
import type { ConnectTarget } from '../Resources/TermsPage';
import { pagesOf } from '../ui/AppHeader';
import type { Tab } from '../ui/tabs';
import type { PaletteItem } from './paletteItems';

export interface PaletteActions {
  onNavigate: (tab: Tab) => void;
  /** My Resources' Connect: the terms, then the session. */
  onConnect: (target: ConnectTarget) => void;
  /** My Resources' Advanced Mode, for a computer whose policy needs a choice first. */
  onAdvanced: (start: AdvancedStart) => void;
  /** Direct mode: the Computers page's Connect. */
  onConnectDirect: (computer: Computer) => void;
  /** The Requests page is offered too (as in the navigation: a reviewer, or someone who made requests). */
  withRequests?: boolean;
}

/** The computers of My Resources (fetched each time the palette opens), as Connect items. */
function resourceItems(data: Resources, actions: PaletteActions): PaletteItem[] {
  return data.groups.flatMap((group) =>
    group.computers
      .filter((c) => c.blockedReason === null)
      .map((c) => ({
        id: `${group.policyId}/${c.computerId}`,
        label: `Connect to ${c.name}`,
        detail: `${c.protocol.toUpperCase()} · ${c.host}:${c.port} · ${group.policyName}${c.connectProblem ? ' · Advanced Mode' : ''}`,
        run: () =>
          c.connectProblem === null
            ? actions.onConnect({ policyId: group.policyId, computerId: c.computerId, name: c.name })
            : actions.onAdvanced({ group, computer: c, mfaEnrolled: data.mfaEnrolled }),
      })),
  );
}

/** What the palette offers: Connect to each computer the person may reach, and every page they may open. */
export function usePaletteItems(
  open: boolean,
  info: AppInfo | null,
  auth: AuthState | null,
  settings: Settings | null,
  actions: PaletteActions,
): { items: PaletteItem[]; loading: boolean } {
  const api = useApi();
  const mode = info?.backend.mode;
  const signedIn = auth?.status === 'signed-in';
  const wanted = open && mode !== 'direct' && signedIn;
  // The list of this opening of the palette: null while it loads, 'failed' when it could not.
  const [resources, setResources] = useState<Resources | 'failed' | null>(null);
  useEffect(() => {
    if (!wanted) return undefined;
    let live = true;
    api.resources.list({}).then(
      (next) => live && setResources(next),
      () => live && setResources('failed'),
    );
    return () => {
      live = false;
      setResources(null);
    };
  }, [api, wanted]);

  const items = useMemo(() => {
    const computers =
      mode === 'direct'
        ? (settings?.direct.computers ?? []).map((c) => ({
            id: c.id,
            label: `Connect to ${c.name}`,
            detail: `${c.protocol.toUpperCase()} · ${c.host}:${c.port}`,
            run: () => actions.onConnectDirect(c),
          }))
        : signedIn && resources && resources !== 'failed'
          ? resourceItems(resources, actions)
          : [];
    const pages = pagesOf(mode, auth, actions.withRequests).map((p) => ({
      id: `page-${p.kind}`,
      label: `Go to ${p.label}`,
      detail: 'Page',
      run: () => actions.onNavigate({ kind: p.kind }),
    }));
    return [...computers, ...pages];
  }, [mode, settings, signedIn, resources, auth, actions]);
  return { items, loading: wanted && resources === null };
}
