import crypto from 'node:crypto';
import { sessionsApi } from '@shared/common/api/controlPlane/sessions';
import type { PersonalSecret } from '@shared/common/api/gateway';
import { sealTicket, type TicketCredential } from '@shared/node/tickets/gatewayTicket';
import type { CatalogRepository } from '../db/catalog';
import type { CredentialRepository } from '../db/credentials';
import type { JitRepository } from '../db/jitAccounts';
import type { MfaRepository } from '../db/mfa';
import type { PolicyRepository } from '../db/policies';
import type { ServerStateRepository } from '../db/serverState';
import type { TicketLedger } from '../db/ticketLedger';
import type { ApprovalClaims } from '../gateway/approval';
import { checkChoices, connectableTarget, type CatalogTarget } from '../gateway/connectPolicy';
import { advancedApproval } from './advancedApproval';
import type { PluginDeps } from './pluginAuthorization';
import { route, type Route } from './router';
import { auditTarget, termsOf } from './sessionTerms';
import type { GuardDeps } from '../limits/guardedAttempt';
import { OpenPsmError } from '@shared/common/errors';

/** Besides the keys, time limits and webhook settings of PluginDeps (pluginAuthorization.ts). */
export interface SessionRouteDeps extends PluginDeps {
  catalog: CatalogRepository;
  policies: Pick<PolicyRepository, 'termsAt'>;
  credentials: CredentialRepository;
  jit: Pick<JitRepository, 'hasProvisioner'>;
  mfa: Pick<MfaRepository, 'isEnrolled' | 'verify'>;
  ledger: Pick<TicketLedger, 'redeem'>;
  state: ServerStateRepository;
  ticketTtlSeconds: number;
  rdpProxyEnabled(): Promise<boolean>;
  /** The guessing limiter, for the MFA code (shared with the sign-in TOTP step: one secret). */
  limiter: GuardDeps['limiter'];
  log: GuardDeps['log'];
}

/** The credential an Advanced Mode approval chose, checked against the personal one sent with Agree (if any). */
function approvedCredential(
  approval: ApprovalClaims,
  personal: PersonalSecret | undefined,
  target: CatalogTarget,
): TicketCredential {
  if (approval.credentialKind === 'personal') {
    if (!personal) throw new OpenPsmError('NO_PERSONAL_CREDENTIAL');
    if (personal.kind === 'private-key' && target.protocol !== 'ssh')
      throw new OpenPsmError('BAD_REQUEST', {
        message: `A private key signs in over SSH only; ${target.computerName} is ${target.protocol.toUpperCase()}. Choose a password credential.`,
      });
    return { kind: 'personal', personal };
  }
  if (personal)
    throw new OpenPsmError('BAD_REQUEST', {
      message: 'A personal credential was sent, but the choices were for another kind.',
    });
  return { kind: approval.credentialKind };
}

/** The person agreed to the terms of the revision they read; a policy edited since then issues nothing. */
function checkAgreedRevision(read: number | undefined, target: CatalogTarget) {
  if (read !== undefined && read !== target.policyRevision) throw new OpenPsmError('POLICY_CHANGED');
}

/** The terms text of the revision a ticket is issued under, from its snapshot. */
async function agreedTerms(deps: SessionRouteDeps, policyId: string, target: CatalogTarget) {
  return (await deps.policies.termsAt(policyId, target.policyRevision)) ?? target.terms;
}

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
  const { approve, redeemApproval } = advancedApproval(deps);

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
          if (body.personal)
            throw new OpenPsmError('BAD_REQUEST', {
              message: 'A personal credential comes only with Advanced Mode choices.',
            });
          checked = await connectableTarget(deps, caller.personId, body.policyId, body.computerId);
        } else {
          approval = await redeemApproval(caller, body);
          checked = await checkChoices(deps, ids, approval);
          credential = approvedCredential(approval, body.personal, checked.target);
        }
        const { target, level } = checked;
        checkAgreedRevision(body.policyRevision, target);
        checkAgreedRevision(approval?.policyRevision, target);
        await state.audit(caller.username, 'terms.accept', auditTarget(target));
        if (approval) {
          const parts = [
            `credential ${approval.credentialKind}`,
            level ? `access level ${level.name}` : null,
            approval.mfa ? 'MFA verified' : null,
            approval.authorization,
          ].filter(Boolean);
          await state.audit(caller.username, 'session.choices', `${auditTarget(target)}: ${parts.join('; ')}`);
        }
        const iat = now();
        const exp = iat + deps.ticketTtlSeconds;
        const ticket = sealTicket(deps.gatewayKey, {
          v: 1,
          jti: crypto.randomUUID(),
          kind: 'connect',
          ...ids,
          accessLevelId: level?.id ?? null,
          policyRevision: target.policyRevision,
          credential,
          ...(approval?.kept ? { authorization: approval.kept } : {}),
          iat,
          exp,
        });
        return {
          // The text of the revision the ticket is issued under, from its snapshot: an edit never changes it.
          ...termsOf(target, credential.kind, level, null, await agreedTerms(deps, body.policyId, target)),
          ticket,
          expiresAt: new Date(exp * 1000).toISOString(),
        };
      },
    }),
  ];
}
