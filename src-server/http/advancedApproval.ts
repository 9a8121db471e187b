import crypto from 'node:crypto';
import type { z } from 'zod';
import type * as gateway from '@shared/common/api/gateway';
import { OpenPsmError } from '@shared/common/errors';
import type { MfaRepository } from '../db/mfa';
import type { TicketLedger } from '../db/ticketLedger';
import { openApproval, sealApproval } from '../gateway/approval';
import { checkChoices, type CatalogTarget, type ConnectPolicyDeps } from '../gateway/connectPolicy';
import { guardedAttempt, type GuardDeps } from '../limits/guardedAttempt';
import { openRound, runPlugin, type PluginDeps } from './pluginAuthorization';
import type { Caller } from './router';
import { auditTarget, termsOf } from './sessionTerms';

/** What Advanced Mode's two steps use: the connect checks, the MFA code under the guessing limiter, and the sealed approval. */
export interface AdvancedApprovalDeps extends ConnectPolicyDeps, GuardDeps, PluginDeps {
  mfa: Pick<MfaRepository, 'isEnrolled' | 'verify'>;
  ledger: Pick<TicketLedger, 'redeem'>;
}

/** TOTP codes are accepted one 30 s step either side, as at sign-in. */
const totpWindowSteps = 1;

/** The MFA code under the guessing limiter; a wait is answered 429 TOO_MANY_ATTEMPTS with when to try again. */
async function checkMfaCode(
  deps: AdvancedApprovalDeps,
  caller: Caller,
  address: string,
  code: string | null,
  target: CatalogTarget,
) {
  if (!(await deps.mfa.isEnrolled(caller.personId))) throw new OpenPsmError('MFA_NOT_ENROLLED');
  if (!code)
    throw new OpenPsmError('MFA_INVALID', {
      message: 'This policy requires an MFA code: enter the current code from your authenticator app.',
    });
  const guarded = await guardedAttempt(
    deps,
    { kind: 'mfa', account: caller.username, address },
    () => deps.mfa.verify(caller.personId, code, Date.now(), totpWindowSteps),
    (r) => (r === 'ok' ? 'right' : 'wrong'),
  );
  if (!guarded.refused && guarded.result !== 'ok')
    await deps.state.audit(caller.username, 'session.mfa_failed', auditTarget(target));
  const wait = guarded.retryAfterSeconds;
  if (wait !== null)
    throw new OpenPsmError('TOO_MANY_ATTEMPTS', {
      guessed: 'code',
      retryAfterSeconds: wait,
    });
  if (!guarded.refused && guarded.result !== 'ok')
    throw new OpenPsmError('MFA_INVALID', {
      message:
        guarded.result === 'replayed'
          ? 'That MFA code was already used. Wait for the next code in your authenticator app.'
          : undefined,
    });
}

/**
 * Advanced Mode's two steps: `approve` checks the choices on the terms page and seals them;
 * `redeemApproval` opens them again on Agree, once.
 */
export function advancedApproval(deps: AdvancedApprovalDeps) {
  const now = () => Math.floor(Date.now() / 1000);

  /**
   * Advanced Mode's terms step: every choice checked, the MFA code spent (once, across a webhook's
   * rounds of questions), and the authorization plugin run last; its questions come back instead
   * of an approval until it allows.
   */
  const approve = async (
    caller: Caller,
    address: string,
    body: z.output<typeof gateway.termsRequestSchema>,
    advanced: gateway.AdvancedChoices,
  ) => {
    const ids = { personId: caller.personId, policyId: body.policyId, computerId: body.computerId };
    const { target, level } = await checkChoices(deps, ids, advanced);
    const step = { caller, address, ids, target, level, advanced };
    const previous = openRound(deps, step);
    if (target.mfaRequired && !previous?.mfa) await checkMfaCode(deps, caller, address, advanced.mfaCode, target);
    const verdict = await runPlugin(deps, step, target.mfaRequired, previous).catch(async (error: unknown) => {
      const code = error instanceof OpenPsmError ? error.code : 'INTERNAL';
      await deps.state.audit(caller.username, 'session.authorization_refused', `${auditTarget(target)}: ${code}`);
      throw error;
    });
    if (verdict?.decision === 'ask')
      return { ...termsOf(target, advanced.credentialKind, level, null), questions: verdict.questions };
    const approval = sealApproval(deps.gatewayKey, {
      v: 1,
      jti: crypto.randomUUID(),
      ...ids,
      credentialKind: advanced.credentialKind,
      accessLevelId: level?.id ?? null,
      policyRevision: target.policyRevision,
      authorization: verdict?.auditLine ?? null,
      kept: verdict?.kept ?? null,
      mfa: target.mfaRequired,
      exp: now() + deps.approvalTtlSeconds,
    });
    return termsOf(target, advanced.credentialKind, level, approval);
  };

  /** Agree after Advanced Mode: the approval must be this person's, for this computer, unused and fresh. */
  const redeemApproval = async (caller: Caller, body: z.output<typeof gateway.ticketRequestSchema>) => {
    const opened = openApproval(deps.gatewayKey, body.approval, now());
    if (!opened.ok)
      throw new OpenPsmError(opened.code, {
        message:
          opened.code === 'TICKET_EXPIRED'
            ? 'Your Advanced Mode choices expired before you agreed. Start again from My Resources.'
            : 'These Advanced Mode choices are not valid. Start again from My Resources.',
      });
    const a = opened.claims;
    if (a.personId !== caller.personId || a.policyId !== body.policyId || a.computerId !== body.computerId)
      throw new OpenPsmError('TICKET_INVALID', {
        message: 'These Advanced Mode choices were made for another session. Start again from My Resources.',
      });
    if (!(await deps.ledger.redeem(a.jti, a.exp)))
      throw new OpenPsmError('TICKET_REPLAYED', {
        message: 'These Advanced Mode choices were already used for a session. Start again from My Resources.',
      });
    return a;
  };

  return { approve, redeemApproval };
}
