import { useEffect, useState } from 'react';
import type { Terms } from '@shared/common/api/gateway';
import { Banner } from '../ui/Banner';
import { useApi } from '../bridge/apiContext';

export interface ConnectTarget {
  policyId: string;
  computerId: string;
  name: string;
}

const credentialText = {
  shared: 'Shared credential',
  personal: 'Your personal credential',
  jit: 'A JIT account for this session',
} as const;

/**
 * The terms and conditions before a session: the policy's text, and plainly whether the
 * session is recorded or can be watched live, and that Decline is how to opt out.
 */
export function TermsPage({
  target,
  checked,
  onAgree,
  onDone,
}: {
  target: ConnectTarget;
  checked?: Terms | undefined;
  /** Agree, with the policy revision whose terms were shown (the ticket is issued under it). */
  onAgree: (policyRevision?: number) => void;
  onDone: () => void;
}) {
  const api = useApi();
  const [terms, setTerms] = useState<Terms | null>(checked ?? null);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  useEffect(() => {
    // Advanced Mode's terms come already checked with its choices.
    if (checked) return;
    let live = true;
    api.resources.terms({ policyId: target.policyId, computerId: target.computerId }).then(
      (t) => live && setTerms(t),
      (error: unknown) =>
        live &&
        setProblem({
          code: (error as { code?: string }).code ?? 'INTERNAL',
          message: error instanceof Error ? error.message : String(error),
        }),
    );
    return () => {
      live = false;
    };
  }, [api, target, checked]);
  // The revision whose terms are shown: the ticket is issued under it.
  const agree = () => onAgree(terms?.policyRevision);
  const decline = () => {
    void api.resources.decline({ policyId: target.policyId, computerId: target.computerId }).catch(() => undefined);
    onDone();
  };

  return (
    <section className="card terms" aria-labelledby="terms-title">
      <h1 id="terms-title">Terms and conditions: {target.name}</h1>
      {problem && (
        <Banner tone="error" title="This session cannot start">
          <span data-testid="terms-error-message">{problem.message}</span>{' '}
          <code data-testid="terms-error-code">{problem.code}</code>
        </Banner>
      )}
      {!terms && !problem && <p role="status">Loading the terms…</p>}
      {terms && (
        <>
          <p className="muted">
            Policy {terms.policyName} ·{' '}
            <span data-testid="terms-credential">{credentialText[terms.credentialKind]}</span>
            {terms.accessLevel && <> · Access level {terms.accessLevel}</>}
          </p>
          <blockquote className="terms-text">{terms.terms || 'This policy has no terms of its own.'}</blockquote>
          <ul className="terms-notices">
            <li data-testid="terms-recorded">
              {terms.recorded
                ? 'This session is recorded: the screen and what you type are saved, and access managers and auditors can play it back.'
                : 'This session is not recorded.'}
            </li>
            <li data-testid="terms-live">
              {terms.liveMonitoring
                ? 'An access manager can watch this session live, read-only, and end it.'
                : 'No one can watch this session live (live monitoring is off); an access manager can still end it.'}
            </li>
            {(terms.recorded || terms.liveMonitoring) && <li>If you do not agree, choose Decline: nothing starts.</li>}
          </ul>
        </>
      )}
      <div className="actions">
        <button type="button" className="button primary" disabled={!terms || problem !== null} onClick={agree}>
          Agree and connect
        </button>
        <button type="button" className="button secondary" onClick={decline}>
          Decline
        </button>
      </div>
    </section>
  );
}
