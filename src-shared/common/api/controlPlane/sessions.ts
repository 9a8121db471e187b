import type { ErrorCode } from '../../errors';
import { connectTargetSchema, termsRequestSchema, termsSchema, ticketRequestSchema, ticketSchema } from '../gateway';
import { emptySchema } from './basics';
import { defineRoute, noParams } from './route';

/** Every way the policy checks (connectPolicy) may refuse a session start. */
const policyRefusals: ErrorCode[] = [
  'RESOURCE_NOT_ALLOWED',
  'RDP_PROXY_DISABLED',
  'CONNECT_NEEDS_CHOICE',
  'CREDENTIAL_KIND_NOT_ALLOWED',
  'NO_SHARED_CREDENTIAL',
  'TARGET_ACCOUNT_MISSING',
  'POLICY_CHANGED',
  'JIT_NOT_ENABLED',
  'JIT_PROVISIONING_FAILED',
  'ACCESS_LEVEL_REQUIRED',
  'ACCESS_LEVEL_NOT_ASSIGNED',
  'ACCESS_LEVEL_NOT_APPROVED',
  'GRANT_EXPIRED',
];

/** Connect and Advanced Mode, before the session: the terms page, Decline, and Agree (a gateway ticket). */
export const sessionsApi = {
  terms: defineRoute({
    method: 'POST',
    path: '/api/sessions/terms',
    summary: 'The terms page of a Connect or an Advanced Mode start: checks the choices (and spends the MFA code)',
    params: noParams,
    body: termsRequestSchema,
    response: termsSchema,
    roles: 'signed-in',
    errors: [
      ...policyRefusals,
      'MFA_NOT_ENROLLED',
      'MFA_INVALID',
      'TOO_MANY_ATTEMPTS',
      'AUTHORIZATION_REQUIRED',
      'AUTHORIZATION_DENIED',
      'AUTHORIZATION_PLUGIN_FAILED',
      // A webhook's round token: not this person's, too old, or already answered.
      'TICKET_INVALID',
      'TICKET_EXPIRED',
      'TICKET_REPLAYED',
    ],
  }),
  decline: defineRoute({
    method: 'POST',
    path: '/api/sessions/decline',
    summary: 'Decline the terms: nothing starts; the refusal is audited',
    params: noParams,
    body: connectTargetSchema,
    response: emptySchema,
    roles: 'signed-in',
    errors: ['RESOURCE_NOT_ALLOWED'],
  }),
  ticket: defineRoute({
    method: 'POST',
    path: '/api/sessions/ticket',
    summary: 'Agree to the terms and get a single-use gateway ticket',
    params: noParams,
    body: ticketRequestSchema,
    response: ticketSchema,
    status: 201,
    roles: 'signed-in',
    errors: [
      ...policyRefusals,
      'NO_PERSONAL_CREDENTIAL',
      'BAD_REQUEST',
      'TICKET_EXPIRED',
      'TICKET_INVALID',
      'TICKET_REPLAYED',
    ],
  }),
};
