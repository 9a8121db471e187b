import type { AppInfo } from '@shared/common/api/app';
import type { AuthState } from '@shared/common/api/auth';
import type { VaultState } from '@shared/common/api/vault';
import { GuacdBadge, StatusBadge } from '../ui/StatusBadge';
import type { PageKind } from '../ui/tabs';
import { checklistSteps } from './checklist';
import { GettingStarted } from './GettingStarted';
import { useChecklistCounts } from './useChecklist';

const steps = [
  { title: 'Sign in', text: 'With your organization account, through the control plane.' },
  { title: 'Unlock', text: 'Your credential vault, with your master password — also offline.' },
  { title: 'Connect', text: 'To a managed computer over RDP, SSH, VNC or Telnet. The password is never shown.' },
];

/** The first-run checklist with a control plane, until every step is done. */
function Checklist({
  info,
  auth,
  vault,
  firstSession,
  onOpen,
}: {
  info: AppInfo;
  auth: AuthState;
  vault: VaultState | null;
  firstSession: boolean;
  onOpen: (page: PageKind) => void;
}) {
  const counts = useChecklistCounts(auth, info.backend.status === 'ready');
  const steps = checklistSteps({
    backend: info.backend,
    signedIn: auth.status === 'signed-in',
    administrator: auth.person?.roles.includes('administrator') ?? false,
    ...counts,
    vault: vault?.status ?? null,
    firstSession,
  });
  return steps.every((s) => s.done) ? null : <GettingStarted steps={steps} onOpen={onOpen} />;
}

/** The backend's card: its state and detail, guacd's, the control plane's URL, and the way to Settings. */
function BackendCard({ backend, onOpenSettings }: { backend: AppInfo['backend']; onOpenSettings: () => void }) {
  return (
    <section className="card" aria-labelledby="backend-title">
      <h2 id="backend-title">Backend</h2>
      <StatusBadge state={backend} />
      <p data-testid="backend-detail">{backend.detail}</p>
      {backend.guacd && (
        <p>
          <GuacdBadge guacd={backend.guacd} /> <span data-testid="guacd-detail">{backend.guacd.detail}</span>
        </p>
      )}
      {backend.serverUrl && (
        <p className="muted">
          Control plane: <code>{backend.serverUrl}</code>
        </p>
      )}
      <button type="button" className="button secondary" onClick={onOpenSettings}>
        Change backend
      </button>
    </section>
  );
}

/** The first screen: the first-run checklist, what OpenPSM does, the way in, and whether the backend and guacd are ready. */
export function HomePage({
  info,
  auth,
  vault,
  firstSession,
  onOpen,
  onStart,
}: {
  info: AppInfo;
  auth: AuthState;
  vault: VaultState | null;
  firstSession: boolean;
  onOpen: (page: PageKind) => void;
  onStart: () => void;
}) {
  const { backend } = info;
  const needsSignIn = backend.mode !== 'direct';
  const signedIn = auth.status === 'signed-in';
  const onOpenSettings = () => onOpen('settings');
  return (
    <div className="home">
      {needsSignIn && <Checklist info={info} auth={auth} vault={vault} firstSession={firstSession} onOpen={onOpen} />}
      <section className="hero">
        <h1>Privileged sessions, recorded, without handing out passwords</h1>
        <p className="lead">
          OpenPSM opens audited remote sessions to the computers you manage. Credentials stay in the vault and are
          injected for you.
        </p>
        <ol className="steps">
          {steps.map((step, index) => (
            <li key={step.title} className="step">
              <span className="step-number" aria-hidden="true">
                {index + 1}
              </span>
              <div>
                <strong>{step.title}</strong>
                <p>{step.text}</p>
              </div>
            </li>
          ))}
        </ol>
      </section>

      <div className="cards">
        <BackendCard backend={backend} onOpenSettings={onOpenSettings} />

        <section className="card" aria-labelledby="start-title">
          <h2 id="start-title">{needsSignIn ? 'Sign in' : 'Direct mode'}</h2>
          {needsSignIn ? (
            <>
              <p>Sign in with your organization account to see the computers you may reach.</p>
              <button type="button" className="button primary" onClick={onStart}>
                {signedIn ? 'Open My Resources' : 'Sign in'}
              </button>
            </>
          ) : (
            <>
              <p>
                Direct mode needs no sign-in: sessions go straight to a guacd on this device, using computers you define
                on this device.
              </p>
              <button type="button" className="button primary" onClick={onStart}>
                Open computers
              </button>
            </>
          )}
        </section>
      </div>
    </div>
  );
}
