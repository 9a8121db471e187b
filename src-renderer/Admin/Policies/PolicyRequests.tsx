import { FieldError } from '../../ui/FieldError';
import type { PolicyDraft, PolicyErrors } from './policyDraft';
import { CheckList, Switch, type PickItem } from './PolicyPickers';
import { PolicyTextField } from './PolicyTextField';

/**
 * Whether the policy takes access requests (issue 24): the groups whose members review them
 * (never their own), how many approvals a request needs, and the longest window one may ask for.
 */
export function PolicyRequests({
  draft,
  errors,
  groups,
  set,
}: {
  draft: PolicyDraft;
  errors: PolicyErrors;
  groups: PickItem[];
  set: (patch: Partial<PolicyDraft>) => void;
}) {
  return (
    <fieldset className="picker" aria-label="Access requests">
      <legend>Access requests</legend>
      <Switch label="Take access requests" checked={draft.requestsOn} onChange={(requestsOn) => set({ requestsOn })} />
      <FieldError message={errors['accessRequests']} id="policy-accessRequests-error" />
      <p className="muted">
        People this policy names may request one of its access levels for a window. An approved request is a grant
        (Administration → Grants); the session ends with its window.
      </p>
      {draft.requestsOn && (
        <>
          <CheckList
            label="Reviewer groups"
            items={groups}
            chosen={draft.requestReviewers}
            onChange={(requestReviewers) => set({ requestReviewers })}
            error={errors['accessRequests.reviewerGroups']}
          />
          <PolicyTextField
            label="Approvals needed"
            name="accessRequests.approvals"
            value={draft.requestApprovals}
            error={errors['accessRequests.approvals']}
            onChange={(requestApprovals) => set({ requestApprovals })}
          />
          <PolicyTextField
            label="Longest window (minutes)"
            name="accessRequests.maxMinutes"
            value={draft.requestMaxMinutes}
            error={errors['accessRequests.maxMinutes']}
            onChange={(requestMaxMinutes) => set({ requestMaxMinutes })}
          />
        </>
      )}
    </fieldset>
  );
}
