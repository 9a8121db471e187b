import type { Handlers } from '../rpc/dispatcher';
import type { LiveService } from './liveService';

/** `live.*`: live monitoring for access managers. */
export function liveHandlers(live: Pick<LiveService, 'list' | 'follow' | 'watch' | 'terminate'>): Handlers['live'] {
  return {
    list: () => live.list(),
    follow: ({ on }) => live.follow(on),
    watch: ({ sessionId, ...screen }) => live.watch(sessionId, screen),
    terminate: ({ sessionId, reason }) => live.terminate(sessionId, reason),
  };
}
