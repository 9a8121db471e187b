import type { SessionEnd } from './sessionTunnel';

/** Which limit a firm end comes from, in words. */
const limitNames: Partial<Record<SessionEnd['code'], string>> = {
  SESSION_TIME_LIMIT: 'policy limit',
  ACCESS_WINDOW_ENDED: 'end of your access window',
};

/** The gateway's notice, a set time before a firm end: when the session ends, and why. */
export function SessionEndsBanner({ end }: { end: SessionEnd }) {
  const at = new Date(end.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <div className="watch-banner" role="status" data-testid="session-ends-banner">
      This session ends at {at} ({limitNames[end.code] ?? end.code}). Save your work: OpenPSM closes it then.
    </div>
  );
}
