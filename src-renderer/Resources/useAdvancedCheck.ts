import { useState } from 'react';
import type { AdvancedUiChoices } from '@shared/common/api/auth';
import type { Terms } from '@shared/common/api/gateway';
import type { CredentialKind } from '@shared/common/api/controlPlane/policies';
import type { ResourceGroup } from '@shared/common/api/controlPlane/resources';
import type { ConnectTarget } from './TermsPage';
import { useApi } from '../bridge/apiContext';

type Computer = ResourceGroup['computers'][number];

/** Advanced Mode's fields as typed. */
export interface AdvancedDraft {
  kind: CredentialKind;
  personalId: string | null;
  levelId: string;
  mfaCode: string;
  answer: string;
}

/** Advanced Mode's fields as the server takes them: blanks, and what the policy does not ask for, as null. */
function advancedChoices(group: ResourceGroup, draft: AdvancedDraft): AdvancedUiChoices {
  const { kind, personalId, levelId, mfaCode, answer } = draft;
  return {
    credentialKind: kind,
    personalCredentialId: kind === 'personal' ? personalId : null,
    accessLevelId: levelId === '' ? null : levelId,
    mfaCode: group.mfaRequired && mfaCode.trim() !== '' ? mfaCode.trim() : null,
    authorization: group.authorization && answer.trim() !== '' ? answer.trim() : null,
  };
}

/**
 * Advanced Mode's Continue: asks the server to check the choices and give the terms (then
 * `onContinue`), busy while it asks, and a refusal as its code and message.
 */
export function useAdvancedCheck(
  group: ResourceGroup,
  computer: Computer,
  onContinue: (target: ConnectTarget, terms: Terms, personalCredentialId: string | null) => void,
) {
  const api = useApi();
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async (draft: AdvancedDraft) => {
    setBusy(true);
    setProblem(null);
    const advanced = advancedChoices(group, draft);
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

  return { problem, busy, check };
}
