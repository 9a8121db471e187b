import { useEffect, useState, type FormEvent } from 'react';
import type { AdvancedUiChoices } from '../../src-shared/common/api/auth';
import type { Terms } from '../../src-shared/common/api/gateway';
import type { CredentialKind } from '../../src-shared/common/api/controlPlane/policies';
import type { ResourceGroup } from '../../src-shared/common/api/controlPlane/resources';
import type { PersonalCredential, VaultState } from '../../src-shared/common/api/vault';
import { Banner } from '../ui/Banner';
import { UnlockForm } from '../Vault/UnlockForm';
import type { ConnectTarget } from './TermsPage';
import { useApi } from '../bridge/apiContext';

type Computer = ResourceGroup['computers'][number];

/** Where Advanced Mode starts: the policy and computer, and choices a start link may pre-fill. */
export interface AdvancedStart {
  group: ResourceGroup;
  computer: Computer;
  mfaEnrolled: boolean;
  prefill?: { credentialKind: CredentialKind | null; credentialId: string | null; accessLevelId: string | null };
}

const kindText: Record<CredentialKind, { label: string; help: string }> = {
  shared: { label: 'Shared credential', help: "The computer's shared account, kept by the server. You never see it." },
  personal: { label: 'Personal credential', help: 'Your own account for this computer, from your vault.' },
  jit: { label: 'JIT account', help: 'A temporary account created for this session and deleted when it ends.' },
};

/**
 * Advanced Mode (seed 000): the credential (shared, personal from the vault, or JIT), the
 * access level, the MFA code and the authorization hook's question, on one screen. Continue
 * asks the server to check them all, then the terms page follows. Nothing typed is lost on a refusal.
 */
export function AdvancedPage({ vault, start, onContinue, onCancel }: { vault: VaultState | null; start: AdvancedStart; onContinue: (target: ConnectTarget, terms: Terms, personalCredentialId: string | null) => void; onCancel: () => void }) {
  const api = useApi();
  const { group, computer, mfaEnrolled, prefill } = start;
  const kinds = group.credentialKinds;
  const [kind, setKind] = useState<CredentialKind>(prefill?.credentialKind && kinds.includes(prefill.credentialKind) ? prefill.credentialKind : (kinds[0] ?? 'shared'));
  const [personalId, setPersonalId] = useState<string | null>(prefill?.credentialId ?? null);
  const [levelId, setLevelId] = useState<string>(prefill?.accessLevelId ?? group.accessLevels[0]?.id ?? '');
  const [mfaCode, setMfaCode] = useState('');
  const [answer, setAnswer] = useState('');
  const [personal, setPersonal] = useState<PersonalCredential[] | null>(null);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const unlocked = vault?.status === 'unlocked';

  useEffect(() => {
    if (kind !== 'personal' || !unlocked) return;
    let live = true;
    api.vault.list({}).then(
      ({ credentials }) => {
        if (!live) return;
        const mine = credentials.filter((c) => c.computers.some((x) => x.id === computer.computerId));
        setPersonal(mine);
        setPersonalId((id) => (id && mine.some((c) => c.id === id) ? id : (mine[0]?.id ?? id)));
      },
      () => live && setPersonal([]),
    );
    return () => {
      live = false;
    };
  }, [api, kind, unlocked, computer.computerId]);

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
      setProblem({ code: (error as { code?: string }).code ?? 'INTERNAL', message: error instanceof Error ? error.message : String(error) });
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
          <span data-testid="advanced-error-message">{problem.message}</span> <code data-testid="advanced-error-code">{problem.code}</code>
        </Banner>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <fieldset className="field">
          <legend>Credential</legend>
          {kinds.map((k) => {
            const off = k === 'jit' && !computer.jitEnabled;
            return (
              <label key={k} className="choice">
                <input type="radio" name="credential" value={k} checked={kind === k} disabled={off} onChange={() => setKind(k)} />
                <span>
                  {kindText[k].label} <small className="muted">{off ? `${computer.name} is not JIT-enabled.` : kindText[k].help}</small>
                </span>
              </label>
            );
          })}
        </fieldset>
        {kind === 'personal' && vault?.status === 'locked' && <p role="status">Unlock your vault first (below): your personal credentials are in it.</p>}
        {kind === 'personal' && vault?.status === 'none' && <p role="status">You have no vault yet. Create your master password in the Vault, then add a personal credential for {computer.name}.</p>}
        {kind === 'personal' && unlocked && personal?.length === 0 && (
          <p role="status" data-code="NO_PERSONAL_CREDENTIAL">
            Your vault has no personal credential for {computer.name}. Add one in the Vault with this computer ticked.
          </p>
        )}
        {kind === 'personal' && unlocked && personal && personal.length > 0 && (
          <label className="field">
            <span>Personal credential</span>
            <select name="personal-credential" value={personalId ?? ''} onChange={(e) => setPersonalId(e.target.value)}>
              {personal.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.username})
                </option>
              ))}
            </select>
          </label>
        )}
        {group.hasAccessLevels && (
          <label className="field">
            <span>Access level</span>
            {group.accessLevels.length === 0 ? (
              <small data-code="ACCESS_LEVEL_NOT_ASSIGNED">No access level of this policy is assigned to your groups. Ask an administrator.</small>
            ) : (
              <select name="access-level" value={levelId} onChange={(e) => setLevelId(e.target.value)}>
                {group.accessLevels.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                    {l.preApproval ? (l.approved ? ' (pre-approved)' : ' (needs pre-approval — not approved)') : ''}
                  </option>
                ))}
              </select>
            )}
          </label>
        )}
        {group.mfaRequired && (
          <label className="field">
            <span>MFA code</span>
            <input name="mfa-code" inputMode="numeric" autoComplete="one-time-code" maxLength={32} value={mfaCode} onChange={(e) => setMfaCode(e.target.value)} />
            {!mfaEnrolled && <small data-code="MFA_NOT_ENROLLED">This policy requires MFA, and you have no authenticator enrolled. Ask an administrator.</small>}
          </label>
        )}
        {group.authorization && (
          <label className="field">
            <span>{group.authorization.asks === 'ticket-id' ? 'Ticket id' : 'Justification'}</span>
            <small className="muted">{group.authorization.prompt}</small>
            {group.authorization.asks === 'ticket-id' ? <input name="authorization" maxLength={500} value={answer} onChange={(e) => setAnswer(e.target.value)} /> : <textarea name="authorization" maxLength={500} value={answer} onChange={(e) => setAnswer(e.target.value)} />}
          </label>
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
