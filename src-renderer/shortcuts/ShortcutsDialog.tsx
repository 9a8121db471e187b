import { Modal } from '../ui/Modal';
import { shortcutList, type KeyHost } from './keyMap';

/** The `?` dialog: the shortcuts of this host (the desktop app's or the browser host's). */
export function ShortcutsDialog({ host, onClose }: { host: KeyHost; onClose: () => void }) {
  return (
    <Modal label="Keyboard shortcuts" onClose={onClose}>
      <h2>Keyboard shortcuts</h2>
      <table className="table shortcuts-table">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {shortcutList(host).map((s) => (
            <tr key={s.keys}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="button primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Modal>
  );
}

/** Asked before a shortcut closes a live session's tab (which ends the session). */
export function CloseSessionDialog({
  name,
  onEnd,
  onCancel,
}: {
  name: string;
  onEnd: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal label={`End the session on ${name}?`} onClose={onCancel}>
      <h2>End the session on {name}?</h2>
      <p>The session is live: closing its tab ends it.</p>
      <div className="actions">
        <button type="button" className="button primary" onClick={onEnd}>
          End session
        </button>
        <button type="button" className="button secondary" onClick={onCancel} autoFocus>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
