import type { CredentialKind } from '@shared/common/api/controlPlane/policies';
import { FieldError } from '../../ui/FieldError';
import type { PolicyDraft, PolicyErrors } from './policyDraft';
import { PolicyAuthorization } from './PolicyAuthorization';
import { Switch, toggled } from './PolicyPickers';
import { PolicyTextField } from './PolicyTextField';

const kinds: Array<{ kind: CredentialKind; label: string }> = [
  { kind: 'shared', label: 'Shared credential' },
  { kind: 'personal', label: 'Personal credential (vault)' },
  { kind: 'jit', label: 'JIT account' },
];

type Set = (patch: Partial<PolicyDraft>) => void;

/** The policy's name, credential kinds, MFA, authorization prompt and maximum duration. */
export function PolicyBasics({ draft, errors, set }: { draft: PolicyDraft; errors: PolicyErrors; set: Set }) {
  return (
    <div className="form-grid">
      <PolicyTextField
        label="Name"
        name="name"
        value={draft.name}
        error={errors['name']}
        onChange={(name) => set({ name })}
      />
      <fieldset className="picker" aria-label="Credential kinds">
        <legend>Credential kinds allowed</legend>
        {kinds.map(({ kind, label }) => (
          <label key={kind} className="switch">
            <input
              type="checkbox"
              aria-label={label}
              checked={draft.credentialKinds.includes(kind)}
              onChange={(e) =>
                set({ credentialKinds: toggled(draft.credentialKinds, kind, e.target.checked) as CredentialKind[] })
              }
            />{' '}
            {label}
          </label>
        ))}
        <FieldError message={errors['credentialKinds']} id="policy-credentialKinds-error" />
      </fieldset>
      <PolicyTextField
        label="Maximum duration (minutes)"
        name="maxDurationMinutes"
        value={draft.maxDurationMinutes}
        error={errors['maxDurationMinutes']}
        onChange={(maxDurationMinutes) => set({ maxDurationMinutes })}
      />
      <Switch label="Require MFA" checked={draft.mfaRequired} onChange={(mfaRequired) => set({ mfaRequired })} />
      <PolicyAuthorization draft={draft} errors={errors} set={set} />
    </div>
  );
}

/** The terms text with a preview as the terms page shows it, and the recording, watching and clipboard switches. */
export function PolicySession({ draft, errors, set }: { draft: PolicyDraft; errors: PolicyErrors; set: Set }) {
  return (
    <div className="form-grid">
      <label className="field">
        <span>Terms text</span>
        <textarea
          aria-label="Terms text"
          rows={5}
          value={draft.terms}
          aria-invalid={Boolean(errors['terms'])}
          aria-describedby="policy-terms-error"
          onChange={(e) => set({ terms: e.target.value })}
        />
        <FieldError message={errors['terms']} id="policy-terms-error" />
      </label>
      <div className="field" aria-label="Terms preview">
        <span>Preview (as the terms page shows it)</span>
        <blockquote className="terms-text" data-testid="terms-preview">
          {draft.terms || 'This policy has no terms of its own.'}
        </blockquote>
        <p className="muted">
          {draft.recording ? 'This session is recorded.' : 'This session is not recorded.'}{' '}
          {draft.liveMonitoring
            ? 'An access manager can watch this session live.'
            : 'No one can watch this session live.'}
        </p>
      </div>
      <Switch label="Record sessions" checked={draft.recording} onChange={(recording) => set({ recording })} />
      <Switch
        label="Live monitoring"
        checked={draft.liveMonitoring}
        onChange={(liveMonitoring) => set({ liveMonitoring })}
      />
      <Switch
        label="Announce watchers"
        hint="The user sees a banner when someone starts or stops watching."
        checked={draft.announceWatchers}
        onChange={(announceWatchers) => set({ announceWatchers })}
      />
      <Switch
        label="Block copying from the computer"
        checked={draft.disableCopy}
        onChange={(disableCopy) => set({ disableCopy })}
      />
      <Switch
        label="Block pasting to the computer"
        checked={draft.disablePaste}
        onChange={(disablePaste) => set({ disablePaste })}
      />
    </div>
  );
}
