import { webhookAnswerSchema, type WebhookAnswer } from '@shared/common/api/controlPlane/authorizationPlugins';
import { OpenPsmError } from '@shared/common/errors';
import { signatureHeader, timestampHeader, webhookSignature } from '@shared/node/webhook/signature';
import type { AuthorizationContext, AuthorizationResult, SessionAuthorizer } from './authorizationHook';

/** How the Webhook plugin calls out: its address and secret (opened), how long it waits, and which round this is. */
export interface WebhookCall {
  url: string;
  secret: string;
  timeoutMs: number;
  /** 1 for the first call; the person's answers come from the rounds before. */
  round: number;
}

/** The longest answer read from a webhook. */
const maxAnswerBytes = 64 * 1024;

const failed = (why: string) =>
  new OpenPsmError('AUTHORIZATION_PLUGIN_FAILED', {
    message: `The policy's authorization webhook ${why}, so the session was refused. Try again, or ask an administrator to check it.`,
  });

/** The request the webhook gets (README, "Authorization plugins"): snake_case, as seed 002's plugins read it. */
function requestBody(context: AuthorizationContext, round: number): string {
  return JSON.stringify({
    version: 1,
    round,
    person: context.person,
    computer: context.computer,
    remote_username: context.remoteUsername,
    policy: context.policy,
    access_level: context.accessLevel,
    request_id: context.requestId,
    client_address: context.clientAddress,
    answers: context.answers,
  });
}

/** POSTs the signed request and reads the answer; any failure (time-out, status, size, shape) is AUTHORIZATION_PLUGIN_FAILED. */
async function callWebhook(call: WebhookCall, body: string): Promise<WebhookAnswer> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  let response: Response;
  try {
    response = await fetch(call.url, {
      method: 'POST',
      redirect: 'error',
      signal: AbortSignal.timeout(call.timeoutMs),
      headers: {
        'content-type': 'application/json',
        [timestampHeader]: timestamp,
        [signatureHeader]: webhookSignature(call.secret, timestamp, body),
      },
      body,
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw failed(timedOut ? `did not answer within ${call.timeoutMs / 1000} s` : 'could not be reached');
  }
  const text = await readBounded(response);
  if (!response.ok) throw failed(`answered HTTP ${response.status}`);
  return parseWebhookAnswer(text);
}

/** A webhook's answer text, checked: anything but an allow, deny or ask of the documented shape is AUTHORIZATION_PLUGIN_FAILED. */
export function parseWebhookAnswer(text: string): WebhookAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw failed('answered something that is not JSON');
  }
  const answer = webhookAnswerSchema.safeParse(parsed);
  if (!answer.success) throw failed('gave an answer OpenPSM does not understand');
  return answer.data;
}

/**
 * The answer's text, read as it streams and refused past maxAnswerBytes; the request's time limit
 * (its abort signal) covers the body too.
 */
async function readBounded(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      size += next.value.byteLength;
      if (size > maxAnswerBytes) throw new Error('too long');
      chunks.push(next.value);
    }
  } catch {
    void reader.cancel().catch(() => undefined);
    throw failed('did not finish its answer in time, or answered more than 64 KB');
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * The Webhook plugin: an HTTPS JSON POST, signed with HMAC-SHA256 over its timestamp and body.
 * allow → what the session keeps (gateway user and groups, ticket id, metadata); deny → the
 * webhook's message; ask → its questions for the person.
 */
export function webhookPlugin(call: WebhookCall): SessionAuthorizer {
  return {
    authorize: async (context): Promise<AuthorizationResult> => {
      const answer = await callWebhook(call, requestBody(context, call.round));
      if (answer.decision === 'deny')
        throw new OpenPsmError('AUTHORIZATION_DENIED', {
          message: `The authorization webhook refused: ${answer.message}`,
        });
      if (answer.decision === 'ask') return { decision: 'ask', questions: answer.questions };
      const kept = {
        plugin: 'webhook' as const,
        ticketId: answer.ticket_id ?? null,
        gatewayUser: answer.gateway_user ?? null,
        gatewayGroups: answer.gateway_groups ?? [],
        metadata: answer.metadata ?? {},
      };
      const parts = [
        `webhook allowed (round ${call.round})`,
        kept.ticketId ? `ticket ${JSON.stringify(kept.ticketId)}` : null,
        kept.gatewayUser ? `gateway user ${JSON.stringify(kept.gatewayUser)}` : null,
      ];
      return { decision: 'allow', kept, auditLine: parts.filter(Boolean).join('; ') };
    },
  };
}
