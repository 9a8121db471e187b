import { useMemo, useState } from 'react';
import type { ResourceGroup } from '@shared/common/api/controlPlane/resources';
import type { Terms } from '@shared/common/api/gateway';
import { Banner } from '../ui/Banner';
import type { AdvancedStart } from './AdvancedPage';
import { ConnectMenu } from './ConnectMenu';
import type { ConnectTarget } from './TermsPage';
import { personalOneClick, usePersonalConnect, useVaultCredentials } from './personalOneClick';
import { AccessWindows, RequestAccessForm } from './RequestAccessForm';
import { ReachabilityStatus } from './ReachabilityStatus';
import { useResourceList } from './useResourceList';

type Computer = ResourceGroup['computers'][number];

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
type ProtocolFilter = 'all' | (typeof protocols)[number];

/** My Resources: the computers the person may reach, grouped by access request policy, with search and filter. */
export function ResourcesPage({
  vaultUnlocked,
  onConnect,
  onConnectPersonal,
  onAdvanced,
  onRequested = () => undefined,
}: {
  vaultUnlocked: boolean;
  onConnect: (target: ConnectTarget) => void;
  /** A one-click Connect with the vault's one fitting personal credential: the server checked it and gave the terms. */
  onConnectPersonal: (target: ConnectTarget, terms: Terms, personalCredentialId: string) => void;
  onAdvanced: (start: AdvancedStart) => void;
  /** An access request was sent (the header offers Requests from then on). */
  onRequested?: () => void;
}) {
  const { data, problem, retry } = useResourceList();
  const credentials = useVaultCredentials(vaultUnlocked);
  const advanced = (group: ResourceGroup, computer: Computer) =>
    onAdvanced({ group, computer, mfaEnrolled: data?.mfaEnrolled ?? false });
  // Personal credentials only, and one in the vault fits: Connect checks it and goes on to the terms.
  const connectPersonal = usePersonalConnect(onConnectPersonal, advanced);
  const [query, setQuery] = useState('');
  const [protocol, setProtocol] = useState<ProtocolFilter>('all');

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
      <ResourceFilters query={query} setQuery={setQuery} protocol={protocol} setProtocol={setProtocol} />
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
          personalFor={(c) => personalOneClick(original(group), c, credentials)}
          onConnect={onConnect}
          onConnectPersonal={(c, id) => connectPersonal(original(group), c, id)}
          onAdvanced={(c) => advanced(original(group), c)}
          onRequested={onRequested}
        />
      ))}
    </div>
  );
}

/** One access request policy's card: its computers, each with its status and Connect (or why not). */
function PolicyResources({
  group,
  personalFor,
  onConnect,
  onConnectPersonal,
  onAdvanced,
  onRequested,
}: {
  group: ResourceGroup;
  /** The personal credential a one-click Connect uses on this computer, or null. */
  personalFor: (computer: Computer) => string | null;
  onConnect: (target: ConnectTarget) => void;
  onConnectPersonal: (computer: Computer, personalCredentialId: string) => void;
  onAdvanced: (computer: Computer) => void;
  onRequested: () => void;
}) {
  const [requesting, setRequesting] = useState<Computer | null>(null);
  return (
    <section className="card" aria-label={`Policy ${group.policyName}`}>
      <h2>{group.policyName}</h2>
      <p className="muted">
        Credentials: {group.credentialKinds.join(', ')}
        {group.mfaRequired ? ' · MFA required' : ''}
        {group.requests ? ' · takes access requests' : ''}
      </p>
      <AccessWindows group={group} />
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
            <ResourceRow
              key={c.computerId}
              group={group}
              computer={c}
              personal={personalFor(c)}
              onConnect={onConnect}
              onConnectPersonal={onConnectPersonal}
              onAdvanced={onAdvanced}
              onRequest={() => setRequesting(c)}
            />
          ))}
        </tbody>
      </table>
      {requesting && (
        <RequestAccessForm
          key={requesting.computerId}
          group={group}
          computer={requesting}
          onSent={onRequested}
          onClose={() => setRequesting(null)}
        />
      )}
    </section>
  );
}

/** One computer's row: its status, Connect (or why not) and, where the policy takes them, Request access. */
function ResourceRow({
  group,
  computer: c,
  personal,
  onConnect,
  onConnectPersonal,
  onAdvanced,
  onRequest,
}: {
  group: ResourceGroup;
  computer: Computer;
  personal: string | null;
  onConnect: (target: ConnectTarget) => void;
  onConnectPersonal: (computer: Computer, personalCredentialId: string) => void;
  onAdvanced: (computer: Computer) => void;
  onRequest: () => void;
}) {
  const why = personal ? null : c.connectProblem;
  return (
    <tr data-testid="resource-row">
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
          <ReachabilityStatus value={c.reachability} />
        )}
      </td>
      <td>
        {c.blockedReason === null && (
          <ConnectMenu
            name={c.name}
            problem={why ? connectText[why] : null}
            describedBy={why ? `why-${c.computerId}` : undefined}
            onConnect={() =>
              personal
                ? onConnectPersonal(c, personal)
                : onConnect({ policyId: group.policyId, computerId: c.computerId, name: c.name })
            }
            onAdvanced={() => onAdvanced(c)}
          />
        )}
        {c.blockedReason === null && why && (
          <small id={`why-${c.computerId}`} className="muted connect-why" data-code={why}>
            {connectText[why]}
          </small>
        )}
        {group.requests && (
          <button
            type="button"
            className="button secondary"
            aria-label={`Request access to ${c.name}`}
            onClick={onRequest}
          >
            Request access
          </button>
        )}
      </td>
    </tr>
  );
}

/** My Resources' search box and protocol filter. */
function ResourceFilters({
  query,
  setQuery,
  protocol,
  setProtocol,
}: {
  query: string;
  setQuery: (query: string) => void;
  protocol: ProtocolFilter;
  setProtocol: (protocol: ProtocolFilter) => void;
}) {
  return (
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
        <select name="protocol" value={protocol} onChange={(e) => setProtocol(e.target.value as ProtocolFilter)}>
          <option value="all">All</option>
          {protocols.map((p) => (
            <option key={p} value={p}>
              {p.toUpperCase()}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
