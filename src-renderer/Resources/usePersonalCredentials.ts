import { useEffect, useState } from 'react';
import type { CredentialKind } from '@shared/common/api/controlPlane/policies';
import type { PersonalCredential } from '@shared/common/api/vault';
import { useApi } from '../bridge/apiContext';

/**
 * Advanced Mode's personal credential: once the personal kind is chosen and the vault is
 * unlocked, the vault's credentials for `computerId` (none on an error), and the chosen one
 * (the pre-filled one if it is among them, else the first).
 */
export function usePersonalCredentials(
  kind: CredentialKind,
  unlocked: boolean,
  computerId: string,
  prefilledId: string | null,
) {
  const api = useApi();
  const [personalId, setPersonalId] = useState<string | null>(prefilledId);
  const [personal, setPersonal] = useState<PersonalCredential[] | null>(null);

  useEffect(() => {
    if (kind !== 'personal' || !unlocked) return;
    let live = true;
    api.vault.list({}).then(
      ({ credentials }) => {
        if (!live) return;
        const mine = credentials.filter((c) => c.computers.some((x) => x.id === computerId));
        setPersonal(mine);
        setPersonalId((id) => (id && mine.some((c) => c.id === id) ? id : (mine[0]?.id ?? id)));
      },
      () => live && setPersonal([]),
    );
    return () => {
      live = false;
    };
  }, [api, kind, unlocked, computerId]);

  return { personal, personalId, setPersonalId };
}
