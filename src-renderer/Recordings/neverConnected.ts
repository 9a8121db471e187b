import type { Recording } from '@shared/common/api/recordings';

/** A finished recording of 0 s: the session never connected, and there is nothing to play. */
export function neverConnected(r: Pick<Recording, 'status' | 'durationMs'>): boolean {
  return r.status !== 'recording' && r.durationMs === 0;
}
