import { useEffect, useState } from 'react';
import type { ResourceGroup } from '@shared/common/api/controlPlane/resources';
import type { Terms } from '@shared/common/api/gateway';
import type { PersonalCredential } from '@shared/common/api/vault';
import { useApi } from '../bridge/apiContext';
import type { ConnectTarget } from './TermsPage';

type Computer = ResourceGroup['computers'][number];

/**
 * The personal credential a one-click Connect may use: the policy allows personal credentials
 * only and asks nothing else (no MFA, no ticket, at most one approved access level), and the
 * vault holds exactly one credential for the computer. Else null (Advanced Mode is the way).
 */
export function personalOneClick(
  group: ResourceGroup,
  computer: Computer,
  credentials: PersonalCredential[] | null,
): string | null {
  if (computer.blockedReason !== null || computer.connectProblem !== 'CONNECT_NEEDS_CHOICE') return null;
  if (group.credentialKinds.length !== 1 || group.credentialKinds[0] !== 'personal') return null;
  if (group.mfaRequired || group.authorization !== null) return null;
  if (group.hasAccessLevels) {
    const [only, ...others] = group.accessLevels;
    if (!only || others.length > 0 || (only.preApproval && !only.approved)) return null;
  }
  const fitting = (credentials ?? []).filter((c) => c.computers.some((x) => x.id === computer.computerId));
  return fitting.length === 1 ? (fitting[0]?.id ?? null) : null;
}

/** The personal credentials of the unlocked vault (null while locked or on an error), for one-click Connect. */
export function useVaultCredentials(unlocked: boolean): PersonalCredential[] | null {
  const api = useApi();
  const [credentials, setCredentials] = useState<PersonalCredential[] | null>(null);
  useEffect(() => {
    if (!unlocked) return undefined;
    let live = true;
    api.vault.list({}).then(
      (result) => live && setCredentials(result.credentials),
      () => live && setCredentials(null),
    );
    return () => {
      live = false;
    };
  }, [api, unlocked]);
  return unlocked ? credentials : null;
}

/**
 * One-click Connect with a personal credential: asks the server to check it and give the terms
 * (then `onChecked`); a refusal opens Advanced Mode, where the person sees why.
 */
export function usePersonalConnect(
  onChecked: (target: ConnectTarget, terms: Terms, personalCredentialId: string) => void,
  onRefused: (group: ResourceGroup, computer: Computer) => void,
) {
  const api = useApi();
  return (group: ResourceGroup, computer: Computer, personalCredentialId: string) => {
    const target = { policyId: group.policyId, computerId: computer.computerId, name: computer.name };
    const advanced = {
      credentialKind: 'personal' as const,
      personalCredentialId,
      accessLevelId: group.accessLevels[0]?.id ?? null,
      mfaCode: null,
      authorization: null,
    };
    api.resources.terms({ policyId: group.policyId, computerId: computer.computerId, advanced }).then(
      (terms) => onChecked(target, terms, personalCredentialId),
      () => onRefused(group, computer),
    );
  };
}
