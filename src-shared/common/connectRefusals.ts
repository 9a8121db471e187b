import type { ErrorCode } from './errors';

/**
 * Every way a session start can be refused (seed 000's troubleshooting list and the gateway's
 * own checks), with the HTTP status the control plane answers it with. The message a user
 * can act on is the code's entry in the error catalog.
 */
export const connectRefusalStatus = {
  INVALID_PARAMETER: 400,
  LINK_FOR_ANOTHER_PERSON: 403,
  RESOURCE_NOT_ALLOWED: 403,
  RDP_PROXY_DISABLED: 409,
  CONNECT_NEEDS_CHOICE: 409,
  CREDENTIAL_KIND_NOT_ALLOWED: 409,
  NO_SHARED_CREDENTIAL: 409,
  NO_PERSONAL_CREDENTIAL: 409,
  JIT_NOT_ENABLED: 409,
  JIT_PROVISIONING_FAILED: 502,
  ACCESS_LEVEL_REQUIRED: 409,
  ACCESS_LEVEL_NOT_ASSIGNED: 403,
  ACCESS_LEVEL_NOT_APPROVED: 403,
  MFA_NOT_ENROLLED: 403,
  MFA_INVALID: 403,
  AUTHORIZATION_REQUIRED: 409,
  AUTHORIZATION_DENIED: 403,
} as const satisfies Partial<Record<ErrorCode, number>>;

export type ConnectRefusal = keyof typeof connectRefusalStatus;

export function isConnectRefusal(code: string): code is ConnectRefusal {
  return Object.hasOwn(connectRefusalStatus, code);
}
