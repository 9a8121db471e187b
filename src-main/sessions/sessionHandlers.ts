import type { ConnectFlow } from '../connect/connectFlow';
import type { Handlers } from '../rpc/dispatcher';
import type { SessionManager } from './sessionManager';

/** `sessions.*`: open (direct mode), connect through the gateway, watch and close session tabs. */
export function sessionHandlers(
  sessions: Pick<SessionManager, 'open' | 'watch' | 'close'>,
  connectFlow: Pick<ConnectFlow, 'connect'>,
): Handlers['sessions'] {
  return {
    open: ({ computerId, ...screen }) => sessions.open(computerId, screen),
    connect: (params) => connectFlow.connect(params),
    watch: ({ sessionId, ...screen }) => sessions.watch(sessionId, screen),
    close: ({ sessionId }) => sessions.close(sessionId),
  };
}
