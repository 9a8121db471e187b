import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ResourceGroup } from '@shared/common/api/controlPlane/resources';
import { CodedError } from '../ui/CodedError';
import { FieldError } from '../ui/FieldError';
import { problemOf, type AdminProblem } from '../Admin/adminProblem';
import { useAdmin } from '../Admin/useAdmin';

type Computer = ResourceGroup['computers'][number];

/** The request form as typed. */
interface RequestDraft {
  level: string;
  reason: string;
  startsAt: string;
  minutes: string;
  ticketId: string;
}

/** "Root until 15:30 (42 min left)": the approved levels of a policy that takes requests, with the time left. */
export function AccessWindows({ group }: { group: ResourceGroup }) {
  // The time left, counted down each half minute.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(tick);
  }, []);
  const open = group.accessLevels.filter((l) => l.approvedUntil && Date.parse(l.approvedUntil) > now);
  if (open.length === 0) return null;
  return (
    <p className="banner banner-info" data-testid="access-window">
      {open
        .map((l) => {
          const until = Date.parse(l.approvedUntil ?? '');
          const at = new Date(until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
          return `${l.name} approved until ${at} (${Math.max(1, Math.round((until - now) / 60_000))} min left)`;
        })
        .join(' · ')}
    </p>
  );
}

/** The request as sent: a `datetime-local` start is the person's local time. */
function requestBody(policyId: string, computerId: string, d: RequestDraft) {
  return {
    policyId,
    computerId,
    accessLevelId: d.level || null,
    reason: d.reason,
    ...(d.startsAt ? { startsAt: new Date(d.startsAt).toISOString() } : {}),
    durationMinutes: Number(d.minutes),
    ticketId: d.ticketId.trim() || null,
  };
}

/**
 * Request access (issue 24): an access level of the policy (or every level), a reason, when to
 * start (empty: now), how long (within the policy's longest), and a ticket id if there is one.
 * Reviewers of the policy decide it on their Requests page.
 */
export function RequestAccessForm({
  group,
  computer,
  onSent,
  onClose,
}: {
  group: ResourceGroup;
  computer: Computer;
  onSent: () => void;
  onClose: () => void;
}) {
  const admin = useAdmin();
  const max = group.requests?.maxMinutes ?? 60;
  const [draft, setDraft] = useState<RequestDraft>(() => ({
    level: group.requests?.levels[0]?.id ?? '',
    reason: '',
    startsAt: '',
    minutes: String(Math.min(60, max)),
    ticketId: '',
  }));
  const set = (patch: Partial<RequestDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const [sent, setSent] = useState(false);
  // The form opens below the table: the focus moves to it.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      await admin('accessRequests.create', { body: requestBody(group.policyId, computer.computerId, draft) });
      setSent(true);
      onSent();
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  if (sent)
    return (
      <div className="card" role="status" data-testid="request-sent">
        Request sent for {computer.name}: it waits for a reviewer (see Requests).{' '}
        <button type="button" className="button secondary" onClick={onClose}>
          Close
        </button>
      </div>
    );
  return (
    <form
      className="card"
      aria-label={`Request access to ${computer.name}`}
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <h3 ref={heading} tabIndex={-1}>
        Request access to {computer.name}
      </h3>
      <p className="muted">
        An approved request grants the chosen level on every computer {group.policyName} gives you, for its window.
      </p>
      <CodedError problem={problem} testId="request-access-error" />
      <RequestFields
        group={group}
        draft={draft}
        set={set}
        problem={problem}
        max={max}
        idPrefix={`request-${computer.computerId}`}
      />
      <div className="actions">
        <button type="submit" className="button primary">
          Send request
        </button>
        <button type="button" className="button secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The request's fields: level, reason, start, duration and ticket id, with each one's error from the server. */
function RequestFields({
  group,
  draft,
  set,
  problem,
  max,
  idPrefix,
}: {
  group: ResourceGroup;
  draft: RequestDraft;
  set: (patch: Partial<RequestDraft>) => void;
  problem: AdminProblem | null;
  max: number;
  /** Makes the error ids unique when two policies' forms are open. */
  idPrefix: string;
}) {
  const field = (path: string) => problem?.fields[path];
  const errorOf = (path: string) => ({
    'aria-invalid': Boolean(field(path)),
    'aria-describedby': `${idPrefix}-${path}-error`,
  });
  return (
    <>
      <label className="field">
        <span>Access level</span>
        <select value={draft.level} onChange={(e) => set({ level: e.target.value })}>
          {group.requests?.levels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
          <option value="">Every level of {group.policyName}</option>
        </select>
      </label>
      <label className="field">
        <span>Reason</span>
        <textarea
          value={draft.reason}
          maxLength={1000}
          {...errorOf('reason')}
          onChange={(e) => set({ reason: e.target.value })}
        />
        <FieldError message={field('reason')} id={`${idPrefix}-reason-error`} />
      </label>
      <label className="field">
        <span>Start (empty: now)</span>
        <input
          type="datetime-local"
          value={draft.startsAt}
          {...errorOf('startsAt')}
          onChange={(e) => set({ startsAt: e.target.value })}
        />
        <FieldError message={field('startsAt')} id={`${idPrefix}-startsAt-error`} />
      </label>
      <label className="field">
        <span>Duration (minutes)</span>
        <input
          inputMode="numeric"
          value={draft.minutes}
          {...errorOf('durationMinutes')}
          onChange={(e) => set({ minutes: e.target.value })}
        />
        <small className="muted">At most {max} minutes under this policy.</small>
        <FieldError message={field('durationMinutes')} id={`${idPrefix}-durationMinutes-error`} />
      </label>
      <label className="field">
        <span>Ticket id (optional)</span>
        <input value={draft.ticketId} maxLength={200} onChange={(e) => set({ ticketId: e.target.value })} />
      </label>
    </>
  );
}
