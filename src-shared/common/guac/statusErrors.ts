import { errorMessage, OpenPsmError, type ErrorCode } from '../errors';
import { guacStatus } from './status';

/** How long guacd waits for a silent user before it drops it: guacd's own limit, not a setting of ours. */
export const guacdUserTimeoutSeconds = 15;

/**
 * Turns guacd's `error,<message>,<code>` into one of our codes with a message a user can
 * act on. guacd's SSH and VNC texts are only "Aborted. See logs.", so the code explains;
 * RDP texts carry real detail and are kept beside the explanation.
 */
export function errorForGuacStatus(code: number, guacdMessage: string): OpenPsmError {
  const byStatus: Partial<Record<number, ErrorCode>> = {
    [guacStatus.CLIENT_UNAUTHORIZED]: 'TARGET_AUTH_FAILED',
    [guacStatus.CLIENT_FORBIDDEN]: 'TARGET_AUTH_FAILED',
    [guacStatus.UPSTREAM_ERROR]: 'TARGET_UNREACHABLE',
    [guacStatus.UPSTREAM_NOT_FOUND]: 'TARGET_UNREACHABLE',
    [guacStatus.UPSTREAM_UNAVAILABLE]: 'TARGET_UNREACHABLE',
    [guacStatus.UPSTREAM_TIMEOUT]: 'TARGET_UNREACHABLE',
    [guacStatus.CLIENT_TIMEOUT]: 'SESSION_TIMEOUT',
    [guacStatus.SESSION_TIMEOUT]: 'SESSION_TIMEOUT',
    [guacStatus.RESOURCE_NOT_FOUND]: 'SESSION_NOT_FOUND',
  };
  let ours = byStatus[code] ?? 'SESSION_FAILED';
  if (/security negotiation/i.test(guacdMessage)) ours = 'TARGET_SECURITY_FAILED';
  // The gateway's rewrite of guacd's abort for an SSH computer with a pinned host key (computerOptionValues.ts).
  if (/^Host key did not match/i.test(guacdMessage)) ours = 'TARGET_HOST_KEY_REFUSED';
  // guacd's RDP verify callback refusing the certificate: 519 "SSL/TLS connection failed (untrusted/self-signed certificate?)".
  if (code === guacStatus.UPSTREAM_NOT_FOUND && /certificate/i.test(guacdMessage)) ours = 'TARGET_CERTIFICATE_REFUSED';
  const generic = guacdMessage === '' || /^Aborted\. See logs\.?$/i.test(guacdMessage);
  const detail = generic ? '' : ` guacd said: "${guacdMessage.slice(0, 200)}".`;
  const params = ours === 'SESSION_TIMEOUT' ? { seconds: guacdUserTimeoutSeconds } : {};
  return new OpenPsmError(ours, {
    ...params,
    message: `${errorMessage(ours, params)}${detail} (guacd status ${code})`,
  });
}
