import { useState, type FormEvent } from 'react';
import type { BackendState } from '@shared/common/api/app';
import type { BackendMode, Settings } from '@shared/common/api/settings';
import { OpenPsmError } from '@shared/common/errors';
import { GuacdSettings } from '../Computers/GuacdSettings';
import { ThemeSetting } from './ThemeSetting';
import { Banner } from '../ui/Banner';
import { modeLabels } from '../ui/StatusBadge';
import { useApi } from '../bridge/apiContext';

const modeHelp: Record<BackendMode, string> = {
  embedded: 'The control plane runs inside OpenPSM on this device. One administrator, nothing else to install.',
  remote: "Your organization's OpenPSM server. You sign in to it; sessions go through its gateway.",
  direct: 'No control plane and no sign-in: computers defined on this device go straight to a guacd on loopback.',
};

type Status =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'error'; message: string; path: string | undefined };

/** Backend mode, server URL and log level. What the user typed stays in the form until it is saved. */
export function SettingsPage({
  settings,
  backend,
  onSaved,
}: {
  settings: Settings;
  backend: BackendState;
  onSaved: (next: Settings) => void;
}) {
  const api = useApi();
  const [mode, setMode] = useState<BackendMode>(settings.backend.mode);
  const [serverUrl, setServerUrl] = useState(settings.backend.serverUrl ?? '');
  const [logLevel, setLogLevel] = useState(settings.logLevel);
  const shownIdle = String(Math.max(1, Math.round(settings.vault.idleLockSeconds / 60)));
  const [idleMinutes, setIdleMinutes] = useState(shownIdle);
  const [clipboardSeconds, setClipboardSeconds] = useState(String(settings.vault.clipboardClearSeconds));
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setStatus({ kind: 'saving' });
    try {
      // The idle time is typed in minutes; a finer value from the settings file stays unless changed here.
      const idleLockSeconds = idleMinutes === shownIdle ? settings.vault.idleLockSeconds : Number(idleMinutes) * 60;
      const next = await api.settings.update({
        backend: { mode, serverUrl: serverUrl.trim() === '' ? null : serverUrl.trim() },
        logLevel,
        vault: { idleLockSeconds, clipboardClearSeconds: Number(clipboardSeconds) },
      });
      onSaved(next);
      setStatus({ kind: 'saved' });
    } catch (error) {
      const path = error instanceof OpenPsmError ? error.path : undefined;
      setStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error), path });
    }
  };
  const urlError = status.kind === 'error' && status.path?.startsWith('backend.serverUrl') ? status.message : null;

  return (
    <>
      <form className="settings" onSubmit={(e) => void save(e)} noValidate>
        <h1>Settings</h1>
        {status.kind === 'saved' && <Banner tone="success" title="Settings saved" />}
        {status.kind === 'error' && !urlError && (
          <Banner tone="error" title="Settings not saved">
            {status.message}
          </Banner>
        )}

        <BackendFields
          mode={mode}
          serverUrl={serverUrl}
          urlError={urlError}
          backend={backend}
          onMode={setMode}
          onServerUrl={setServerUrl}
        />

        <VaultFields
          idleMinutes={idleMinutes}
          clipboardSeconds={clipboardSeconds}
          invalidPath={status.kind === 'error' ? status.path : undefined}
          onIdleMinutes={setIdleMinutes}
          onClipboardSeconds={setClipboardSeconds}
        />
        <DiagnosticsFields logLevel={logLevel} onChange={setLogLevel} />

        <div className="actions">
          <button type="submit" className="button primary" disabled={status.kind === 'saving'}>
            {status.kind === 'saving' ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>
      <ThemeSetting settings={settings} onSaved={onSaved} />
      {/* The built-in control plane's gateway reaches guacd at this address (read at each connection). */}
      {backend.mode === 'embedded' && <GuacdSettings settings={settings} />}
    </>
  );
}

/** The backend mode choice, the server URL (with the save's error about it) and the connection in use. */
function BackendFields({
  mode,
  serverUrl,
  urlError,
  backend,
  onMode,
  onServerUrl,
}: {
  mode: BackendMode;
  serverUrl: string;
  urlError: string | null;
  backend: BackendState;
  onMode: (mode: BackendMode) => void;
  onServerUrl: (url: string) => void;
}) {
  return (
    <fieldset className="card">
      <legend>Backend</legend>
      <div className="mode-options">
        {(Object.keys(modeLabels) as BackendMode[]).map((option) => (
          <label key={option} className={mode === option ? 'mode-option selected' : 'mode-option'}>
            <input type="radio" name="mode" value={option} checked={mode === option} onChange={() => onMode(option)} />
            <span>
              <strong>{modeLabels[option]}</strong>
              <small>{modeHelp[option]}</small>
            </span>
          </label>
        ))}
      </div>
      <label className="field">
        <span>Control-plane server URL {mode === 'remote' ? '(required)' : '(remote mode only)'}</span>
        <input
          type="url"
          name="serverUrl"
          placeholder="https://psm.example.com"
          value={serverUrl}
          onChange={(e) => onServerUrl(e.target.value)}
          disabled={mode !== 'remote'}
          aria-invalid={urlError !== null}
          aria-describedby={urlError ? 'server-url-error' : undefined}
        />
        {urlError && (
          <span id="server-url-error" className="field-error" role="alert">
            {urlError}
          </span>
        )}
      </label>
      <ConnectionStatus backend={backend} />
    </fieldset>
  );
}

const tlsLabels = {
  none: 'Not encrypted (http)',
  valid: 'Valid certificate',
  'name-mismatch': 'Certificate name mismatch',
  untrusted: 'Untrusted certificate',
  error: 'No TLS answer',
} as const;

/** The control plane in use and its TLS, with a certificate problem explained. */
function ConnectionStatus({ backend }: { backend: BackendState }) {
  if (backend.mode === 'direct') return null;
  return (
    <div className="connection" data-testid="tls-status">
      <strong>Connection</strong>
      {backend.mode === 'embedded' ? (
        <p className="muted">Built into this app, on this device only (loopback): nothing leaves this computer.</p>
      ) : backend.tls ? (
        <p className={backend.tls.status === 'valid' || backend.tls.status === 'none' ? 'muted' : 'field-error'}>
          TLS: {tlsLabels[backend.tls.status]}. {backend.tls.detail}
        </p>
      ) : (
        <p className="muted">{backend.detail}</p>
      )}
    </div>
  );
}

/** The vault's idle lock (in minutes) and clipboard clearing (in seconds), marked invalid when the save names them. */
function VaultFields({
  idleMinutes,
  clipboardSeconds,
  invalidPath,
  onIdleMinutes,
  onClipboardSeconds,
}: {
  idleMinutes: string;
  clipboardSeconds: string;
  invalidPath: string | undefined;
  onIdleMinutes: (value: string) => void;
  onClipboardSeconds: (value: string) => void;
}) {
  return (
    <fieldset className="card">
      <legend>Vault</legend>
      <label className="field">
        <span>Lock the vault after this many minutes without activity</span>
        <input
          type="number"
          name="idleLockMinutes"
          min={1}
          max={1440}
          step={1}
          value={idleMinutes}
          onChange={(e) => onIdleMinutes(e.target.value)}
          aria-invalid={invalidPath === 'vault.idleLockSeconds'}
        />
      </label>
      <label className="field">
        <span>Clear a copied password from the clipboard after this many seconds</span>
        <input
          type="number"
          name="clipboardClearSeconds"
          min={1}
          max={600}
          step={1}
          value={clipboardSeconds}
          onChange={(e) => onClipboardSeconds(e.target.value)}
          aria-invalid={invalidPath === 'vault.clipboardClearSeconds'}
        />
      </label>
    </fieldset>
  );
}

/** The log level; secrets are never logged at any level. */
function DiagnosticsFields({
  logLevel,
  onChange,
}: {
  logLevel: Settings['logLevel'];
  onChange: (level: Settings['logLevel']) => void;
}) {
  return (
    <fieldset className="card">
      <legend>Diagnostics</legend>
      <label className="field">
        <span>Log level</span>
        <select name="logLevel" value={logLevel} onChange={(e) => onChange(e.target.value as Settings['logLevel'])}>
          <option value="error">Errors only</option>
          <option value="warn">Warnings</option>
          <option value="info">Information</option>
          <option value="debug">Debug</option>
        </select>
        <small className="muted">Secrets are never written to the log, at any level.</small>
      </label>
    </fieldset>
  );
}
