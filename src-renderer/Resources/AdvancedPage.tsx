import { useState, type FormEvent } from 'react';
import type { Terms } from '@shared/common/api/gateway';
import type { CredentialKind } from '@shared/common/api/controlPlane/policies';
import type { ResourceGroup } from '@shared/common/api/controlPlane/resources';
import type { VaultState } from '@shared/common/api/vault';
import { Banner } from '../ui/Banner';
import { UnlockForm } from '../Vault/UnlockForm';
import type { ConnectTarget } from './TermsPage';
import { AccessLevelField, AuthorizationField, CredentialKindField, PersonalCredentialField } from './AdvancedFields';
import { PluginQuestions } from './PluginQuestions';
import { useAdvancedCheck } from './useAdvancedCheck';
import { usePersonalCredentials } from './usePersonalCredentials';

type Computer = ResourceGroup['computers'][number];

/** Where Advanced Mode starts: the policy and computer, and choices a start link may pre-fill. */
export interface AdvancedStart {
  group: ResourceGroup;
  computer: Computer;
  mfaEnrolled: boolean;
  prefill?: { credentialKind: CredentialKind | null; credentialId: string | null; accessLevelId: string | null };
}

/**
 * Advanced Mode (seed 000): the credential (shared, personal from the vault, or JIT), the
 * access level, the MFA code and the authorization hook's question, on one screen. Continue
 * asks the server to check them all, then the terms page follows. Nothing typed is lost on a refusal.
 */
export function AdvancedPage({
  vault,
  start,
  onContinue,
  onCancel,
}: {
  vault: VaultState | null;
  start: AdvancedStart;
  onContinue: (target: ConnectTarget, terms: Terms, personalCredentialId: string | null) => void;
  onCancel: () => void;
}) {
  const { group, computer, mfaEnrolled, prefill } = start;
  const kinds = group.credentialKinds;
  const [kind, setKind] = useState<CredentialKind>(
    prefill?.credentialKind && kinds.includes(prefill.credentialKind) ? prefill.credentialKind : (kinds[0] ?? 'shared'),
  );
  const [levelId, setLevelId] = useState<string>(prefill?.accessLevelId ?? group.accessLevels[0]?.id ?? '');
  const [mfaCode, setMfaCode] = useState('');
  const [answer, setPromptAnswer] = useState('');
  const { problem, busy, check, asked, answers, setAnswer } = useAdvancedCheck(group, computer, onContinue);
  const unlocked = vault?.status === 'unlocked';

  const { personal, personalId, setPersonalId } = usePersonalCredentials(
    kind,
    unlocked,
    computer.computerId,
    prefill?.credentialId ?? null,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void check({ kind, personalId, levelId, mfaCode, answer });
  };

  return (
    <section className="card advanced" aria-labelledby="advanced-title">
      <h1 id="advanced-title">Advanced Mode: {computer.name}</h1>
      <p className="muted">
        Policy {group.policyName} · {computer.protocol.toUpperCase()} {computer.host}:{computer.port}
      </p>
      {problem && (
        <Banner tone="error" title="This session cannot start yet">
          <span data-testid="advanced-error-message">{problem.message}</span>{' '}
          <code data-testid="advanced-error-code">{problem.code}</code>
        </Banner>
      )}
      <form onSubmit={submit}>
        <CredentialKindField kinds={kinds} kind={kind} computer={computer} onChange={setKind} />
        {kind === 'personal' && (
          <PersonalCredentialField
            vault={vault}
            computerName={computer.name}
            personal={personal}
            personalId={personalId}
            onChange={setPersonalId}
          />
        )}
        {group.hasAccessLevels && (
          <AccessLevelField levels={group.accessLevels} levelId={levelId} onChange={setLevelId} />
        )}
        {group.mfaRequired && <MfaCodeField mfaCode={mfaCode} mfaEnrolled={mfaEnrolled} onChange={setMfaCode} />}
        {group.authorization && (
          <AuthorizationField authorization={group.authorization} answer={answer} onChange={setPromptAnswer} />
        )}
        {asked && <PluginQuestions questions={asked.questions} answers={answers} onChange={setAnswer} />}
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy || (kind === 'personal' && !unlocked)}>
            {busy ? 'Checking…' : 'Continue'}
          </button>
          <button type="button" className="button secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
      {kind === 'personal' && vault?.status === 'locked' && <UnlockForm vault={vault} />}
    </section>
  );
}

/** The MFA code the policy asks for, with a note when the person has no authenticator enrolled. */
function MfaCodeField({
  mfaCode,
  mfaEnrolled,
  onChange,
}: {
  mfaCode: string;
  mfaEnrolled: boolean;
  onChange: (code: string) => void;
}) {
  return (
    <label className="field">
      <span>MFA code</span>
      <input
        name="mfa-code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={32}
        value={mfaCode}
        onChange={(e) => onChange(e.target.value)}
      />
      {!mfaEnrolled && (
        <small data-code="MFA_NOT_ENROLLED">
          This policy requires MFA, and you have no authenticator enrolled. Ask an administrator.
        </small>
      )}
    </label>
  );
}
