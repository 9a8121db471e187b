import type { PersonalCredential } from '@shared/common/api/vault';
import { Banner } from '../ui/Banner';
import { useCredentialActions } from './useCredentialActions';

/** The personal credentials: reveal, copy (cleared after the set time), edit, delete. Secrets come from main only on Reveal or Copy. */
export function CredentialList({
  credentials,
  onEdit,
  onChanged,
}: {
  credentials: PersonalCredential[];
  onEdit: (c: PersonalCredential) => void;
  onChanged: () => void;
}) {
  const { revealed, note, reveal, copy, remove } = useCredentialActions(onChanged);

  if (credentials.length === 0)
    return (
      <p role="status">No personal credentials yet. Add one for a computer you sign in to with your own account.</p>
    );
  return (
    <>
      {note && (
        <Banner tone={note.tone} title={note.tone === 'success' ? 'Copied' : 'That did not work'}>
          {note.text}
        </Banner>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Username</th>
            <th scope="col">Kind</th>
            <th scope="col">Computers</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {credentials.map((c) => (
            <tr key={c.id} data-testid="credential-row">
              <th scope="row">{c.name}</th>
              <td>{c.username}</td>
              <td>{c.kind === 'private-key' ? 'Private key' : 'Password'}</td>
              <td>{c.computers.map((x) => x.name).join(', ') || <span className="muted">Any</span>}</td>
              <td>
                <div className="row-actions">
                  <button
                    type="button"
                    className="button secondary"
                    onClick={() => void reveal(c)}
                    aria-label={`${revealed?.id === c.id ? 'Hide' : 'Reveal'} ${c.name}`}
                  >
                    {revealed?.id === c.id ? 'Hide' : 'Reveal'}
                  </button>
                  <button
                    type="button"
                    className="button secondary"
                    onClick={() => void copy(c)}
                    aria-label={`Copy ${c.name}`}
                  >
                    Copy
                  </button>
                  <button
                    type="button"
                    className="button secondary"
                    onClick={() => onEdit(c)}
                    aria-label={`Edit ${c.name}`}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button secondary"
                    onClick={() => void remove(c)}
                    aria-label={`Delete ${c.name}`}
                  >
                    Delete
                  </button>
                </div>
                {revealed?.id === c.id && (
                  <pre className="secret" data-testid="revealed-secret">
                    {revealed.secret}
                  </pre>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
