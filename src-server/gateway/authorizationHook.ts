import type { AuthorizationHook } from '@shared/common/api/controlPlane/policies';
import { OpenPsmError } from '@shared/common/errors';

/** What an authorization hook sees (seed 002: after authentication, before the session). */
export interface AuthorizationContext {
  username: string;
  computerName: string;
  policyName: string;
  /** What the person answered to the hook's question, or null. */
  answer: string | null;
}

/**
 * A pluggable step that authorizes a session and may ask the person for more (seed 002).
 * Resolves with the line kept in the audit log; rejects with AUTHORIZATION_REQUIRED or
 * AUTHORIZATION_DENIED.
 */
export interface SessionAuthorizer {
  authorize(context: AuthorizationContext): Promise<string>;
}

/**
 * The built-in hook: asks for a ticket id or a justification, and (for a ticket id) checks it
 * against the policy's pattern. The answer goes to the audit log.
 */
export function promptHook(config: AuthorizationHook): SessionAuthorizer {
  const label = config.asks === 'ticket-id' ? 'ticket id' : 'justification';
  const pattern = config.pattern === null ? null : new RegExp(`^(?:${config.pattern})$`);
  return {
    authorize: ({ answer }) => {
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
      return Promise.resolve(`${label} ${JSON.stringify(text)}`);
    },
  };
}
