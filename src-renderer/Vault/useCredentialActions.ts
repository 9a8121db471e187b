import { useState } from 'react';
import type { PersonalCredential } from '@shared/common/api/vault';
import { copySecret } from './clipboard';
import { useApi } from '../bridge/apiContext';

/**
 * Reveal (toggles), Copy (cleared after the set time) and Delete (after a confirm) for the
 * personal credentials, with the one revealed secret and a note saying what happened.
 * Secrets come from main only on Reveal or Copy.
 */
export function useCredentialActions(onChanged: () => void) {
  const api = useApi();
  const [revealed, setRevealed] = useState<{ id: string; secret: string } | null>(null);
  const [note, setNote] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const run = async (work: () => Promise<void>) => {
    setNote(null);
    try {
      await work();
    } catch (error) {
      setNote({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  };
  const reveal = (c: PersonalCredential) =>
    run(async () => {
      if (revealed?.id === c.id) return setRevealed(null);
      setRevealed({ id: c.id, secret: (await api.vault.reveal({ id: c.id })).secret });
    });
  const copy = (c: PersonalCredential) =>
    run(async () => {
      const { value, clearAfterSeconds } = await api.vault.copy({ id: c.id });
      if (value !== null) await copySecret(value, clearAfterSeconds);
      setNote({
        tone: 'success',
        text: `Copied the ${c.kind === 'private-key' ? 'private key' : 'password'} of ${c.name}. The clipboard is cleared in ${clearAfterSeconds} s.`,
      });
    });
  const remove = (c: PersonalCredential) =>
    run(async () => {
      if (!window.confirm(`Delete the personal credential "${c.name}"?`)) return;
      await api.vault.remove({ id: c.id });
      onChanged();
    });
  return { revealed, note, reveal, copy, remove };
}
