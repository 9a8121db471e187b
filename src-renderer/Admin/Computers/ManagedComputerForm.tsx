import { useState, type FormEvent } from 'react';
import type { ComputerDetail } from '@shared/common/api/controlPlane/computerFields';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';
import { ComputerFields } from './ComputerFields';
import { ComputerReach } from './ComputerReach';
import {
  computerBody,
  computerRefusalErrors,
  computerDraftOf,
  emptyComputer,
  rebased,
  type ComputerDraft,
  type ComputerErrors,
} from './computerDraft';
import { DeleteComputer } from './DeleteComputer';
import { FormConnectionTest } from './FormConnectionTest';
import { JitProvisionerForm } from './JitProvisionerForm';

/**
 * Adds a computer (no `computer`) or edits one on the revision it was read at. A refusal keeps
 * what was typed and names each bad field; a stale edit offers Reload, which keeps it too.
 */
export function ManagedComputerForm({
  computer,
  onSaved,
  onDeleted,
  onClose,
}: {
  computer: ComputerDetail | null;
  onSaved: (saved: ComputerDetail) => void;
  onDeleted: () => void;
  onClose: () => void;
}) {
  const admin = useAdmin();
  const [current, setCurrent] = useState(computer);
  const [draft, setDraft] = useState<ComputerDraft>(computer ? computerDraftOf(computer) : emptyComputer);
  const [errors, setErrors] = useState<ComputerErrors>({});
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<ComputerDraft>) => (setDraft({ ...draft, ...patch }), setSaved(false));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setErrors({});
    try {
      const body = computerBody(draft);
      const result = current
        ? await admin('computers.update', { params: { id: current.id }, body: { ...body, revision: current.revision } })
        : await admin('computers.create', { body });
      setCurrent(result);
      setSaved(true);
      onSaved(result);
    } catch (error) {
      const refusal = problemOf(error);
      const named = computerRefusalErrors(refusal);
      setErrors(named);
      if (Object.keys(named).length === 0 || refusal.code !== 'BAD_REQUEST') setProblem(refusal);
    }
  };
  const reload = async () => {
    if (!current) return;
    try {
      const fresh = await admin('computers.get', { params: { id: current.id } });
      setDraft(rebased(draft, current, fresh));
      setCurrent(fresh);
      setProblem(null);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  const title = current ? `Computer ${current.name}` : 'New computer';
  return (
    <div className="card" role="region" aria-label={title}>
      <form aria-label={current ? `Edit ${current.name}` : 'New computer'} onSubmit={(e) => void submit(e)} noValidate>
        <h3>{current ? `Edit ${current.name}` : 'Add a computer'}</h3>
        <CodedError problem={problem} testId="computer-error" />
        {problem?.code === 'STALE_REVISION' && (
          <button type="button" className="button secondary" onClick={() => void reload()}>
            Reload, keeping what I typed
          </button>
        )}
        <ComputerFields draft={draft} errors={errors} set={set} />
        <FormConnectionTest draft={draft} set={set} computerId={current?.id} />
        <div className="actions">
          <button type="submit" className="button primary">
            {current ? 'Save computer' : 'Add computer'}
          </button>
          <button type="button" className="button secondary" onClick={onClose}>
            Close
          </button>
          {saved && <span role="status">Saved.</span>}
        </div>
      </form>
      {current && draft.jitEnabled && current.jitEnabled && (
        <JitProvisionerForm computer={current} onSaved={() => void reload()} />
      )}
      {current && <ComputerReach computerId={current.id} />}
      {current && <DeleteComputer computer={current} onDeleted={onDeleted} />}
    </div>
  );
}
