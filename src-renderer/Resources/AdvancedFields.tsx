import type { CredentialKind } from '@shared/common/api/controlPlane/policies';
import type { ResourceGroup } from '@shared/common/api/controlPlane/resources';
import type { PersonalCredential, VaultState } from '@shared/common/api/vault';

type Computer = ResourceGroup['computers'][number];

const kindText: Record<CredentialKind, { label: string; help: string }> = {
  shared: { label: 'Shared credential', help: "The computer's shared account, kept by the server. You never see it." },
  personal: { label: 'Personal credential', help: 'Your own account for this computer, from your vault.' },
  jit: { label: 'JIT account', help: 'A temporary account created for this session and deleted when it ends.' },
};

/** Advanced Mode's credential kinds the policy offers, as radios; JIT is off where the computer is not JIT-enabled. */
export function CredentialKindField({
  kinds,
  kind,
  computer,
  onChange,
}: {
  kinds: CredentialKind[];
  kind: CredentialKind;
  computer: Computer;
  onChange: (kind: CredentialKind) => void;
}) {
  return (
    <fieldset className="field">
      <legend>Credential</legend>
      {kinds.map((k) => {
        const off = k === 'jit' && !computer.jitEnabled;
        return (
          <label key={k} className="choice">
            <input
              type="radio"
              name="credential"
              value={k}
              checked={kind === k}
              disabled={off}
              onChange={() => onChange(k)}
            />
            <span>
              {kindText[k].label}{' '}
              <small className="muted">{off ? `${computer.name} is not JIT-enabled.` : kindText[k].help}</small>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}

/**
 * Advanced Mode's personal credential (shown with the personal kind only): what to do while the
 * vault is locked, missing or has none for this computer, else the choice of credential.
 */
export function PersonalCredentialField({
  vault,
  computerName,
  personal,
  personalId,
  onChange,
}: {
  vault: VaultState | null;
  computerName: string;
  personal: PersonalCredential[] | null;
  personalId: string | null;
  onChange: (id: string) => void;
}) {
  const unlocked = vault?.status === 'unlocked';
  return (
    <>
      {vault?.status === 'locked' && (
        <p role="status">Unlock your vault first (below): your personal credentials are in it.</p>
      )}
      {vault?.status === 'none' && (
        <p role="status">
          You have no vault yet. Create your master password in the Vault, then add a personal credential for{' '}
          {computerName}.
        </p>
      )}
      {unlocked && personal?.length === 0 && (
        <p role="status" data-code="NO_PERSONAL_CREDENTIAL">
          Your vault has no personal credential for {computerName}. Add one in the Vault with this computer ticked.
        </p>
      )}
      {unlocked && personal && personal.length > 0 && (
        <label className="field">
          <span>Personal credential</span>
          <select name="personal-credential" value={personalId ?? ''} onChange={(e) => onChange(e.target.value)}>
            {personal.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.username})
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}

/** Advanced Mode's access level: the policy's levels assigned to the person's groups, each with its pre-approval. */
export function AccessLevelField({
  levels,
  levelId,
  onChange,
}: {
  levels: ResourceGroup['accessLevels'];
  levelId: string;
  onChange: (id: string) => void;
}) {
  return (
    <label className="field">
      <span>Access level</span>
      {levels.length === 0 ? (
        <small data-code="ACCESS_LEVEL_NOT_ASSIGNED">
          No access level of this policy is assigned to your groups. Ask an administrator.
        </small>
      ) : (
        <select name="access-level" value={levelId} onChange={(e) => onChange(e.target.value)}>
          {levels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
              {l.preApproval
                ? l.approved
                  ? ' (pre-approved)'
                  : l.expired
                    ? ' (needs pre-approval — grant ended)'
                    : ' (needs pre-approval — not approved)'
                : ''}
            </option>
          ))}
        </select>
      )}
    </label>
  );
}

/** Advanced Mode's answer to the Prompt plugin (a ticket id, or a justification); for a webhook, a note that it decides. */
export function AuthorizationField({
  authorization,
  answer,
  onChange,
}: {
  authorization: NonNullable<ResourceGroup['authorization']>;
  answer: string;
  onChange: (answer: string) => void;
}) {
  if (authorization.asks === null)
    return (
      <p className="muted" data-testid="advanced-webhook-note">
        {authorization.prompt}
      </p>
    );
  return (
    <label className="field">
      <span>{authorization.asks === 'ticket-id' ? 'Ticket id' : 'Justification'}</span>
      <small className="muted">{authorization.prompt}</small>
      {authorization.asks === 'ticket-id' ? (
        <input name="authorization" maxLength={500} value={answer} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <textarea name="authorization" maxLength={500} value={answer} onChange={(e) => onChange(e.target.value)} />
      )}
    </label>
  );
}
