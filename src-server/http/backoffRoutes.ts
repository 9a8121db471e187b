import { z } from 'zod';
import * as api from '../../src-shared/common/api/backoffs';
import { okSchema } from '../../src-shared/common/api/iam';
import type { ServerStateRepository } from '../db/serverState';
import type { AttemptLimiter } from '../limits/attemptLimiter';
import { route, type Route } from './router';
import { OpenPsmError } from '../../src-shared/common/errors';

export interface BackoffRouteDeps {
  limiter: Pick<AttemptLimiter, 'list' | 'clear' | 'clearAccount'>;
  state: Pick<ServerStateRepository, 'audit'>;
}

/** Administrators list the guessing backoffs in force and clear them (one, or all of an account); each clear is audited. */
export function backoffRoutes(deps: BackoffRouteDeps): Route[] {
  const { limiter, state } = deps;
  return [
    route({ method: 'GET', path: '/api/admin/backoffs', summary: 'The guessing backoffs in force (wrong passwords or MFA codes), per account and address', access: ['administrator'], response: api.backoffListSchema, handler: async () => ({ backoffs: await limiter.list() }) }),
    route({
      method: 'DELETE',
      path: '/api/admin/backoffs/:id',
      summary: 'Clear one backoff: its count starts again',
      access: ['administrator'],
      response: okSchema,
      handler: async ({ params, caller }) => {
        const id = z.uuid().safeParse(params['id']);
        const cleared = id.success ? await limiter.clear(id.data) : null;
        if (!cleared) throw new OpenPsmError('NOT_FOUND', { message: 'There is no backoff with that id.' });
        await state.audit(caller.username, 'backoff.clear', `${cleared.account} ${cleared.address ?? '(account-wide)'}`);
        return { ok: true as const };
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/backoffs/clear',
      summary: "Clear every backoff of an account (all addresses, passwords and MFA codes), as `npm run server -- unlock` does",
      access: ['administrator'],
      body: api.clearBackoffsSchema,
      response: api.clearedSchema,
      handler: async ({ body, caller }) => {
        const cleared = await limiter.clearAccount(body.username);
        await state.audit(caller.username, 'backoff.clear', `${body.username} (all)`);
        return { cleared };
      },
    }),
  ];
}
