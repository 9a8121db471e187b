import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccessRequest } from '@shared/common/api/controlPlane/accessRequests';
import { CodedError } from '../ui/CodedError';
import { problemOf, type AdminProblem } from '../Admin/adminProblem';
import { shownTime } from '../Admin/Credentials/CredentialRow';
import { useAdmin } from '../Admin/useAdmin';

const stateText: Record<AccessRequest['state'], string> = {
  pending: 'Waiting for review',
  approved: 'Approved',
  denied: 'Denied',
  cancelled: 'Cancelled',
  revoked: 'Revoked',
  expired: 'Expired unreviewed',
  ended: 'Window ended',
};

const accessOf = (r: AccessRequest) => `${r.computerName} · ${r.accessLevelName ?? 'every level'} (${r.policyName})`;

/**
 * Requests (issue 24): the requests the person may review (Approve or Deny, with a comment;
 * never their own), and their own requests with their state and reviews (Cancel while pending
 * or approved). `onChanged` refreshes the header's count.
 */
export function RequestsPage({ onChanged }: { onChanged: () => void }) {
  const admin = useAdmin();
  const [mine, setMine] = useState<AccessRequest[] | null>(null);
  const [review, setReview] = useState<AccessRequest[] | null>(null);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const reload = useCallback(() => {
    Promise.all([
      admin('accessRequests.list', { query: { scope: 'mine' } }),
      admin('accessRequests.list', { query: { scope: 'review' } }),
    ]).then(
      ([own, others]) => (setMine(own.requests), setReview(others.requests), setProblem(null)),
      (error: unknown) => setProblem(problemOf(error)),
    );
  }, [admin]);
  useEffect(reload, [reload]);
  const changed = () => (reload(), onChanged());
  return (
    <section className="requests" aria-label="Access requests">
      <h1>Requests</h1>
      <p className="muted">
        Ask for an access level from My Resources (Request access). Reviewers approve or deny here; an approved request
        is a grant until the end of its window, and a session under it ends then.
      </p>
      <CodedError problem={problem} testId="requests-error" />
      {!mine && !problem && <p role="status">Loading…</p>}
      {review && review.length > 0 && (
        <>
          <h2>To review</h2>
          <ul className="request-list" aria-label="To review">
            {review.map((r) => (
              <RequestCard key={r.id} request={r} showRequester onChanged={changed} />
            ))}
          </ul>
        </>
      )}
      {mine && (
        <>
          <h2>My requests</h2>
          {mine.length === 0 ? (
            <p>You have made no access requests.</p>
          ) : (
            <ul className="request-list" aria-label="My requests">
              {mine.map((r) => (
                <RequestCard key={r.id} request={r} onChanged={changed} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** One request: what, for whom, why, the window, its reviews, and what the viewer may do with it. */
function RequestCard({
  request: r,
  showRequester = false,
  onChanged,
}: {
  request: AccessRequest;
  showRequester?: boolean;
  onChanged: () => void;
}) {
  const admin = useAdmin();
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  // One call at a time: a second click while the first runs does nothing.
  const busy = useRef(false);
  const act = async (work: () => Promise<unknown>) => {
    if (busy.current) return;
    busy.current = true;
    try {
      await work();
      setProblem(null);
      onChanged();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      busy.current = false;
    }
  };
  const decide = (decision: 'approve' | 'deny', comment: string) =>
    act(() => admin('accessRequests.review', { params: { id: r.id }, body: { decision, comment } }));
  const approvals = r.reviews.filter((v) => v.decision === 'approve').length;
  const label = `${showRequester ? `${r.displayName}: ` : ''}${accessOf(r)}`;
  return (
    <li className="card" aria-label={label} data-testid="access-request">
      <h3>{label}</h3>
      <p>
        <strong data-testid="request-state">{stateText[r.state]}</strong> · {shownTime(r.startsAt)} to{' '}
        {shownTime(r.endsAt)} · approvals {approvals} of {r.approvalsRequired}
      </p>
      <p>
        Reason: {r.reason}
        {r.ticketId ? ` · Ticket ${r.ticketId}` : ''}
      </p>
      {r.reviews.length > 0 && (
        <ul className="muted" aria-label="Reviews">
          {r.reviews.map((v) => (
            <li key={`${v.reviewer}-${v.at}`}>
              {v.reviewer} {v.decision === 'approve' ? 'approved' : 'denied'}
              {v.comment ? `: ${v.comment}` : ''}
            </li>
          ))}
        </ul>
      )}
      <CodedError problem={problem} testId="request-error" />
      {showRequester && r.mine && r.state === 'pending' && (
        <p className="muted" data-testid="own-request">
          Your own request: another reviewer of the policy decides it.
        </p>
      )}
      {showRequester && r.canReview && <ReviewActions onDecide={decide} />}
      {showRequester && r.state === 'approved' && r.grantId && (
        <RevokeAccess
          who={r.displayName}
          onRevoke={() => act(() => admin('grants.revoke', { params: { id: r.grantId ?? '' }, body: {} }))}
        />
      )}
      {!showRequester && (r.state === 'pending' || r.state === 'approved') && (
        <button
          type="button"
          className="button secondary"
          onClick={() => void act(() => admin('accessRequests.cancel', { params: { id: r.id }, body: {} }))}
        >
          Cancel request
        </button>
      )}
    </li>
  );
}

/** Revoke access (a reviewer's): asked to confirm, since the sessions running under the grant end at once. */
function RevokeAccess({ who, onRevoke }: { who: string; onRevoke: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <button type="button" className="button danger" onClick={() => setConfirming(true)}>
        Revoke access
      </button>
    );
  return (
    <div role="group" aria-label="Confirm revoke">
      <p>Revoke {who}&apos;s access now? Sessions running under it end at once.</p>
      <button type="button" className="button danger" onClick={() => void onRevoke()}>
        Revoke now
      </button>
      <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
        Keep it
      </button>
    </div>
  );
}

/** A reviewer's decision, with a comment the requester reads. */
function ReviewActions({ onDecide }: { onDecide: (decision: 'approve' | 'deny', comment: string) => Promise<void> }) {
  const [comment, setComment] = useState('');
  return (
    <div className="actions">
      <label className="field">
        <span>Comment</span>
        <input aria-label="Comment" value={comment} maxLength={1000} onChange={(e) => setComment(e.target.value)} />
      </label>
      <button type="button" className="button primary" onClick={() => void onDecide('approve', comment)}>
        Approve
      </button>
      <button type="button" className="button secondary" onClick={() => void onDecide('deny', comment)}>
        Deny
      </button>
    </div>
  );
}
