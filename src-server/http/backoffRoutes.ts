import { z } from 'zod';
import { backoffsApi } from '@shared/common/api/controlPlane/backoffs';
import type { ServerStateRepository } from '../db/serverState';
import type { AttemptLimiter } from '../limits/attemptLimiter';
import { route, type Route } from './router';
import { OpenPsmError } from '@shared/common/errors';

export interface BackoffRouteDeps {
  limiter: Pick<AttemptLimiter, 'list' | 'clear' | 'clearAccount'>;
  state: Pick<ServerStateRepository, 'audit'>;
}

/** Administrators list the guessing backoffs in force and clear them (one, or all of an account); each clear is audited. */
export function backoffRoutes(deps: BackoffRouteDeps): Route[] {
  const { limiter, state } = deps;
  return [
    route({ spec: backoffsApi.list, handler: async () => ({ backoffs: await limiter.list() }) }),
    route({
      spec: backoffsApi.clear,
      handler: async ({ params, caller }) => {
        const id = z.uuid().safeParse(params['id']);
        const cleared = id.success ? await limiter.clear(id.data) : null;
        if (!cleared) throw new OpenPsmError('NOT_FOUND', { message: 'There is no backoff with that id.' });
        await state.audit(
          caller.username,
          'backoff.clear',
          `${cleared.account} ${cleared.address ?? '(account-wide)'}`,
        );
        return { ok: true as const };
      },
    }),
    route({
      spec: backoffsApi.clearAccount,
      handler: async ({ body, caller }) => {
        const cleared = await limiter.clearAccount(body.username);
        await state.audit(caller.username, 'backoff.clear', `${body.username} (all)`);
        return { cleared };
      },
    }),
  ];
}
