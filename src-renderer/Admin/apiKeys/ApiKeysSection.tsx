import { useCallback, useEffect, useRef, useState } from 'react';
import type { AdminResult } from '@shared/common/api/admin';
import { CodedError } from '../../ui/CodedError';
import { useAdmin } from '../useAdmin';
import { ApiKeyForm } from './ApiKeyForm';
import { formProblem, type FormProblem } from '../formProblem';
import { ServiceAccountForm } from './ServiceAccountForm';

type Listing = AdminResult<'apiKeys.list'>;
type Key = Listing['keys'][number];

const when = (at: string | null) => (at ? new Date(at).toLocaleString() : 'never');

function statusOf(key: Key): string {
  if (key.revokedAt) return 'revoked';
  return Date.parse(key.expiresAt) <= Date.now() ? 'expired' : 'active';
}

/** API keys for automation: service accounts, their keys (each shown once), last use, revocation. */
export function ApiKeysSection() {
  const admin = useAdmin();
  const [listing, setListing] = useState<Listing | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  const [search, setSearch] = useState('');
  // Done and Revoke go once pressed, with the focus: it goes to the key search, just above the list.
  const searchField = useRef<HTMLInputElement>(null);
  const reload = useCallback(() => {
    admin('apiKeys.list').then(setListing, (e: unknown) => setProblem(formProblem(e)));
  }, [admin]);
  useEffect(reload, [reload]);
  const revoke = async (key: Key) => {
    try {
      await admin('apiKeys.revoke', { params: { id: key.id } });
      searchField.current?.focus();
      setProblem(null);
      reload();
    } catch (error) {
      setProblem(formProblem(error));
    }
  };
  const keys = (listing?.keys ?? []).filter((k) =>
    `${k.name} ${k.username}`.toLowerCase().includes(search.toLowerCase()),
  );
  return (
    <section aria-label="API keys">
      <h2>API keys</h2>
      <p>
        A key acts as a service account, within the key&apos;s roles, on administration and audit routes only (never
        sessions or vaults). Send it as <code>Authorization: Bearer &lt;key&gt;</code>.
      </p>
      <ServiceAccountForm onCreated={reload} />
      <ApiKeyForm
        accounts={listing?.serviceAccounts ?? []}
        onCreated={(created) => {
          setShown(created);
          reload();
        }}
      />
      {shown && (
        <div className="banner" role="status" aria-label="New API key value">
          Copy the key &quot;{shown.name}&quot; now: it is shown only once.{' '}
          <code data-testid="new-api-key">{shown.key}</code>{' '}
          <button type="button" onClick={() => (setShown(null), searchField.current?.focus())}>
            Done
          </button>
        </div>
      )}
      <CodedError problem={problem} testId="api-keys-error" />
      <label className="field">
        Search keys
        <input ref={searchField} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      {listing === null && !problem && <p>Loading the API keys…</p>}
      {listing && <KeyTable keys={keys} onRevoke={(k) => void revoke(k)} />}
    </section>
  );
}

function KeyTable({ keys, onRevoke }: { keys: Key[]; onRevoke(key: Key): void }) {
  return (
    <table className="table" aria-label="Keys">
      <thead>
        <tr>
          <th>Name</th>
          <th>Service account</th>
          <th>Roles</th>
          <th>Expires</th>
          <th>Last used</th>
          <th>Status</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k.id}>
            <td>{k.name}</td>
            <td>{k.username}</td>
            <td>{k.roles.join(', ')}</td>
            <td>{when(k.expiresAt)}</td>
            <td data-testid={`last-used-${k.name}`}>{when(k.lastUsedAt)}</td>
            <td>{statusOf(k)}</td>
            <td>
              {!k.revokedAt && (
                <button type="button" onClick={() => onRevoke(k)}>
                  Revoke {k.name}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
