import { useEffect, useRef, useState } from 'react';
import type { OpenPsmApi } from '@shared/common/api/bridge';
import type { AdvancedStart } from './AdvancedPage';
import type { ConnectTarget } from './TermsPage';
import { matchStartLink } from '@shared/common/startLinkMatch';
import { useApi } from '../bridge/apiContext';

/** Where a start link leads: Advanced Mode, the terms of a plain Connect, or an error page. */
export type LinkOutcome =
  | { kind: 'advanced'; start: AdvancedStart }
  | { kind: 'terms'; target: ConnectTarget }
  | { kind: 'problem'; code: string; message: string };

/** The browser host's `/start?…` address, taken once (and cleared, so a reload does not start again). */
function browserStartLink(): string | null {
  if (window.location.pathname !== '/start') return null;
  const url = window.location.href;
  window.history.replaceState(null, '', `/${window.location.hash}`);
  return url;
}

/**
 * Checks a start link with main (links.open) and finds the policy and computer it names among
 * the person's resources: Advanced Mode or the terms to show, or why it cannot start.
 */
async function resolveStartLink(api: OpenPsmApi, url: string): Promise<LinkOutcome> {
  const link = await api.links.open({ url });
  const resources = await api.resources.list({});
  const match = matchStartLink(link, resources.groups);
  if ('problem' in match) return { kind: 'problem', ...match.problem };
  const { group, computer } = match;
  if (!link.advanced)
    return {
      kind: 'terms',
      target: { policyId: group.policyId, computerId: computer.computerId, name: computer.name },
    };
  return {
    kind: 'advanced',
    start: {
      group,
      computer,
      mfaEnrolled: resources.mfaEnrolled,
      prefill: {
        credentialKind: link.credentialKind,
        credentialId: link.credentialId,
        accessLevelId: link.accessLevelId,
      },
    },
  };
}

/**
 * Start links (seed 000): `/start?…` in the browser host, `openpsm://start?…` from the OS in the
 * desktop app (kept by main until taken). A link waits for the sign-in, then main checks it
 * (links.open) and My Resources says which policy and computer it means.
 */
export function useStartLink(signedIn: boolean, onArrive: () => void, onOutcome: (outcome: LinkOutcome) => void) {
  const api = useApi();
  const [url, setUrl] = useState<string | null>(browserStartLink);
  const taken = useRef<string | null>(null);
  useEffect(() => {
    let live = true;
    const arrive = (next: string) => {
      taken.current = null;
      setUrl(next);
      onArrive();
    };
    void api.links.pending({}).then(
      ({ url: pending }) => live && pending && arrive(pending),
      () => undefined,
    );
    const off = api.on('link.opened', ({ url: opened }) => {
      void api.links.pending({}).catch(() => undefined);
      arrive(opened);
    });
    return () => {
      live = false;
      off();
    };
  }, [api, onArrive]);

  useEffect(() => {
    if (!url || !signedIn || taken.current === url) return;
    taken.current = url;
    const done = (outcome: LinkOutcome) => {
      setUrl(null);
      onOutcome(outcome);
    };
    void resolveStartLink(api, url).then(done, (error: unknown) =>
      done({
        kind: 'problem',
        code: (error as { code?: string }).code ?? 'INTERNAL',
        message: error instanceof Error ? error.message : String(error),
      }),
    );
  }, [api, url, signedIn, onOutcome]);

  return { waiting: url !== null };
}
