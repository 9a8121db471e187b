import { useState, type FormEvent } from 'react';
import type { SharedCredential } from '@shared/common/api/controlPlane/credentials';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';
import { CredentialFields } from './CredentialFields';
import {
  credentialErrors,
  emptyCredential,
  credentialRefusalErrors,
  secretBody,
  type CredentialDraft,
  type CredentialErrors,
} from './credentialDraft';

/** A form's state: the draft as typed, each bad field, and a refusal that names no field. */
function useCredentialForm(initial: CredentialDraft, withUsername: boolean) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<CredentialErrors>({});
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  /** Sends the draft when it is good; a refusal keeps what was typed and names its fields. */
  const send = async (e: FormEvent, call: () => Promise<unknown>) => {
    e.preventDefault();
    const bad = credentialErrors(draft, withUsername);
    setErrors(bad);
    setProblem(null);
    if (Object.keys(bad).length > 0) return false;
    try {
      await call();
      return true;
    } catch (error) {
      const refusal = problemOf(error);
      const named = credentialRefusalErrors(refusal, draft.kind);
      setErrors(named);
      if (Object.keys(named).length === 0) setProblem(refusal);
      return false;
    }
  };
  return { draft, setDraft, errors, problem, send };
}

/** Adds a credential to a computer: username with a password, or a private key with a passphrase. */
export function NewCredentialForm({ computerId, onCreated }: { computerId: string; onCreated: () => void }) {
  const admin = useAdmin();
  const form = useCredentialForm(emptyCredential, true);
  const { draft } = form;
  const submit = async (e: FormEvent) => {
    const body = { computerId, username: draft.username.trim(), kind: draft.kind, ...secretBody(draft) };
    if (await form.send(e, () => admin('credentials.create', { body }))) {
      form.setDraft(emptyCredential);
      onCreated();
    }
  };
  return (
    <form aria-label="New credential" onSubmit={(e) => void submit(e)} noValidate>
      <h4>Add a credential</h4>
      <CodedError problem={form.problem} testId="new-credential-error" />
      <CredentialFields draft={draft} errors={form.errors} onChange={form.setDraft} rotating={false} />
      <div className="actions">
        <button type="submit" className="button primary">
          Add credential
        </button>
      </div>
    </form>
  );
}

/**
 * Rotates a credential to a new secret of its kind, on the revision the page read; when someone
 * rotated it meanwhile the refusal offers Reload, which keeps the secret typed.
 */
export function RotateCredentialForm({
  credential,
  onRotated,
  onReload,
  onCancel,
}: {
  credential: SharedCredential;
  onRotated: () => void;
  /** Reads the credential again (after a stale rotation); the form keeps what was typed. */
  onReload: () => void;
  onCancel: () => void;
}) {
  const admin = useAdmin();
  const form = useCredentialForm({ ...emptyCredential, kind: credential.kind }, false);
  const submit = async (e: FormEvent) => {
    const body = { revision: credential.revision, ...secretBody(form.draft) };
    if (await form.send(e, () => admin('credentials.rotate', { params: { id: credential.id }, body }))) onRotated();
  };
  return (
    <form aria-label={`Rotate ${credential.username}`} onSubmit={(e) => void submit(e)} noValidate>
      <CodedError problem={form.problem} testId="rotate-credential-error" />
      {form.problem?.code === 'STALE_REVISION' && (
        <button type="button" className="button secondary" onClick={onReload}>
          Reload (keep what I typed)
        </button>
      )}
      <CredentialFields draft={form.draft} errors={form.errors} onChange={form.setDraft} rotating />
      <div className="actions">
        <button type="submit" className="button primary">
          Rotate to the new secret
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
