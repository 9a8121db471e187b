import { useCallback, useEffect, useState } from 'react';
import type { Grant } from '@shared/common/api/controlPlane/grants';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';
import { GrantForm } from './GrantForm';
import { GrantTable } from './GrantTable';

/**
 * Administration → Grants (access managers and administrators): who has which access level (or
 * policy) until when, the expired and revoked ones, "Grant access", and Revoke.
 */
export function GrantsSection() {
  const admin = useAdmin();
  const [list, setList] = useState<{ grants: Grant[]; defaultHours: number } | null>(null);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const reload = useCallback(() => {
    admin('grants.list').then(
      (r) => (setList(r), setProblem(null)),
      (error: unknown) => setProblem(problemOf(error)),
    );
  }, [admin]);
  useEffect(reload, [reload]);
  const current = list?.grants.filter((g) => g.state === 'active' || g.state === 'scheduled') ?? [];
  const past = list?.grants.filter((g) => g.state === 'expired' || g.state === 'revoked') ?? [];
  return (
    <section aria-label="Grants">
      <h2>Grants</h2>
      <p className="muted">
        A grant gives a person an access level (or every level of a policy) until its end. Connect needs an active grant
        for a level that needs pre-approval; revoking a grant ends the sessions running under it.
      </p>
      <CodedError problem={problem} testId="grants-error" />
      {list && <GrantForm defaultHours={list.defaultHours} onGranted={reload} />}
      <div className="actions">
        <button type="button" className="button secondary" onClick={reload}>
          Refresh
        </button>
      </div>
      {list && (
        <>
          <GrantTable label="Active grants" grants={current} onChanged={reload} empty="No active grants." />
          <GrantTable label="Expired and revoked grants" grants={past} onChanged={reload} empty="None yet." />
        </>
      )}
    </section>
  );
}
