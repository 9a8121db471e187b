import type { BackendState } from '@shared/common/api/app';
import { OpenPsmError } from '@shared/common/errors';
import { guacdAdvice } from '../backend/backendStates';
import type { ConnectFlow } from '../connect/connectFlow';
import type { Handlers } from '../rpc/dispatcher';
import type { SessionManager } from './sessionManager';

/**
 * GUACD_UNREACHABLE with what to do in the mode in use (where guacd's address is set, or whom to
 * ask), in place of the general advice; every other failure passes unchanged.
 */
export async function withGuacdAdvice<T>(mode: () => BackendState['mode'], start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (!(error instanceof OpenPsmError) || error.code !== 'GUACD_UNREACHABLE') throw error;
    const detail = /\(([^()]*)\)$/.exec(error.message)?.[1];
    throw new OpenPsmError('GUACD_UNREACHABLE', {
      message: `OpenPSM could not reach guacd${detail ? ` (${detail})` : ''}. ${guacdAdvice[mode()]}`,
    });
  }
}

/** `sessions.*`: open (direct mode), connect through the gateway, watch and close session tabs. */
export function sessionHandlers(
  sessions: Pick<SessionManager, 'open' | 'watch' | 'close'>,
  connectFlow: Pick<ConnectFlow, 'connect'>,
  mode: () => BackendState['mode'] = () => 'direct',
): Handlers['sessions'] {
  return {
    open: ({ computerId, ...screen }) => withGuacdAdvice(mode, () => sessions.open(computerId, screen)),
    connect: (params) => withGuacdAdvice(mode, () => connectFlow.connect(params)),
    watch: ({ sessionId, ...screen }) => sessions.watch(sessionId, screen),
    close: ({ sessionId }) => sessions.close(sessionId),
  };
}
