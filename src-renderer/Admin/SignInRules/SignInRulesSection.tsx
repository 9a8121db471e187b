import { useCallback, useEffect, useState } from 'react';
import type { AdminResult } from '@shared/common/api/admin';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';
import { LimitsList } from './LimitsList';
import { RulesForm } from './RulesForm';
import { ThrottlesTable } from './ThrottlesTable';

/** Sign-in rules: MFA for everyone and the password rules (a form), the configured limits and the throttles in force. */
export function SignInRulesSection() {
  const admin = useAdmin();
  const [view, setView] = useState<AdminResult<'backoffs.list'> | null>(null);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const refresh = useCallback(
    () =>
      admin('backoffs.list').then(
        (next) => (setView(next), setProblem(null)),
        (error: unknown) => setProblem(problemOf(error)),
      ),
    [admin],
  );
  useEffect(() => void refresh(), [refresh]);
  return (
    <section aria-label="Sign-in rules">
      <h2>Sign-in rules</h2>
      <div className="actions">
        <button type="button" className="btn" onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
      <CodedError problem={problem} testId="throttles-list-error" />
      <RulesForm />
      {view && <LimitsList limits={view.limits} />}
      {view && <ThrottlesTable throttles={view.throttles} onChanged={() => void refresh()} />}
    </section>
  );
}
