import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { questionKeySchema, type PluginQuestion } from '@shared/common/api/controlPlane/authorizationPlugins';
import type * as gateway from '@shared/common/api/gateway';
import { OpenPsmError } from '@shared/common/errors';
import { openClaims, sealClaims } from '@shared/node/tickets/sealedClaims';
import type { Database } from '../db/schema';
import type { TicketLedger } from '../db/ticketLedger';
import { webhookSecretPurpose } from '../db/storedHooks';
import type { ServerKey } from '../secrets/serverKey';
import { promptHook, type AuthorizationContext, type AuthorizationResult } from '../gateway/authorizationHook';
import type { CatalogTarget } from '../gateway/connectPolicy';
import type { PersonLevel } from '../db/accessLevels';
import { webhookPlugin } from '../gateway/webhookPlugin';
import type { Caller } from './router';

/** What running a policy's plugin needs: the keys, the webhook's time limit and rounds, and the person's groups. */
export interface PluginDeps {
  db: Kysely<Database>;
  /** Spends each round token once. */
  ledger: Pick<TicketLedger, 'redeem'>;
  gatewayKey: Buffer;
  serverKey: Pick<ServerKey, 'open'>;
  /** How long one webhook call may take. */
  pluginTimeoutMs: number;
  /** How many rounds of questions a webhook may ask before the session is refused. */
  pluginRounds: number;
  approvalTtlSeconds: number;
}

/** A webhook's round between two Continues, sealed: whose it is, which round, which answers are secret, MFA done. */
const roundSchema = z
  .object({
    v: z.literal(1),
    personId: z.uuid(),
    policyId: z.uuid(),
    computerId: z.uuid(),
    /** Single use: spent (in the ticket ledger) once the webhook answered the Continue it came with. */
    jti: z.uuid(),
    round: z.number().int().min(1).max(100),
    /** The keys asked so far that are not secret: only their answers are audited as typed. */
    publicKeys: z.array(questionKeySchema).max(100),
    mfa: z.boolean(),
    exp: z.number().int().min(0),
  })
  .strict();
type Round = z.infer<typeof roundSchema>;
const roundAad = 'openpsm-authorization-round/1';

/** Where one Continue stands: the session's ids, the person, where they are, and what they chose. */
export interface PluginStep {
  caller: Caller;
  address: string;
  ids: { personId: string; policyId: string; computerId: string };
  target: CatalogTarget;
  level: PersonLevel | null;
  advanced: gateway.AdvancedChoices;
}

/**
 * The round the person answers (from their sealed token), or null on the first Continue or when
 * the policy's plugin is no webhook; refused when it is not theirs or too old.
 */
export function openRound(deps: PluginDeps, step: PluginStep): Round | null {
  if (step.advanced.round === undefined || step.target.authorization?.plugin !== 'webhook') return null;
  const opened = openClaims(deps.gatewayKey, roundAad, roundSchema, step.advanced.round, Date.now() / 1000, 4096);
  const r = opened.ok ? opened.claims : null;
  if (
    !r ||
    r.personId !== step.ids.personId ||
    r.policyId !== step.ids.policyId ||
    r.computerId !== step.ids.computerId
  )
    throw new OpenPsmError(opened.ok ? 'TICKET_INVALID' : opened.code, {
      message: 'These questions are no longer valid. Start again from My Resources.',
    });
  return r;
}

const groupNames = async (db: Kysely<Database>, personId: string) =>
  (
    await db
      .selectFrom('memberships as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .select('g.name')
      .where('m.person_id', '=', personId)
      .orderBy(sql`lower(g.name)`)
      .execute()
  ).map((g) => g.name);

/** What the plugin sees of this Continue (seed 002's context). */
async function contextOf(deps: PluginDeps, step: PluginStep): Promise<AuthorizationContext> {
  const { caller, target, level, advanced, ids } = step;
  return {
    person: {
      id: caller.personId,
      username: caller.username,
      roles: caller.roles,
      groups: await groupNames(deps.db, caller.personId),
    },
    computer: { id: ids.computerId, name: target.computerName, host: target.host, protocol: target.protocol },
    remoteUsername: level?.targetAccount ?? null,
    policy: { id: ids.policyId, name: target.policyName },
    accessLevel: level ? { id: level.id, name: level.name } : null,
    requestId: level?.requestId ?? null,
    clientAddress: step.address,
    answer: advanced.authorization,
    answers: advanced.answers ?? {},
  };
}

/** The answers as the audit shows them: only those to questions asked as not secret as typed, any other by its key. */
function answersShown(answers: Record<string, string>, publicKeys: string[]): string | null {
  const shown = Object.entries(answers).map(([key, value]) =>
    publicKeys.includes(key) ? `${key}=${JSON.stringify(value.slice(0, 100))}` : `${key}=(secret)`,
  );
  return shown.length ? `answers ${shown.join(', ')}` : null;
}

/** The webhook's questions, with the sealed round the next Continue hands back. */
export type PluginVerdict =
  | Extract<AuthorizationResult, { decision: 'allow' }>
  | { decision: 'ask'; questions: { round: string; questions: PluginQuestion[] } };

/** A round token already used: its questions were answered once (and the MFA code with them). */
const replayed = () =>
  new OpenPsmError('TICKET_REPLAYED', {
    message: 'These answers were already sent once. Start again from My Resources.',
  });

/**
 * Runs the policy's plugin as the last step of Advanced Mode's Continue: the Prompt checks its
 * answer; the Webhook is called with the answers so far and may ask again, up to `pluginRounds`
 * rounds. `previous` is the round being answered (openRound), spent once the webhook answered, so
 * a time-out can be retried but no round (nor the MFA code it carries) serves twice. Null when the
 * policy has none. Rejects with the plugin's refusal.
 */
export async function runPlugin(
  deps: PluginDeps,
  step: PluginStep,
  mfa: boolean,
  previous: Round | null,
): Promise<PluginVerdict | null> {
  const hook = step.target.authorization;
  if (!hook) return null;
  if (hook.plugin !== 'webhook')
    return promptHook(hook).authorize(await contextOf(deps, step)) as Promise<PluginVerdict>;
  const round = (previous?.round ?? 0) + 1;
  const secret = deps.serverKey.open(webhookSecretPurpose, hook.secretSealed);
  const plugin = webhookPlugin({ url: hook.url, secret, timeoutMs: deps.pluginTimeoutMs, round });
  const result = await plugin.authorize(await contextOf(deps, step));
  if (previous && !(await deps.ledger.redeem(previous.jti, previous.exp))) throw replayed();
  const publicKeys = previous?.publicKeys ?? [];
  if (result.decision === 'allow') {
    const shown = answersShown(step.advanced.answers ?? {}, publicKeys);
    return { ...result, auditLine: [result.auditLine, shown].filter(Boolean).join('; ').slice(0, 4000) };
  }
  if (round > deps.pluginRounds)
    throw new OpenPsmError('AUTHORIZATION_PLUGIN_FAILED', {
      message: `The policy's authorization webhook asked more than ${deps.pluginRounds} rounds of questions, so the session was refused. Ask an administrator to check it.`,
    });
  const asked = result.questions.filter((q) => !q.secret).map((q) => q.key);
  const secretNow = new Set(result.questions.filter((q) => q.secret).map((q) => q.key));
  const sealed = sealClaims(deps.gatewayKey, roundAad, roundSchema, {
    v: 1,
    jti: crypto.randomUUID(),
    ...step.ids,
    round,
    publicKeys: [...new Set([...publicKeys.filter((k) => !secretNow.has(k)), ...asked])],
    mfa: mfa || (previous?.mfa ?? false),
    exp: Math.floor(Date.now() / 1000) + deps.approvalTtlSeconds,
  });
  return { decision: 'ask', questions: { round: sealed, questions: result.questions } };
}
