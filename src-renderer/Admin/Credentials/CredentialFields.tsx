import type { CredentialDraft, CredentialErrors } from './credentialDraft';
import { FieldError } from '../../ui/FieldError';

/**
 * A credential's fields: the username and kind (when it is added), and the secret, which is
 * write-only: it starts empty, is never filled from the server, and is not autocompleted.
 */
export function CredentialFields({
  draft,
  errors,
  onChange,
  rotating,
}: {
  draft: CredentialDraft;
  errors: CredentialErrors;
  onChange: (next: CredentialDraft) => void;
  rotating: boolean;
}) {
  const set = (patch: Partial<CredentialDraft>) => onChange({ ...draft, ...patch });
  const prefix = rotating ? 'rotate' : 'credential';
  return (
    <div className="form-grid">
      {!rotating && (
        <>
          <label className="field">
            <span>Username</span>
            <input
              name="username"
              aria-label="Username"
              aria-describedby={errors.username ? `${prefix}-username-error` : undefined}
              value={draft.username}
              autoComplete="off"
              aria-invalid={Boolean(errors.username)}
              onChange={(e) => set({ username: e.target.value })}
            />
            <FieldError message={errors.username} id={`${prefix}-username-error`} />
          </label>
          <label className="field">
            <span>Kind</span>
            <select
              aria-label="Kind"
              value={draft.kind}
              onChange={(e) => set({ kind: e.target.value as CredentialDraft['kind'] })}
            >
              <option value="password">Username and password</option>
              <option value="key">Private key and passphrase</option>
            </select>
          </label>
        </>
      )}
      <SecretFields draft={draft} errors={errors} set={set} rotating={rotating} />
    </div>
  );
}

/** The secret itself: a password, or a private key with its passphrase. Never filled from the server. */
function SecretFields({
  draft,
  errors,
  set,
  rotating,
}: {
  draft: CredentialDraft;
  errors: CredentialErrors;
  set: (patch: Partial<CredentialDraft>) => void;
  rotating: boolean;
}) {
  const prefix = rotating ? 'rotate' : 'credential';
  const secretLabel = `${rotating ? 'New ' : ''}${draft.kind === 'key' ? 'private key' : 'password'}`.replace(
    /^./,
    (c) => c.toUpperCase(),
  );
  return draft.kind === 'password' ? (
    <label className="field">
      <span>{secretLabel}</span>
      <input
        type="password"
        name="secret"
        aria-label={secretLabel}
        aria-describedby={errors.secret ? `${prefix}-secret-error` : undefined}
        value={draft.secret}
        autoComplete="new-password"
        aria-invalid={Boolean(errors.secret)}
        onChange={(e) => set({ secret: e.target.value })}
      />
      <FieldError message={errors.secret} id={`${prefix}-secret-error`} />
    </label>
  ) : (
    <>
      <label className="field">
        <span>{secretLabel}</span>
        <textarea
          name="secret"
          aria-label={secretLabel}
          aria-describedby={errors.secret ? `${prefix}-secret-error` : undefined}
          rows={4}
          value={draft.secret}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={Boolean(errors.secret)}
          onChange={(e) => set({ secret: e.target.value })}
        />
        <FieldError message={errors.secret} id={`${prefix}-secret-error`} />
      </label>
      <label className="field">
        <span>Passphrase (optional)</span>
        <input
          type="password"
          name="passphrase"
          aria-label="Passphrase (optional)"
          aria-describedby={errors.passphrase ? `${prefix}-passphrase-error` : undefined}
          value={draft.passphrase}
          autoComplete="new-password"
          aria-invalid={Boolean(errors.passphrase)}
          onChange={(e) => set({ passphrase: e.target.value })}
        />
        <FieldError message={errors.passphrase} id={`${prefix}-passphrase-error`} />
      </label>
    </>
  );
}
