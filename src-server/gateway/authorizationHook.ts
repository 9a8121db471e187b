import type {
  PluginQuestion,
  PromptPlugin,
  SessionAuthorization,
} from '@shared/common/api/controlPlane/authorizationPlugins';
import { OpenPsmError } from '@shared/common/errors';

/** What an authorization plugin sees (seed 002: after authentication, the last step before the session). */
export interface AuthorizationContext {
  person: { id: string; username: string; roles: string[]; groups: string[] };
  computer: { id: string; name: string; host: string; protocol: string };
  /** The account the session logs in as on the computer, where the server knows it now. */
  remoteUsername: string | null;
  policy: { id: string; name: string };
  accessLevel: { id: string; name: string } | null;
  /** The access request whose grant the session runs under, or null. */
  requestId: string | null;
  clientAddress: string;
  /** What the person typed in the prompt's field, or null. */
  answer: string | null;
  /** The person's answers to a webhook's questions so far, by key. */
  answers: Record<string, string>;
}

/** A plugin's verdict: allow (with what the session keeps and the audit line), or questions for the person. */
export type AuthorizationResult =
  | { decision: 'allow'; kept: SessionAuthorization; auditLine: string }
  | { decision: 'ask'; questions: PluginQuestion[] };

/**
 * One authorization plugin (seed 002). Resolves with its verdict; rejects with
 * AUTHORIZATION_REQUIRED, AUTHORIZATION_DENIED or AUTHORIZATION_PLUGIN_FAILED.
 */
export interface SessionAuthorizer {
  authorize(context: AuthorizationContext): Promise<AuthorizationResult>;
}

/**
 * The Prompt plugin: asks for a ticket id or a justification, and (for a ticket id) checks it
 * against the policy's pattern. The answer goes to the audit log and stays on the session.
 */
export function promptHook(config: PromptPlugin): SessionAuthorizer {
  const label = config.asks === 'ticket-id' ? 'ticket id' : 'justification';
  const pattern = config.pattern === null ? null : new RegExp(`^(?:${config.pattern})$`);
  return {
    authorize: ({ answer }): Promise<AuthorizationResult> => {
      const text = answer?.trim() ?? '';
      if (text === '')
        return Promise.reject(
          new OpenPsmError('AUTHORIZATION_REQUIRED', {
            message: `This policy asks for a ${label} before a session starts: ${config.prompt}`,
          }),
        );
      if (pattern && !pattern.test(text))
        return Promise.reject(
          new OpenPsmError('AUTHORIZATION_DENIED', {
            message: `The ${label} ${JSON.stringify(text.slice(0, 60))} was not accepted: it must look like the policy's format. ${config.prompt}`,
          }),
        );
      const ticket = config.asks === 'ticket-id';
      return Promise.resolve({
        decision: 'allow' as const,
        kept: {
          plugin: 'prompt' as const,
          ticketId: ticket ? text : null,
          gatewayUser: null,
          gatewayGroups: [],
          metadata: ticket ? ({} as Record<string, string>) : { justification: text },
        },
        auditLine: `${label} ${JSON.stringify(text)}`,
      });
    },
  };
}
