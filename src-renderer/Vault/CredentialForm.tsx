import { useEffect, useState, type FormEvent } from 'react';
import type { PersonalCredential } from '@shared/common/api/vault';
import { Banner } from '../ui/Banner';
import { useAction } from '../ui/useAction';
import { useApi } from '../bridge/apiContext';

type Computer = { id: string; name: string };

/** The computers this person may reach (from My Resources), plus those already chosen; empty offline. */
function useComputerChoices(chosen: Computer[]): Computer[] {
  const api = useApi();
  const [known, setKnown] = useState<Computer[]>([]);
  useEffect(() => {
    let live = true;
    api.resources.list({}).then(
      (r) => live && setKnown(r.groups.flatMap((g) => g.computers.map((c) => ({ id: c.computerId, name: c.name })))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  const all = new Map([...chosen, ...known].map((c) => [c.id, c]));
  return [...all.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Adds or edits a personal credential. Editing leaves the secret empty: empty keeps the stored one. Nothing typed is lost on an error. */
export function CredentialForm({ editing, onDone }: { editing: PersonalCredential | null; onDone: () => void }) {
  const api = useApi();
  const [fields, setFields] = useState({
    name: editing?.name ?? '',
    username: editing?.username ?? '',
    kind: editing?.kind ?? 'password',
    secret: '',
  });
  const [computers, setComputers] = useState<Computer[]>(editing?.computers ?? []);
  const { busy, problem, run } = useAction();
  const choices = useComputerChoices(editing?.computers ?? []);
  const set = (name: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [name]: e.target.value }));
  const toggle = (computer: Computer, on: boolean) =>
    setComputers((list) =>
      on ? [...list.filter((c) => c.id !== computer.id), computer] : list.filter((c) => c.id !== computer.id),
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await run(() =>
      api.vault.save({
        ...(editing ? { id: editing.id } : {}),
        name: fields.name,
        username: fields.username,
        kind: fields.kind === 'private-key' ? 'private-key' : 'password',
        ...(fields.secret ? { secret: fields.secret } : {}),
        computers,
      }),
    );
    if (saved) onDone();
  };

  const secretLabel = fields.kind === 'private-key' ? 'Private key (PEM or OpenSSH)' : 'Password';
  return (
    <form
      className="card vault-form"
      onSubmit={(e) => void submit(e)}
      aria-label={editing ? `Edit ${editing.name}` : 'New personal credential'}
    >
      <h2>{editing ? `Edit ${editing.name}` : 'New personal credential'}</h2>
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
      <label className="field">
        <span>
          {secretLabel}
          {editing ? ' (leave empty to keep the stored one)' : ''}
        </span>
        {fields.kind === 'private-key' ? (
          <textarea
            name="secret"
            rows={6}
            spellCheck={false}
            autoComplete="off"
            value={fields.secret}
            onChange={set('secret')}
            required={!editing}
          />
        ) : (
          <input
            name="secret"
            type="password"
            autoComplete="new-password"
            value={fields.secret}
            onChange={set('secret')}
            required={!editing}
          />
        )}
      </label>
      <fieldset className="field">
        <legend>For these computers</legend>
        {choices.length === 0 && (
          <p className="muted">No computers to choose from (My Resources is empty or the server does not answer).</p>
        )}
        {choices.map((c) => (
          <label key={c.id} className="check">
            <input
              type="checkbox"
              checked={computers.some((x) => x.id === c.id)}
              onChange={(e) => toggle(c, e.target.checked)}
            />
            <span>{c.name}</span>
          </label>
        ))}
      </fieldset>
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
