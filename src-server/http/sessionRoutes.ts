import crypto from 'node:crypto';
import type { z } from 'zod';
import type * as gateway from '../../src-shared/common/api/gateway';
import type { CredentialKind } from '../../src-shared/common/api/controlPlane/policies';
import { sessionsApi } from '../../src-shared/common/api/controlPlane/sessions';
import { sealTicket, type TicketCredential } from '../../src-shared/node/tickets/gatewayTicket';
import type { CatalogRepository, PersonLevel } from '../db/catalog';
import type { CredentialRepository } from '../db/credentials';
import type { JitRepository } from '../db/jitAccounts';
import type { MfaRepository } from '../db/mfa';
import type { ServerStateRepository } from '../db/serverState';
import type { TicketLedger } from '../db/ticketLedger';
import { openApproval, sealApproval } from '../gateway/approval';
import { promptHook } from '../gateway/authorizationHook';
import { checkChoices, connectableTarget, type CatalogTarget } from '../gateway/connectPolicy';
import { route, type Caller, type Route } from './router';
import { tooManyAttemptsMessage } from '../../src-shared/common/retryWait';
import { guardedAttempt, type GuardDeps } from '../limits/guardedAttempt';
import { OpenPsmError } from '../../src-shared/common/errors';

export interface SessionRouteDeps {
  catalog: CatalogRepository;
  credentials: CredentialRepository;
  jit: Pick<JitRepository, 'hasProvisioner'>;
  mfa: Pick<MfaRepository, 'isEnrolled' | 'verify'>;
  ledger: Pick<TicketLedger, 'redeem'>;
  state: ServerStateRepository;
  /** The AES-256 key that seals tickets (and Advanced Mode approvals) for the gateway. */
  gatewayKey: Buffer;
  ticketTtlSeconds: number;
  /** How long Advanced Mode's checked choices wait for Agree on the terms page. */
  approvalTtlSeconds: number;
  rdpProxyEnabled(): Promise<boolean>;
  /** The guessing limiter, for the MFA code (shared with the sign-in TOTP step: one secret). */
  limiter: GuardDeps['limiter'];
  log: GuardDeps['log'];
}

/** TOTP codes are accepted one 30 s step either side, as at sign-in. */
const totpWindowSteps = 1;
const auditTarget = (t: { computerName: string; policyName: string }) => `${t.computerName} (${t.policyName})`;
const termsOf = (t: CatalogTarget, credentialKind: CredentialKind, level: PersonLevel | null, approval: string | null): gateway.Terms => ({
  policyName: t.policyName,
  computerName: t.computerName,
  protocol: t.protocol,
  terms: t.terms,
  recorded: t.recorded,
  liveMonitoring: t.liveMonitoring,
  disableCopy: t.disableCopy,
  disablePaste: t.disablePaste,
  credentialKind,
  accessLevel: level?.name ?? null,
  approval,
});

/**
 * Connect and Advanced Mode, before the session: the terms page, Decline, and Agree, which
 * returns a ticket. Each step checks the person, the policy and the computer again; both
 * answers to the terms are audited, and so are Advanced Mode's choices with the authorization
 * hook's answer. A ticket is AES-256-GCM under the gateway key, single use, short-lived; a
 * personal credential travels only inside it.
 */
export function sessionRoutes(deps: SessionRouteDeps): Route[] {
  const { catalog, state } = deps;
  const now = () => Math.floor(Date.now() / 1000);

  /** The MFA code under the guessing limiter; a wait is answered 429 TOO_MANY_ATTEMPTS with when to try again. */
  const checkMfaCode = async (caller: Caller, address: string, code: string | null, target: CatalogTarget) => {
    if (!(await deps.mfa.isEnrolled(caller.personId))) throw new OpenPsmError('MFA_NOT_ENROLLED');
    if (!code) throw new OpenPsmError('MFA_INVALID', { message: 'This policy requires an MFA code: enter the current code from your authenticator app.' });
    const guarded = await guardedAttempt(deps, { kind: 'mfa', account: caller.username, address }, () => deps.mfa.verify(caller.personId, code, Date.now(), totpWindowSteps), (r) => (r === 'ok' ? 'right' : 'wrong'));
    if (!guarded.refused && guarded.result !== 'ok') await state.audit(caller.username, 'session.mfa_failed', auditTarget(target));
    const wait = guarded.retryAfterSeconds;
    if (wait !== null) throw new OpenPsmError('TOO_MANY_ATTEMPTS', { message: tooManyAttemptsMessage('code', wait), retryAfterSeconds: wait });
    if (!guarded.refused && guarded.result !== 'ok') throw new OpenPsmError('MFA_INVALID', { message: guarded.result === 'replayed' ? 'That MFA code was already used. Wait for the next code in your authenticator app.' : undefined });
  };

  /** Advanced Mode's terms step: every choice checked, the MFA code spent, the authorization hook asked. */
  const approve = async (caller: Caller, address: string, body: z.output<typeof gateway.termsRequestSchema>, advanced: gateway.AdvancedChoices) => {
    const ids = { personId: caller.personId, policyId: body.policyId, computerId: body.computerId };
    const { target, level } = await checkChoices(deps, ids, advanced);
    if (target.mfaRequired) await checkMfaCode(caller, address, advanced.mfaCode, target);
    const authorization = target.authorization ? await promptHook(target.authorization).authorize({ username: caller.username, computerName: target.computerName, policyName: target.policyName, answer: advanced.authorization }) : null;
    const approval = sealApproval(deps.gatewayKey, { v: 1, jti: crypto.randomUUID(), ...ids, credentialKind: advanced.credentialKind, accessLevelId: level?.id ?? null, authorization, mfa: target.mfaRequired, exp: now() + deps.approvalTtlSeconds });
    return termsOf(target, advanced.credentialKind, level, approval);
  };

  /** Agree after Advanced Mode: the approval must be this person's, for this computer, unused and fresh. */
  const redeemApproval = async (caller: Caller, body: z.output<typeof gateway.ticketRequestSchema>) => {
    const opened = openApproval(deps.gatewayKey, body.approval, now());
    if (!opened.ok) throw new OpenPsmError(opened.code, { message: opened.code === 'TICKET_EXPIRED' ? 'Your Advanced Mode choices expired before you agreed. Start again from My Resources.' : 'These Advanced Mode choices are not valid. Start again from My Resources.' });
    const a = opened.claims;
    if (a.personId !== caller.personId || a.policyId !== body.policyId || a.computerId !== body.computerId) throw new OpenPsmError('TICKET_INVALID', { message: 'These Advanced Mode choices were made for another session. Start again from My Resources.' });
    if (!(await deps.ledger.redeem(a.jti, a.exp))) throw new OpenPsmError('TICKET_REPLAYED', { message: 'These Advanced Mode choices were already used for a session. Start again from My Resources.' });
    return a;
  };

  return [
    route({
      spec: sessionsApi.terms,
      handler: async ({ caller, body, address }) => {
        if (body.advanced) return approve(caller, address, body, body.advanced);
        const { target, level } = await connectableTarget(deps, caller.personId, body.policyId, body.computerId);
        return termsOf(target, 'shared', level, null);
      },
    }),
    route({
      spec: sessionsApi.decline,
      handler: async ({ caller, body }) => {
        const t = await catalog.connectTarget(caller.personId, body.policyId, body.computerId);
        if (!t) throw new OpenPsmError('RESOURCE_NOT_ALLOWED');
        await state.audit(caller.username, 'terms.decline', auditTarget(t));
        return {};
      },
    }),
    route({
      spec: sessionsApi.ticket,
      handler: async ({ caller, body }) => {
        const ids = { personId: caller.personId, policyId: body.policyId, computerId: body.computerId };
        let checked: Awaited<ReturnType<typeof checkChoices>>;
        let credential: TicketCredential = { kind: 'shared' };
        let approval: Awaited<ReturnType<typeof redeemApproval>> | null = null;
        if (body.approval === undefined) {
          if (body.personal) throw new OpenPsmError('BAD_REQUEST', { message: 'A personal credential comes only with Advanced Mode choices.' });
          checked = await connectableTarget(deps, caller.personId, body.policyId, body.computerId);
        } else {
          approval = await redeemApproval(caller, body);
          checked = await checkChoices(deps, ids, approval);
          if (approval.credentialKind === 'personal') {
            if (!body.personal) throw new OpenPsmError('NO_PERSONAL_CREDENTIAL');
            if (body.personal.kind === 'private-key' && checked.target.protocol !== 'ssh') throw new OpenPsmError('BAD_REQUEST', { message: `A private key signs in over SSH only; ${checked.target.computerName} is ${checked.target.protocol.toUpperCase()}. Choose a password credential.` });
            credential = { kind: 'personal', personal: body.personal };
          } else if (body.personal) {
            throw new OpenPsmError('BAD_REQUEST', { message: 'A personal credential was sent, but the choices were for another kind.' });
          } else {
            credential = { kind: approval.credentialKind };
          }
        }
        const { target, level } = checked;
        await state.audit(caller.username, 'terms.accept', auditTarget(target));
        if (approval) {
          const parts = [`credential ${approval.credentialKind}`, level ? `access level ${level.name}` : null, approval.mfa ? 'MFA verified' : null, approval.authorization].filter(Boolean);
          await state.audit(caller.username, 'session.choices', `${auditTarget(target)}: ${parts.join('; ')}`);
        }
        const iat = now();
        const exp = iat + deps.ticketTtlSeconds;
        const ticket = sealTicket(deps.gatewayKey, { v: 1, jti: crypto.randomUUID(), kind: 'connect', ...ids, accessLevelId: level?.id ?? null, credential, iat, exp });
        return { ...termsOf(target, credential.kind, level, null), ticket, expiresAt: new Date(exp * 1000).toISOString() };
      },
    }),
  ];
}
