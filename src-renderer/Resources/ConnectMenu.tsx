import { useEffect, useRef, useState } from 'react';

/**
 * Connect with a dropdown holding Advanced Mode (seed 000). Connect is greyed out, with the
 * reason, when a one-click start is impossible; Advanced Mode stays open then.
 */
export function ConnectMenu({
  name,
  problem,
  describedBy,
  onConnect,
  onAdvanced,
}: {
  name: string;
  problem: string | null;
  describedBy: string | undefined;
  onConnect: () => void;
  onAdvanced: () => void;
}) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (event: MouseEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);
  return (
    <span className="split-button" ref={box}>
      <button
        type="button"
        className="button primary"
        disabled={problem !== null}
        title={problem ?? `Connect to ${name} with the policy's shared credential`}
        aria-label={`Connect to ${name}`}
        aria-describedby={describedBy}
        onClick={onConnect}
      >
        Connect
      </button>
      <button
        type="button"
        className="button primary split-toggle"
        aria-label={`Connection options for ${name}`}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        ▾
      </button>
      {open && (
        <span role="menu" className="split-menu">
          <button
            type="button"
            role="menuitem"
            autoFocus
            onClick={() => {
              setOpen(false);
              onAdvanced();
            }}
          >
            Advanced Mode
          </button>
        </span>
      )}
    </span>
  );
}
