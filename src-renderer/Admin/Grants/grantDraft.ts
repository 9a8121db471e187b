import type { AdminProblem } from '../adminProblem';

/** The "Grant access" form as typed: the person, the policy and level ('' = every level), the end (local time). */
export interface GrantDraft {
  personId: string;
  policyId: string;
  accessLevelId: string;
  /** A datetime-local value (`YYYY-MM-DDTHH:mm[:ss]`, the computer's time zone). */
  endsAt: string;
}
export type GrantErrors = Partial<Record<keyof GrantDraft, string>>;

const pad = (n: number) => String(n).padStart(2, '0');

/** A time as a datetime-local input shows it, in the computer's time zone, to the minute. */
export function localInput(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** An empty draft whose end is `defaultHours` from now (OPENPSM_GRANT_DEFAULT_HOURS). */
export function emptyGrant(defaultHours: number, now = new Date()): GrantDraft {
  return {
    personId: '',
    policyId: '',
    accessLevelId: '',
    endsAt: localInput(new Date(now.getTime() + defaultHours * 3600_000)),
  };
}

/** What is wrong before asking the server: no person, no policy, no end, or an end already past. */
export function grantErrors(d: GrantDraft, now = new Date()): GrantErrors {
  const errors: GrantErrors = {};
  if (!d.personId) errors.personId = 'choose a person';
  if (!d.policyId) errors.policyId = 'choose a policy';
  const end = new Date(d.endsAt);
  if (!d.endsAt || Number.isNaN(end.getTime())) errors.endsAt = 'is required (a date and time)';
  else if (end.getTime() <= now.getTime()) errors.endsAt = 'must be in the future';
  return errors;
}

/** The request body: the end as an ISO instant; no level means every level of the policy. */
export function grantBody(d: GrantDraft) {
  return {
    personId: d.personId,
    policyId: d.policyId,
    accessLevelId: d.accessLevelId || null,
    endsAt: new Date(d.endsAt).toISOString(),
  };
}

/** The refusal's bad fields that the form shows beside its inputs. */
export function grantRefusalErrors(problem: AdminProblem): GrantErrors {
  const errors: GrantErrors = {};
  for (const name of ['personId', 'policyId', 'accessLevelId', 'endsAt'] as const)
    if (problem.fields[name]) errors[name] = problem.fields[name];
  return errors;
}
