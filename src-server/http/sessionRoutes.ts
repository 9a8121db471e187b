import crypto from 'node:crypto';
import { z } from 'zod';
import * as gateway from '../../src-shared/common/api/gateway';
import { sealTicket } from '../../src-shared/node/tickets/gatewayTicket';
import type { CatalogRepository } from '../db/catalog';
import type { CredentialRepository } from '../db/credentials';
import type { ServerStateRepository } from '../db/serverState';
import { connectableTarget, type ConnectTarget } from '../gateway/connectPolicy';
import { HttpError, route, type Caller, type Route } from './router';

export interface SessionRouteDeps {
  catalog: CatalogRepository;
  credentials: CredentialRepository;
  state: ServerStateRepository;
  /** The AES-256 key that seals tickets for the gateway. */
  gatewayKey: Buffer;
  ticketTtlSeconds: number;
  rdpProxyEnabled(): Promise<boolean>;
}

/**
 * Connect, before the session: the terms page, Decline, and Agree, which returns a ticket.
 * Each step checks the person, the policy and the computer again; both answers to the
 * terms are audited. A ticket is AES-256-GCM under the gateway key, single use, short-lived.
 */
export function sessionRoutes(deps: SessionRouteDeps): Route[] {
  const { catalog, state } = deps;

  const connectable = (caller: Caller, body: { policyId: string; computerId: string }) => connectableTarget(deps, caller.personId, body.policyId, body.computerId);
  const termsOf = (t: ConnectTarget) => ({ policyName: t.policyName, computerName: t.computerName, protocol: t.protocol, terms: t.terms, recorded: t.recorded, liveMonitoring: t.liveMonitoring, disableCopy: t.disableCopy, disablePaste: t.disablePaste });
  const auditTarget = (t: { computerName: string; policyName: string }) => `${t.computerName} (${t.policyName})`;

  return [
    route({
      method: 'POST',
      path: '/api/sessions/terms',
      summary: 'The terms page of a Connect: the policy text, recording and live monitoring',
      access: 'signed-in',
      body: gateway.connectTargetSchema,
      response: gateway.termsSchema,
      handler: async ({ caller, body }) => termsOf(await connectable(caller, body)),
    }),
    route({
      method: 'POST',
      path: '/api/sessions/decline',
      summary: 'Decline the terms: nothing starts; the refusal is audited',
      access: 'signed-in',
      body: gateway.connectTargetSchema,
      response: z.object({}),
      handler: async ({ caller, body }) => {
        const t = await catalog.connectTarget(caller.personId, body.policyId, body.computerId);
        if (!t) throw new HttpError(403, 'RESOURCE_NOT_ALLOWED', 'No access request policy of yours gives you this computer. Ask an administrator to check the policy.');
        await state.audit(caller.username, 'terms.decline', auditTarget(t));
        return {};
      },
    }),
    route({
      method: 'POST',
      path: '/api/sessions/ticket',
      summary: 'Agree to the terms and get a single-use gateway ticket',
      access: 'signed-in',
      body: gateway.ticketRequestSchema,
      response: gateway.ticketSchema,
      status: 201,
      handler: async ({ caller, body }) => {
        const t = await connectable(caller, body);
        await state.audit(caller.username, 'terms.accept', auditTarget(t));
        const iat = Math.floor(Date.now() / 1000);
        const exp = iat + deps.ticketTtlSeconds;
        const ticket = sealTicket(deps.gatewayKey, { v: 1, jti: crypto.randomUUID(), kind: 'connect', personId: caller.personId, policyId: body.policyId, computerId: body.computerId, accessLevelId: null, iat, exp });
        return { ...termsOf(t), ticket, expiresAt: new Date(exp * 1000).toISOString() };
      },
    }),
  ];
}
