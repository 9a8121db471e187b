import crypto from 'node:crypto';
import { liveApi } from '@shared/common/api/controlPlane/live';
import { OpenPsmError } from '@shared/common/errors';
import { sealTicket } from '@shared/node/tickets/gatewayTicket';
import type { CatalogRepository } from '../db/catalog';
import type { ServerStateRepository } from '../db/serverState';
import type { LiveSessions } from '../gateway/liveSessions';
import { route, type Route } from './router';

export interface LiveRouteDeps {
  live: LiveSessions;
  catalog: Pick<CatalogRepository, 'monitoringAllowed'>;
  state: Pick<ServerStateRepository, 'audit'>;
  gatewayKey: Buffer;
  ticketTtlSeconds: number;
  /** How long a wait for the next list may hang before it answers unchanged. */
  liveWaitSeconds: number;
}

const notFound = () => new OpenPsmError('SESSION_NOT_FOUND', { message: 'That session is not running any more.' });

/**
 * The Live view's API, for access managers only: the sessions running through the gateway
 * (and a wait for the next change), a join ticket to watch one read-only, and terminate.
 */
export function liveRoutes(deps: LiveRouteDeps): Route[] {
  const session = (id: string | undefined) => {
    const entry = id ? deps.live.get(id) : undefined;
    if (!entry) throw notFound();
    return entry;
  };
  return [
    route({ spec: liveApi.list, handler: () => Promise.resolve(deps.live.list()) }),
    route({
      spec: liveApi.wait,
      handler: ({ body }) => deps.live.wait(body.since, deps.liveWaitSeconds * 1000),
    }),
    route({
      spec: liveApi.watch,
      handler: async ({ caller, params }) => {
        const entry = session(params['id']);
        if (!entry.liveMonitoring || !(await deps.catalog.monitoringAllowed(entry.policyId, entry.computerId)))
          throw new OpenPsmError('MONITORING_OFF');
        const iat = Math.floor(Date.now() / 1000);
        const exp = iat + deps.ticketTtlSeconds;
        const ticket = sealTicket(deps.gatewayKey, {
          v: 1,
          jti: crypto.randomUUID(),
          kind: 'join',
          personId: caller.personId,
          policyId: entry.policyId,
          computerId: entry.computerId,
          accessLevelId: null,
          credential: { kind: 'shared' },
          sessionId: entry.sessionId,
          iat,
          exp,
        });
        return {
          ticket,
          expiresAt: new Date(exp * 1000).toISOString(),
          computerName: entry.computerName,
          protocol: entry.protocol,
          username: entry.username,
        };
      },
    }),
    route({
      spec: liveApi.terminate,
      handler: async ({ caller, params, body }) => {
        const entry = session(params['id']);
        await deps.state.audit(
          caller.username,
          'terminate',
          `${entry.computerName} (${entry.policyName}) of ${entry.username}: ${body.reason}`,
        );
        entry.end(
          new OpenPsmError('SESSION_TERMINATED', {
            message: `${caller.username} (access manager) ended this session: ${body.reason}`,
          }),
          'TERMINATED',
        );
        return {};
      },
    }),
  ];
}
