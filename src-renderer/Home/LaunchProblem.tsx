import '../ui/styles.css';

/** Shown when the browser host cannot be used from this tab: no launch secret, or a refused one. */
export function LaunchProblem({ reason }: { reason: 'no-secret' | 'refused' }) {
  return (
    <main className="launch-problem">
      <img src="./logo.svg" alt="" width={48} height={48} />
      <h1>Open OpenPSM from its launch link</h1>
      <p role="alert">
        {reason === 'no-secret'
          ? 'This page was opened without the launch link, so it cannot reach OpenPSM.'
          : 'OpenPSM refused this page: its launch link is from another start of OpenPSM.'}
      </p>
      <p>
        Start OpenPSM with <code>npm start</code> and open the address it prints (
        <code>OpenPSM is running at http://127.0.0.1:…</code>).
      </p>
    </main>
  );
}
