import { useMemo, useState } from 'react';
import type { ResourceGroup } from '@shared/common/api/controlPlane/resources';
import { Banner } from '../ui/Banner';
import type { AdvancedStart } from './AdvancedPage';
import { ConnectMenu } from './ConnectMenu';
import type { ConnectTarget } from './TermsPage';
import { useResourceList } from './useResourceList';

const blockedText = {
  RDP_PROXY_DISABLED:
    'RDP is switched off on this server (RDP proxy setting), so no session can start. Ask an administrator.',
};
const connectText = {
  RDP_PROXY_DISABLED: 'RDP is switched off on this server.',
  CONNECT_NEEDS_CHOICE: 'This policy needs a choice first (MFA or a credential): use Advanced Mode.',
  NO_SHARED_CREDENTIAL: 'No shared credential for this computer: use Advanced Mode with a personal credential.',
  ACCESS_LEVEL_REQUIRED: 'This policy offers you more than one access level: choose one in Advanced Mode.',
  ACCESS_LEVEL_NOT_ASSIGNED: "None of this policy's access levels is assigned to your groups. Ask an administrator.",
  ACCESS_LEVEL_NOT_APPROVED: 'Your access level needs a grant, and you have none. Ask an access manager for a grant.',
  GRANT_EXPIRED: 'Your grant for this access level has ended. Ask an access manager for a new grant.',
};
const protocols = ['ssh', 'rdp', 'vnc', 'telnet'] as const;

/** My Resources: the computers the person may reach, grouped by access request policy, with search and filter. */
export function ResourcesPage({
  onConnect,
  onAdvanced,
}: {
  onConnect: (target: ConnectTarget) => void;
  onAdvanced: (start: AdvancedStart) => void;
}) {
  const { data, problem, retry } = useResourceList();
  const [query, setQuery] = useState('');
  const [protocol, setProtocol] = useState<'all' | (typeof protocols)[number]>('all');

  // The filtered view keeps only matching rows; Advanced Mode gets the whole policy.
  const original = (g: ResourceGroup) => data?.groups.find((x) => x.policyId === g.policyId) ?? g;
  const groups = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return (data?.groups ?? [])
      .map((g) => ({
        ...g,
        computers: g.computers.filter(
          (c) =>
            (protocol === 'all' || c.protocol === protocol) &&
            (!needle || `${c.name} ${c.host} ${g.policyName}`.toLowerCase().includes(needle)),
        ),
      }))
      .filter((g) => g.computers.length > 0);
  }, [data, query, protocol]);

  return (
    <div className="resources">
      <h1>My Resources</h1>
      <div className="resource-filters">
        <label className="field">
          <span>Search</span>
          <input
            type="search"
            name="search"
            placeholder="Name, host or policy"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Protocol</span>
          <select name="protocol" value={protocol} onChange={(e) => setProtocol(e.target.value as typeof protocol)}>
            <option value="all">All</option>
            {protocols.map((p) => (
              <option key={p} value={p}>
                {p.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
      </div>
      {problem && (
        <Banner tone="error" title="My Resources could not be loaded">
          {problem}{' '}
          <button type="button" className="button secondary" onClick={retry}>
            Try again
          </button>
        </Banner>
      )}
      {!data && !problem && <p role="status">Loading…</p>}
      {data && groups.length === 0 && (
        <p role="status">
          {data.groups.length === 0
            ? 'No access request policy gives you a computer yet. Ask an administrator.'
            : 'Nothing matches the search.'}
        </p>
      )}
      {groups.map((group) => (
        <PolicyResources
          key={group.policyId}
          group={group}
          onConnect={onConnect}
          onAdvanced={(c) =>
            onAdvanced({ group: original(group), computer: c, mfaEnrolled: data?.mfaEnrolled ?? false })
          }
        />
      ))}
    </div>
  );
}

/** A row's status: whether the gateway reached the computer's port lately (a cached check on the server). */
function Reachability({ value }: { value: ResourceGroup['computers'][number]['reachability'] }) {
  if (value === 'reachable')
    return (
      <span className="status status-ready" data-testid="reachability">
        <span className="status-dot" aria-hidden="true" />
        Reachable
      </span>
    );
  if (value === 'unreachable')
    return (
      <span
        className="status status-unreachable"
        data-testid="reachability"
        title="The gateway could not connect to this computer's port just now."
      >
        <span className="status-dot" aria-hidden="true" />
        Not reachable
      </span>
    );
  return (
    <span className="muted" data-testid="reachability">
      Not checked
    </span>
  );
}

/** One access request policy's card: its computers, each with its status and Connect (or why not). */
function PolicyResources({
  group,
  onConnect,
  onAdvanced,
}: {
  group: ResourceGroup;
  onConnect: (target: ConnectTarget) => void;
  onAdvanced: (computer: ResourceGroup['computers'][number]) => void;
}) {
  return (
    <section className="card" aria-label={`Policy ${group.policyName}`}>
      <h2>{group.policyName}</h2>
      <p className="muted">
        Credentials: {group.credentialKinds.join(', ')}
        {group.mfaRequired ? ' · MFA required' : ''}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Computer</th>
            <th scope="col">Protocol</th>
            <th scope="col">Host</th>
            <th scope="col">Policy</th>
            <th scope="col">Status</th>
            <th scope="col">Session</th>
          </tr>
        </thead>
        <tbody>
          {group.computers.map((c) => (
            <tr key={c.computerId} data-testid="resource-row">
              <th scope="row">{c.name}</th>
              <td>{c.protocol.toUpperCase()}</td>
              <td>
                {c.host}:{c.port}
              </td>
              <td>{group.policyName}</td>
              <td>
                {c.blockedReason ? (
                  <span className="field-error" data-code={c.blockedReason}>
                    {blockedText[c.blockedReason]}
                  </span>
                ) : (
                  <Reachability value={c.reachability} />
                )}
              </td>
              <td>
                {c.blockedReason === null && (
                  <ConnectMenu
                    name={c.name}
                    problem={c.connectProblem ? connectText[c.connectProblem] : null}
                    describedBy={c.connectProblem ? `why-${c.computerId}` : undefined}
                    onConnect={() => onConnect({ policyId: group.policyId, computerId: c.computerId, name: c.name })}
                    onAdvanced={() => onAdvanced(c)}
                  />
                )}
                {c.blockedReason === null && c.connectProblem && (
                  <small id={`why-${c.computerId}`} className="muted connect-why" data-code={c.connectProblem}>
                    {connectText[c.connectProblem]}
                  </small>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
