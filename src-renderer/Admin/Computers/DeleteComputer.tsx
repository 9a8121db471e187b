import { useState } from 'react';
import type { ComputerDetail } from '@shared/common/api/controlPlane/computerFields';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';

/**
 * Deletes a computer after a confirmation. While sessions to it run the server refuses
 * (COMPUTER_IN_USE, saying how many); then "End the sessions and delete" ends them and deletes.
 */
export function DeleteComputer({ computer, onDeleted }: { computer: ComputerDetail; onDeleted: () => void }) {
  const admin = useAdmin();
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const remove = async (endSessions: boolean) => {
    try {
      await admin('computers.remove', {
        params: { id: computer.id },
        query: endSessions ? { endSessions: 'true' } : {},
      });
      onDeleted();
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  if (!asking)
    return (
      <div className="actions">
        <button type="button" className="button danger" onClick={() => setAsking(true)}>
          Delete computer
        </button>
      </div>
    );
  return (
    <div role="group" aria-label="Confirm delete">
      <p>
        Delete {computer.name}? Its shared credentials (every secret version), tags and place in policies are removed,
        and its JIT provisioning account once no JIT account is left on it. Its session history, recordings and JIT
        accounts are kept, and its name can be used again.
      </p>
      <CodedError problem={problem} testId="delete-computer-error" />
      {problem?.code === 'COMPUTER_IN_USE' ? (
        <button type="button" className="button danger" onClick={() => void remove(true)}>
          End the sessions and delete
        </button>
      ) : (
        <button type="button" className="button danger" onClick={() => void remove(false)}>
          Delete {computer.name}
        </button>
      )}
      <button type="button" className="button secondary" onClick={() => (setAsking(false), setProblem(null))}>
        Cancel
      </button>
    </div>
  );
}
