import { joinTicketSchema, liveListSchema, liveWaitSchema, terminateRequestSchema } from '../live';
import { emptySchema } from './basics';
import { defineRoute, idParams, noParams } from './route';

const managers: ['access_manager'] = ['access_manager'];

/** The Live view: the sessions running through the gateway, watching one read-only, and terminate. */
export const liveApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/live/sessions',
    summary: 'Every session running through the gateway',
    params: noParams,
    body: null,
    response: liveListSchema,
    roles: managers,
    errors: [],
  }),
  wait: defineRoute({
    method: 'POST',
    path: '/api/live/sessions/wait',
    summary: 'The list once it differs from version `since` (or unchanged after the wait)',
    params: noParams,
    body: liveWaitSchema,
    response: liveListSchema,
    roles: managers,
    errors: [],
  }),
  watch: defineRoute({
    method: 'POST',
    path: '/api/live/sessions/:id/watch',
    summary: 'A single-use join ticket to watch a live session read-only through the gateway',
    params: idParams,
    body: emptySchema,
    response: joinTicketSchema,
    status: 201,
    roles: managers,
    errors: ['SESSION_NOT_FOUND', 'MONITORING_OFF'],
  }),
  terminate: defineRoute({
    method: 'POST',
    path: '/api/live/sessions/:id/terminate',
    summary: 'Ends a live session; the owner sees the reason and the audit log keeps who and why',
    params: idParams,
    body: terminateRequestSchema,
    response: emptySchema,
    roles: managers,
    errors: ['SESSION_NOT_FOUND'],
  }),
};
