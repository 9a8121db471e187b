import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '@shared/common/api/bridge';
import { App } from './App';
import { ApiProvider } from './bridge/apiContext';
import { connect } from './bridge/launch';
import { LaunchProblem } from './Home/LaunchProblem';
import './ui/theme.css';
import './ui/styles.css';
import './ui/admin.css';
import './ui/overlays.css';
import './ui/a11y.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

void connect().then((connection) => {
  if (connection.kind === 'no-secret' || connection.kind === 'refused') {
    root.render(<LaunchProblem reason={connection.kind} />);
    return;
  }
  const api = createApiClient(connection.bridge);
  root.render(
    <StrictMode>
      <ApiProvider api={api}>
        <App
          onDisconnect={connection.kind === 'browser-host' ? (fn) => connection.socket.onClose(fn) : undefined}
          attachSession={connection.kind === 'desktop' ? connection.bridge.attachSession : undefined}
        />
      </ApiProvider>
    </StrictMode>,
  );
});
