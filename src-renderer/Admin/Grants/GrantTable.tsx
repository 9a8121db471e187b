import { useRef, useState } from 'react';
import type { Grant } from '@shared/common/api/controlPlane/grants';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { shownTime } from '../Credentials/CredentialRow';
import { useAdmin } from '../useAdmin';

const stateText: Record<Grant['state'], string> = {
  scheduled: 'Starts later',
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

/** One list of grants: person, level or policy, window, source, who granted it, and its state. */
export function GrantTable({
  label,
  grants,
  empty,
  onChanged,
}: {
  label: string;
  grants: Grant[];
  empty: string;
  onChanged: () => void;
}) {
  // A revoked grant leaves this list, with the focused button: the focus goes to the list's heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const revoked = () => (heading.current?.focus(), onChanged());
  return (
    <>
      <h3 ref={heading} tabIndex={-1}>
        {label}
      </h3>
      {grants.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <table className="table" aria-label={label}>
          <thead>
            <tr>
              <th>Person</th>
              <th>Access</th>
              <th>Start</th>
              <th>End</th>
              <th>Source</th>
              <th>Granted by</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {grants.map((g) => (
              <GrantRow key={g.id} grant={g} onRevoked={revoked} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** A grant's row, with Revoke (asked to confirm) while it is active or to come. */
function GrantRow({ grant: g, onRevoked }: { grant: Grant; onRevoked: () => void }) {
  const admin = useAdmin();
  const [confirming, setConfirming] = useState(false);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const access = g.accessLevelName ? `${g.accessLevelName} (${g.policyName})` : `${g.policyName} (every level)`;
  const revoke = async () => {
    try {
      await admin('grants.revoke', { params: { id: g.id }, body: {} });
      setConfirming(false);
      onRevoked();
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  const open = g.state === 'active' || g.state === 'scheduled';
  return (
    <>
      <tr aria-label={`Grant of ${access} to ${g.username}`}>
        <td>
          {g.displayName} ({g.username})
        </td>
        <td>{access}</td>
        <td>{shownTime(g.startsAt)}</td>
        <td>{shownTime(g.endsAt)}</td>
        <td>{g.source === 'manual' ? 'Manual' : 'Request'}</td>
        <td>{g.grantedBy}</td>
        <td data-state={g.state}>
          {stateText[g.state]}
          {g.revokedBy ? ` by ${g.revokedBy}` : ''}
        </td>
        <td>
          {open && (
            <button ref={revokeButton} type="button" className="button danger" onClick={() => setConfirming(true)}>
              Revoke
            </button>
          )}
        </td>
      </tr>
      {confirming && (
        <tr>
          <td colSpan={8}>
            <CodedError problem={problem} testId="grant-revoke-error" />
            <div role="group" aria-label="Confirm revoke">
              <p>
                Revoke {g.username}&apos;s grant of {access}? Sessions running under it end now, and Connect needs a new
                grant.
              </p>
              <button type="button" className="button danger" onClick={() => void revoke()}>
                Revoke grant
              </button>
              <button
                type="button"
                className="button secondary"
                onClick={() => (setConfirming(false), revokeButton.current?.focus())}
              >
                Cancel
              </button>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
