import { useState } from 'react';
import type { OneTimeCode } from '@shared/common/api/controlPlane/persons';

/**
 * A one-time code, shown this once (the server keeps only its hash): the code, a copy button,
 * when it expires, and what the person does with it.
 */
export function OneTimeCodeShown({ username, code }: { username: string; code: OneTimeCode }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code.code);
      setCopied('Copied.');
    } catch {
      setCopied('Copying is not allowed here: select the code and copy it.');
    }
  };
  return (
    <div className="card" role="region" aria-label="One-time code">
      <h4>One-time code for {username}</h4>
      <p>
        <code data-testid="one-time-code">{code.code}</code>{' '}
        <button type="button" className="btn" onClick={() => void copy()}>
          Copy code
        </button>
      </p>
      {copied && <p role="status">{copied}</p>}
      <p>
        Valid until <time dateTime={code.expiresAt}>{new Date(code.expiresAt).toLocaleString()}</time>, once. It is
        shown only now: give it to {username}, who chooses a password with it on the sign-in page (&ldquo;I have a
        one-time code&rdquo;). A new code replaces this one.
      </p>
    </div>
  );
}
