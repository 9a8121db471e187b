import crypto from 'node:crypto';
import { z } from 'zod';
import { joinTicketSchema, liveListSchema, liveWaitSchema, terminateRequestSchema } from '../../src-shared/common/api/live';
import { OpenPsmError } from '../../src-shared/common/errors';
import { sealTicket } from '../../src-shared/node/tickets/gatewayTicket';
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

const managers: ['access_manager'] = ['access_manager'];
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
    route({ method: 'GET', path: '/api/live/sessions', summary: 'Every session running through the gateway', access: managers, response: liveListSchema, handler: () => Promise.resolve(deps.live.list()) }),
    route({
      method: 'POST',
      path: '/api/live/sessions/wait',
      summary: 'The list once it differs from version `since` (or unchanged after the wait)',
      access: managers,
      body: liveWaitSchema,
      response: liveListSchema,
      handler: ({ body }) => deps.live.wait(body.since, deps.liveWaitSeconds * 1000),
    }),
    route({
      method: 'POST',
      path: '/api/live/sessions/:id/watch',
      summary: 'A single-use join ticket to watch a live session read-only through the gateway',
      access: managers,
      body: z.object({}).strict(),
      response: joinTicketSchema,
      status: 201,
      handler: async ({ caller, params }) => {
        const entry = session(params['id']);
        if (!entry.liveMonitoring || !(await deps.catalog.monitoringAllowed(entry.policyId, entry.computerId))) throw new OpenPsmError('MONITORING_OFF');
        const iat = Math.floor(Date.now() / 1000);
        const exp = iat + deps.ticketTtlSeconds;
        const ticket = sealTicket(deps.gatewayKey, { v: 1, jti: crypto.randomUUID(), kind: 'join', personId: caller.personId, policyId: entry.policyId, computerId: entry.computerId, accessLevelId: null, credential: { kind: 'shared' }, sessionId: entry.sessionId, iat, exp });
        return { ticket, expiresAt: new Date(exp * 1000).toISOString(), computerName: entry.computerName, protocol: entry.protocol, username: entry.username };
      },
    }),
    route({
      method: 'POST',
      path: '/api/live/sessions/:id/terminate',
      summary: 'Ends a live session; the owner sees the reason and the audit log keeps who and why',
      access: managers,
      body: terminateRequestSchema,
      response: z.object({}).strict(),
      handler: async ({ caller, params, body }) => {
        const entry = session(params['id']);
        await deps.state.audit(caller.username, 'terminate', `${entry.computerName} (${entry.policyName}) of ${entry.username}: ${body.reason}`);
        entry.end(new OpenPsmError('SESSION_TERMINATED', { message: `${caller.username} (access manager) ended this session: ${body.reason}` }), 'TERMINATED');
        return {};
      },
    }),
  ];
}
