import { useState, type FormEvent } from 'react';
import type { BackendState } from '@shared/common/api/app';
import type { AuthState } from '@shared/common/api/auth';
import { Banner } from '../ui/Banner';
import { SetupForm } from './SetupForm';
import { useApi } from '../bridge/apiContext';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Shown instead of the sign-in while the control plane is starting or unreachable, with a way to Settings. */
function BackendUnavailable({ backend, onOpenSettings }: { backend: BackendState; onOpenSettings: () => void }) {
  return (
    <section className="card sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <Banner
        tone={backend.status === 'starting' ? 'info' : 'error'}
        title={
          backend.status === 'starting' ? 'Connecting to the control plane…' : 'The control plane is not available'
        }
      >
        {backend.detail}
      </Banner>
      <button type="button" className="button secondary" onClick={onOpenSettings}>
        Open Settings
      </button>
    </section>
  );
}

/** Sign-in with the control plane: opens its sign-in page (system browser or a new tab) and waits. */
export function SignInPage({
  auth,
  backend,
  onOpenSettings,
}: {
  auth: AuthState;
  backend: BackendState;
  onOpenSettings: () => void;
}) {
  const api = useApi();
  const [problem, setProblem] = useState<string | null>(null);
  const [pageUrl, setPageUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (backend.status !== 'ready') return <BackendUnavailable backend={backend} onOpenSettings={onOpenSettings} />;
  if (auth.needsSetup) return <SetupForm />;

  const start = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const { authorizationUrl, opened } = await api.auth.signIn({});
      setPageUrl(authorizationUrl);
      if (!opened) window.open(authorizationUrl, '_blank', 'noopener');
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p className="muted">
        {backend.mode === 'embedded' ? 'With the control plane built into this app' : 'With the control plane at'}{' '}
        <code>{backend.serverUrl}</code>
      </p>
      {auth.message && auth.status === 'signed-out' && (
        <Banner tone="error" title="You are signed out">
          {auth.message}
        </Banner>
      )}
      {problem && (
        <Banner tone="error" title="Sign-in could not start">
          {problem}
        </Banner>
      )}
      {auth.status === 'signing-in' ? (
        <>
          <p role="status">Finish signing in on the page that opened in your browser. This window updates by itself.</p>
          <div className="actions">
            {pageUrl && (
              <a className="button secondary" href={pageUrl} target="_blank" rel="noopener noreferrer">
                Open the sign-in page again
              </a>
            )}
            <button type="button" className="button secondary" onClick={() => void api.auth.signOut({})}>
              Cancel
            </button>
          </div>
        </>
      ) : (
        <button type="button" className="button primary" onClick={() => void start()} disabled={busy}>
          {busy ? 'Opening…' : 'Sign in'}
        </button>
      )}
    </section>
  );
}
