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
            <CredentialRow
              key={c.id}
              credential={c}
              secret={revealed?.id === c.id ? revealed.secret : null}
              onReveal={() => void reveal(c)}
              onCopy={() => void copy(c)}
              onEdit={() => onEdit(c)}
              onRemove={() => void remove(c)}
            />
          ))}
        </tbody>
      </table>
    </>
  );
}

/** One credential's row: name, username, kind, computers, its actions and its secret while revealed (`secret` not null). */
function CredentialRow({
  credential: c,
  secret,
  onReveal,
  onCopy,
  onEdit,
  onRemove,
}: {
  credential: PersonalCredential;
  secret: string | null;
  onReveal: () => void;
  onCopy: () => void;
  onEdit: () => void;
  onRemove: () => void;
}) {
  return (
    <tr data-testid="credential-row">
      <th scope="row">{c.name}</th>
      <td>{c.username}</td>
      <td>{c.kind === 'private-key' ? 'Private key' : 'Password'}</td>
      <td>{c.computers.map((x) => x.name).join(', ') || <span className="muted">Any</span>}</td>
      <td>
        <div className="row-actions">
          <button
            type="button"
            className="button secondary"
            onClick={onReveal}
            aria-label={`${secret !== null ? 'Hide' : 'Reveal'} ${c.name}`}
          >
            {secret !== null ? 'Hide' : 'Reveal'}
          </button>
          <button type="button" className="button secondary" onClick={onCopy} aria-label={`Copy ${c.name}`}>
            Copy
          </button>
          <button type="button" className="button secondary" onClick={onEdit} aria-label={`Edit ${c.name}`}>
            Edit
          </button>
          <button type="button" className="button secondary" onClick={onRemove} aria-label={`Delete ${c.name}`}>
            Delete
          </button>
        </div>
        {secret !== null && (
          <pre className="secret" data-testid="revealed-secret">
            {secret}
          </pre>
        )}
      </td>
    </tr>
  );
}
