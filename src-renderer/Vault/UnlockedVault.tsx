import { useCallback, useEffect, useState } from 'react';
import type { PersonalCredential, VaultState } from '@shared/common/api/vault';
import { Banner } from '../ui/Banner';
import { ChangePasswordForm } from './ChangePasswordForm';
import { CredentialForm } from './CredentialForm';
import { CredentialList } from './CredentialList';
import { useApi } from '../bridge/apiContext';

type Mode = { kind: 'list' } | { kind: 'edit'; credential: PersonalCredential | null } | { kind: 'password' };

/** The open vault: the personal credentials, the editor, the password change and the lock controls. */
export function UnlockedVault({ vault }: { vault: VaultState }) {
  const api = useApi();
  const [credentials, setCredentials] = useState<PersonalCredential[] | null>(null);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    api.vault.list({}).then(
      (r) => live && setCredentials(r.credentials),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, version, vault.pendingChanges, vault.conflicts.length]);

  if (mode.kind === 'edit') {
    return (
      <CredentialForm
        editing={mode.credential}
        onDone={() => {
          setMode({ kind: 'list' });
          reload();
        }}
      />
    );
  }
  if (mode.kind === 'password') {
    return (
      <ChangePasswordForm
        onDone={(changed) => {
          setMode({ kind: 'list' });
          setNotice(changed ? 'Your master password was changed. Use the new one from now on.' : null);
        }}
      />
    );
  }
  return (
    <section className="card" aria-label="Personal credentials">
      <VaultHead
        onAdd={() => setMode({ kind: 'edit', credential: null })}
        onChangePassword={() => setMode({ kind: 'password' })}
        onLock={() => void api.vault.lock({})}
      />
      {notice && (
        <Banner tone="success" title="Done">
          {notice}
        </Banner>
      )}
      {vault.pendingChanges > 0 && !vault.offline && (
        <p role="status">Sending {vault.pendingChanges} change(s) to the server…</p>
      )}
      {vault.remembered && (
        <p className="muted">
          Unlock is one click on this device.{' '}
          <button type="button" className="button secondary" onClick={() => void api.vault.forget({})}>
            Stop remembering
          </button>
        </p>
      )}
      {credentials ? (
        <CredentialList
          credentials={credentials}
          onEdit={(c) => setMode({ kind: 'edit', credential: c })}
          onChanged={reload}
        />
      ) : (
        <p role="status">Loading…</p>
      )}
    </section>
  );
}

/** The vault's title with its Add credential, Change master password and Lock buttons. */
function VaultHead({
  onAdd,
  onChangePassword,
  onLock,
}: {
  onAdd: () => void;
  onChangePassword: () => void;
  onLock: () => void;
}) {
  return (
    <div className="vault-head">
      <h1>Personal credentials</h1>
      <span className="spacer" />
      <button type="button" className="button primary" onClick={onAdd}>
        Add credential
      </button>
      <button type="button" className="button secondary" onClick={onChangePassword}>
        Change master password
      </button>
      <button type="button" className="button secondary" onClick={onLock} title="Lock the vault (Ctrl+Shift+L)">
        Lock vault
      </button>
    </div>
  );
}
