import type { ErrorCode } from './errors';

/**
 * Every way a session start can be refused (seed 000's troubleshooting list and the gateway's
 * own checks). The message a user can act on is the code's entry in the error catalog; how
 * each transport answers it (its HTTP status) is the status table's
 * (src-shared/node/transport/errorStatus.ts).
 */
export const connectRefusals = [
  'INVALID_PARAMETER',
  'LINK_FOR_ANOTHER_PERSON',
  'RESOURCE_NOT_ALLOWED',
  'RDP_PROXY_DISABLED',
  'CONNECT_NEEDS_CHOICE',
  'CREDENTIAL_KIND_NOT_ALLOWED',
  'NO_SHARED_CREDENTIAL',
  'TARGET_ACCOUNT_MISSING',
  'POLICY_CHANGED',
  'NO_PERSONAL_CREDENTIAL',
  'JIT_NOT_ENABLED',
  'JIT_PROVISIONING_FAILED',
  'ACCESS_LEVEL_REQUIRED',
  'ACCESS_LEVEL_NOT_ASSIGNED',
  'ACCESS_LEVEL_NOT_APPROVED',
  'GRANT_EXPIRED',
  'MFA_NOT_ENROLLED',
  'MFA_INVALID',
  'AUTHORIZATION_REQUIRED',
  'AUTHORIZATION_DENIED',
  'AUTHORIZATION_PLUGIN_FAILED',
] as const satisfies readonly ErrorCode[];

export type ConnectRefusal = (typeof connectRefusals)[number];

export function isConnectRefusal(code: string): code is ConnectRefusal {
  return (connectRefusals as readonly string[]).includes(code);
}
