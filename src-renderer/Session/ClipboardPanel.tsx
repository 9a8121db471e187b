import { useState } from 'react';

/** Clipboard both ways, within the computer's rules: what the remote copied, and text to paste there. */
export function ClipboardPanel({
  remoteText,
  disableCopy,
  disablePaste,
  readOnly,
  onPaste,
}: {
  remoteText: string;
  disableCopy: boolean;
  disablePaste: boolean;
  readOnly: boolean;
  onPaste: (text: string) => void;
}) {
  const [text, setText] = useState('');
  return (
    <aside className="clipboard" aria-label="Clipboard">
      <label className="field">
        <span>Copied on the remote computer</span>
        {disableCopy ? (
          <small className="muted">Copying from this computer is disabled by its settings.</small>
        ) : (
          <textarea readOnly value={remoteText} data-testid="remote-clipboard" rows={3} />
        )}
      </label>
      {!readOnly && (
        <label className="field">
          <span>Paste to the remote computer</span>
          {disablePaste ? (
            <small className="muted">Pasting to this computer is disabled by its settings.</small>
          ) : (
            <>
              <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} data-testid="paste-text" />
              <button type="button" className="button secondary" onClick={() => onPaste(text)} disabled={text === ''}>
                Send to remote clipboard
              </button>
            </>
          )}
        </label>
      )}
    </aside>
  );
}
