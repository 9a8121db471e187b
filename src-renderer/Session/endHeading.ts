import type { ErrorCode } from '@shared/common/errors';

/** How the gateway words an access manager's Terminate (src-server/http/liveRoutes.ts). */
const terminatedBy = /^(.+ \(access manager\)) ended this session: (.*)$/s;

/**
 * The heading over a session's end, by what happened: "Could not connect" when it never
 * connected, "Ended by bob (access manager): reason" for a Terminate, else "Session ended".
 */
export function endHeading(code: ErrorCode | null, message: string | null, everConnected: boolean): string {
  if (code === 'SESSION_TERMINATED') {
    const found = terminatedBy.exec(message ?? '');
    return found ? `Ended by ${found[1]}: ${found[2]}` : 'Ended by an access manager';
  }
  if (!everConnected && code !== null) return 'Could not connect';
  if (code === 'WATCHED_SESSION_ENDED') return 'The session you watched ended';
  return 'Session ended';
}
