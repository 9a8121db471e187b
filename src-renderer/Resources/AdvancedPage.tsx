import { useState, type FormEvent } from 'react';
import type { AdvancedUiChoices } from '@shared/common/api/auth';
import type { Terms } from '@shared/common/api/gateway';
import type { CredentialKind } from '@shared/common/api/controlPlane/policies';
import type { ResourceGroup } from '@shared/common/api/controlPlane/resources';
import type { VaultState } from '@shared/common/api/vault';
import { Banner } from '../ui/Banner';
import { UnlockForm } from '../Vault/UnlockForm';
import type { ConnectTarget } from './TermsPage';
import { useApi } from '../bridge/apiContext';
import { AccessLevelField, AuthorizationField, CredentialKindField, PersonalCredentialField } from './AdvancedFields';
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
  const api = useApi();
  const { group, computer, mfaEnrolled, prefill } = start;
  const kinds = group.credentialKinds;
  const [kind, setKind] = useState<CredentialKind>(
    prefill?.credentialKind && kinds.includes(prefill.credentialKind) ? prefill.credentialKind : (kinds[0] ?? 'shared'),
  );
  const [levelId, setLevelId] = useState<string>(prefill?.accessLevelId ?? group.accessLevels[0]?.id ?? '');
  const [mfaCode, setMfaCode] = useState('');
  const [answer, setAnswer] = useState('');
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const unlocked = vault?.status === 'unlocked';

  const { personal, personalId, setPersonalId } = usePersonalCredentials(
    kind,
    unlocked,
    computer.computerId,
    prefill?.credentialId ?? null,
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const advanced: AdvancedUiChoices = {
      credentialKind: kind,
      personalCredentialId: kind === 'personal' ? personalId : null,
      accessLevelId: levelId === '' ? null : levelId,
      mfaCode: group.mfaRequired && mfaCode.trim() !== '' ? mfaCode.trim() : null,
      authorization: group.authorization && answer.trim() !== '' ? answer.trim() : null,
    };
    const target = { policyId: group.policyId, computerId: computer.computerId, name: computer.name };
    try {
      const terms = await api.resources.terms({ policyId: target.policyId, computerId: target.computerId, advanced });
      onContinue(target, terms, advanced.personalCredentialId);
    } catch (error) {
      setProblem({
        code: (error as { code?: string }).code ?? 'INTERNAL',
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      setBusy(false);
    }
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
      <form onSubmit={(e) => void submit(e)}>
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
        {group.mfaRequired && (
          <label className="field">
            <span>MFA code</span>
            <input
              name="mfa-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={32}
              value={mfaCode}
              onChange={(e) => setMfaCode(e.target.value)}
            />
            {!mfaEnrolled && (
              <small data-code="MFA_NOT_ENROLLED">
                This policy requires MFA, and you have no authenticator enrolled. Ask an administrator.
              </small>
            )}
          </label>
        )}
        {group.authorization && (
          <AuthorizationField authorization={group.authorization} answer={answer} onChange={setAnswer} />
        )}
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
