import { z } from 'zod';
import { backoffsApi, type GuessLimits } from '@shared/common/api/controlPlane/backoffs';
import type { ServerStateRepository } from '../db/serverState';
import type { AttemptLimiter } from '../limits/attemptLimiter';
import type { LimitSettings } from '../limits/limitSettings';
import { route, type Route } from './router';
import { OpenPsmError } from '@shared/common/errors';

export interface BackoffRouteDeps {
  limiter: Pick<AttemptLimiter, 'list' | 'clear' | 'clearAccount'>;
  /** The limits the server was started with: shown, never changed here. */
  limits: LimitSettings;
  state: Pick<ServerStateRepository, 'audit'>;
}

/** The configured limits as the API names them (throttle words; the variables keep their names). */
export function guessLimitsOf(limits: LimitSettings): GuessLimits {
  return {
    attemptsBeforeThrottle: limits.attemptsBeforeBackoff,
    accountAttemptsBeforeThrottle: limits.accountAttemptsBeforeBackoff,
    firstWaitSeconds: limits.firstBackoffSeconds,
    maxWaitSeconds: limits.maxBackoffSeconds,
    attemptWindowSeconds: limits.attemptWindowSeconds,
    knownAddressDays: limits.knownAddressDays,
    authRequestsPerMinute: limits.authRequestsPerMinute,
    authRequestBurst: limits.authRequestBurst,
  };
}

/** Administrators list the throttles in force and clear them (one, or all of an account); each clear is audited. */
export function backoffRoutes(deps: BackoffRouteDeps): Route[] {
  const { limiter, state } = deps;
  return [
    route({
      spec: backoffsApi.list,
      handler: async () => ({ throttles: await limiter.list(), limits: guessLimitsOf(deps.limits) }),
    }),
    route({
      spec: backoffsApi.clear,
      handler: async ({ params, caller }) => {
        const id = z.uuid().safeParse(params['id']);
        const cleared = id.success ? await limiter.clear(id.data) : null;
        if (!cleared) throw new OpenPsmError('NOT_FOUND', { message: 'There is no throttle with that id.' });
        await state.audit(
          caller.username,
          'throttle.clear',
          `${cleared.account} ${cleared.address ?? '(account-wide)'}`,
        );
        return { ok: true as const };
      },
    }),
    route({
      spec: backoffsApi.clearAccount,
      handler: async ({ body, caller }) => {
        const cleared = await limiter.clearAccount(body.username);
        await state.audit(caller.username, 'throttle.clear', `${body.username} (all)`);
        return { cleared };
      },
    }),
  ];
}
