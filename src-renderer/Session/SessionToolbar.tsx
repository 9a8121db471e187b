import type { OpenedSession } from '@shared/common/api/sessions';

/** The session tab's toolbar: title, protocol, connection state, Ctrl+Alt+Del (RDP and VNC), watch, and End session (Stop watching for a watcher). */
export function SessionToolbar({
  opened,
  title,
  connected,
  over,
  onCtrlAltDel,
  onWatch,
  onClose,
}: {
  opened: OpenedSession;
  title: string;
  connected: boolean;
  over: boolean;
  onCtrlAltDel: () => void;
  onWatch?: (() => void) | undefined;
  onClose: () => void;
}) {
  return (
    <div className="session-toolbar">
      <h1 className="session-title">{title}</h1>
      <span className="muted">
        {opened.protocol.toUpperCase()}
        {opened.readOnly ? ' · watching, read-only' : ''}
      </span>
      <span
        className={`status status-${connected ? 'ready' : over ? 'unreachable' : 'starting'}`}
        data-testid="session-state"
      >
        <span className="status-dot" aria-hidden="true" />
        {connected ? 'Connected' : over ? 'Ended' : 'Connecting…'}
      </span>
      <span className="spacer" />
      {!opened.readOnly && (opened.protocol === 'rdp' || opened.protocol === 'vnc') && (
        <button type="button" className="button secondary" onClick={onCtrlAltDel} disabled={!connected}>
          Send Ctrl+Alt+Del
        </button>
      )}
      {onWatch && (
        <button type="button" className="button secondary" onClick={onWatch} disabled={!connected}>
          Watch read-only
        </button>
      )}
      {!over && (
        <button type="button" className="button secondary" onClick={onClose}>
          {opened.readOnly ? 'Stop watching' : 'End session'}
        </button>
      )}
    </div>
  );
}
