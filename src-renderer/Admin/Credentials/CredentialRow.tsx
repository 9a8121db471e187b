import { useRef, useState } from 'react';
import type { SharedCredential } from '@shared/common/api/controlPlane/credentials';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';
import { RotateCredentialForm } from './CredentialForms';

/** An ISO time as the page shows it: date and minute, UTC. */
export const shownTime = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** "v1: 2 sessions · v2 (current): 1 session" */
function versionsText(c: SharedCredential): string {
  return c.versions
    .map((v) => {
      const current = v.version === c.currentVersion ? ' (current)' : '';
      return `v${v.version}${current}: ${v.sessions} ${v.sessions === 1 ? 'session' : 'sessions'}`;
    })
    .join(' · ');
}

/** One credential: what it is, its versions, and Rotate and Delete (asked to confirm). */
export function CredentialRow({
  credential: c,
  computerName,
  onChanged,
  onDeleted,
}: {
  credential: SharedCredential;
  computerName: string;
  onChanged: () => void;
  /** After the delete: the row goes, with the focused button, so the list says where the focus goes. */
  onDeleted: () => void;
}) {
  const admin = useAdmin();
  const [open, setOpen] = useState<'rotate' | 'delete' | null>(null);
  // Rotate's form and the confirm row go when done or cancelled: the focus goes back to Rotate.
  const rotateButton = useRef<HTMLButtonElement>(null);
  const close = () => (setOpen(null), rotateButton.current?.focus());
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const remove = async () => {
    try {
      await admin('credentials.remove', { params: { id: c.id } });
      setOpen(null);
      onDeleted();
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  return (
    <>
      <tr aria-label={`Credential ${c.username}`}>
        <td>{c.username}</td>
        <td>{c.kind === 'key' ? 'Private key' : 'Password'}</td>
        <td>{shownTime(c.created)}</td>
        <td>{c.lastRotated ? shownTime(c.lastRotated) : 'Never'}</td>
        <td>{versionsText(c)}</td>
        <td>
          <button ref={rotateButton} type="button" className="button secondary" onClick={() => setOpen('rotate')}>
            Rotate
          </button>
          <button type="button" className="button danger" onClick={() => setOpen('delete')}>
            Delete
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={6}>
            <CodedError problem={problem} testId="credential-error" />
            {open === 'rotate' ? (
              <RotateCredentialForm
                credential={c}
                onRotated={() => (close(), onChanged())}
                onReload={onChanged}
                onCancel={close}
              />
            ) : (
              <div role="group" aria-label="Confirm delete">
                <p>
                  Delete the credential {c.username} of {computerName}, with all its versions? Connect then needs
                  another credential for {computerName}.
                </p>
                <button type="button" className="button danger" onClick={() => void remove()}>
                  Delete credential
                </button>
                <button type="button" className="button secondary" onClick={close}>
                  Cancel
                </button>
              </div>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
