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

/** A webhook's questions as the last Continue gave them, with the sealed round to hand back. */
type Asked = NonNullable<Terms['questions']>;

/** Advanced Mode's fields as the server takes them: blanks, and what the policy does not ask for, as null. */
function advancedChoices(group: ResourceGroup, draft: AdvancedDraft): AdvancedUiChoices {
  const { kind, personalId, levelId, mfaCode, answer } = draft;
  return {
    credentialKind: kind,
    personalCredentialId: kind === 'personal' ? personalId : null,
    accessLevelId: levelId === '' ? null : levelId,
    mfaCode: group.mfaRequired && mfaCode.trim() !== '' ? mfaCode.trim() : null,
    authorization: group.authorization?.asks && answer.trim() !== '' ? answer.trim() : null,
  };
}

/**
 * Advanced Mode's Continue: asks the server to check the choices and give the terms (then
 * `onContinue`), busy while it asks, and a refusal as its code and message. When the policy's
 * webhook asks questions instead, they are kept with the answers typed so far (every round's),
 * and the next Continue sends them back.
 */
export function useAdvancedCheck(
  group: ResourceGroup,
  computer: Computer,
  onContinue: (target: ConnectTarget, terms: Terms, personalCredentialId: string | null) => void,
) {
  const api = useApi();
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [asked, setAsked] = useState<Asked | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const setAnswer = (key: string, value: string) => setAnswers((a) => ({ ...a, [key]: value }));

  const check = async (draft: AdvancedDraft) => {
    setBusy(true);
    setProblem(null);
    const advanced = {
      ...advancedChoices(group, draft),
      ...(asked ? { answers: onlyAsked(answers, asked), round: asked.round } : {}),
    };
    const target = { policyId: group.policyId, computerId: computer.computerId, name: computer.name };
    try {
      const terms = await api.resources.terms({ policyId: target.policyId, computerId: target.computerId, advanced });
      if (terms.questions) setAsked(withEarlier(asked, terms.questions));
      else onContinue(target, terms, advanced.personalCredentialId);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'INTERNAL';
      setProblem({ code, message: error instanceof Error ? error.message : String(error) });
      // A round the server no longer takes (too old, already answered): the next Continue starts over.
      if (code.startsWith('TICKET_')) {
        setAsked(null);
        setAnswers({});
      }
    } finally {
      setBusy(false);
    }
  };

  return { problem, busy, check, asked, answers, setAnswer };
}

/** This round's questions after the earlier rounds' (a key asked again takes the newer wording). */
function withEarlier(earlier: Asked | null, now: Asked): Asked {
  const keys = new Set(now.questions.map((q) => q.key));
  return {
    round: now.round,
    questions: [...(earlier?.questions ?? []).filter((q) => !keys.has(q.key)), ...now.questions],
  };
}

/** The answers to the questions asked so far (a key typed and then dropped by the webhook is not sent). */
function onlyAsked(answers: Record<string, string>, asked: Asked): Record<string, string> {
  return Object.fromEntries(asked.questions.map((q) => [q.key, answers[q.key] ?? '']));
}
