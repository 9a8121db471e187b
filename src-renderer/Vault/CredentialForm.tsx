import type { PersonalCredential } from '@shared/common/api/vault';
import { Banner } from '../ui/Banner';
import { useCredentialDraft, type ComputerChoice } from './useCredentialDraft';

/** Adds or edits a personal credential. Editing leaves the secret empty: empty keeps the stored one. Nothing typed is lost on an error. */
export function CredentialForm({ editing, onDone }: { editing: PersonalCredential | null; onDone: () => void }) {
  const { fields, set, computers, toggle, choices, busy, problem, submit } = useCredentialDraft(editing, onDone);

  return (
    <form
      className="card vault-form"
      onSubmit={(e) => void submit(e)}
      aria-label={editing ? `Edit ${editing.name}` : 'New personal credential'}
    >
      <h1>{editing ? `Edit ${editing.name}` : 'New personal credential'}</h1>
      {problem && (
        <Banner tone="error" title="The credential was not saved">
          {problem}
        </Banner>
      )}
      <label className="field">
        <span>Name</span>
        <input name="name" value={fields.name} onChange={set('name')} required maxLength={100} />
      </label>
      <label className="field">
        <span>Username</span>
        <input
          name="username"
          autoComplete="off"
          value={fields.username}
          onChange={set('username')}
          required
          maxLength={256}
        />
      </label>
      <label className="field">
        <span>Kind</span>
        <select name="kind" value={fields.kind} onChange={set('kind')}>
          <option value="password">Password</option>
          <option value="private-key">Private key</option>
        </select>
      </label>
      <SecretField kind={fields.kind} value={fields.secret} editing={editing !== null} onChange={set('secret')} />
      <ComputerChoices choices={choices} chosen={computers} onToggle={toggle} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The secret: a password box, or a text area for a private key; required unless editing (empty keeps the stored one). */
function SecretField({
  kind,
  value,
  editing,
  onChange,
}: {
  kind: string;
  value: string;
  editing: boolean;
  onChange: (e: { target: { value: string } }) => void;
}) {
  const secretLabel = kind === 'private-key' ? 'Private key (PEM or OpenSSH)' : 'Password';
  return (
    <label className="field">
      <span>
        {secretLabel}
        {editing ? ' (leave empty to keep the stored one)' : ''}
      </span>
      {kind === 'private-key' ? (
        <textarea
          name="secret"
          rows={6}
          spellCheck={false}
          autoComplete="off"
          value={value}
          onChange={onChange}
          required={!editing}
        />
      ) : (
        <input
          name="secret"
          type="password"
          autoComplete="new-password"
          value={value}
          onChange={onChange}
          required={!editing}
        />
      )}
    </label>
  );
}

/** The computers the credential is for, one checkbox each among `choices`. */
function ComputerChoices({
  choices,
  chosen,
  onToggle,
}: {
  choices: ComputerChoice[];
  chosen: ComputerChoice[];
  onToggle: (computer: ComputerChoice, on: boolean) => void;
}) {
  return (
    <fieldset className="field">
      <legend>For these computers</legend>
      {choices.length === 0 && (
        <p className="muted">No computers to choose from (My Resources is empty or the server does not answer).</p>
      )}
      {choices.map((c) => (
        <label key={c.id} className="check">
          <input
            type="checkbox"
            checked={chosen.some((x) => x.id === c.id)}
            onChange={(e) => onToggle(c, e.target.checked)}
          />
          <span>{c.name}</span>
        </label>
      ))}
    </fieldset>
  );
}
