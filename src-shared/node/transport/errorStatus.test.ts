import { describe, expect, it } from 'vitest';
import { errorCatalog, type ErrorCode } from '../../common/errors';
import { statusName } from '../../common/guac/status';
import { decodeInstructions } from '../../common/guac';
import { errorFrame, errorStatus, guacStatusCode, httpStatus, wsCloseCode } from './errorStatus';

/** The statuses the API answered with before there was one table (HttpError's throw sites, connectRefusals.ts, the router). */
const answeredBefore: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  AUTH_REQUIRED: 401,
  TOKEN_INVALID: 401,
  FORBIDDEN_ROLE: 403,
  CONFLICT: 409,
  MISDIRECTED_REQUEST: 421,
  INTERNAL: 500,
  SIGN_IN_FAILED: 400,
  SETUP_CLOSED: 409,
  SETUP_CODE_INVALID: 403,
  VAULT_NOT_CREATED: 404,
  VAULT_UNLOCK_LIMITED: 429,
  INVALID_MASTER_PASSWORD: 401,
  VAULT_EXISTS: 409,
  VAULT_CONFLICT: 409,
  SELF_APPROVAL: 403,
  RECORDING_NOT_FOUND: 404,
  RECORDING_NOT_READY: 409,
  RECORDING_UNREADABLE: 502,
  SESSION_NOT_FOUND: 404,
  MONITORING_OFF: 403,
  TOO_MANY_ATTEMPTS: 429,
  TICKET_INVALID: 409,
  TICKET_EXPIRED: 409,
  TICKET_REPLAYED: 409,
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
};

describe('the error status table', () => {
  const codes = Object.keys(errorCatalog) as ErrorCode[];

  it('has a row for every error code, and nothing else', () => {
    expect(Object.keys(errorStatus).sort()).toEqual([...codes].sort());
  });

  it.each(codes)('%s: an HTTP error status, a close code a socket may send, a known guac status', (code) => {
    const { http, ws, guac } = errorStatus[code];
    expect(http).toBeGreaterThanOrEqual(400);
    expect(http).toBeLessThan(600);
    expect(ws === 1002 || ws === 1003 || ws === 1008 || ws === 1009 || ws === 1011).toBe(true);
    expect(statusName(guac)).toBeDefined();
    expect(guac).not.toBe(0);
  });

  it.each(Object.entries(answeredBefore))('%s keeps the HTTP status it was answered with (%i)', (code, status) => {
    expect(httpStatus(code as ErrorCode)).toBe(status);
  });

  it("puts the code's guac status in the tunnel's error frame", () => {
    const [frame] = decodeInstructions(errorFrame({ code: 'TARGET_AUTH_FAILED', message: 'Wrong.' }));
    expect(frame).toEqual([
      '',
      'openpsm.error',
      'TARGET_AUTH_FAILED',
      'Wrong.',
      String(guacStatusCode('TARGET_AUTH_FAILED')),
    ]);
    expect(frame?.[4]).toBe('769');
  });

  it('closes a socket normally (1000) when it ends without an error', () => {
    expect(wsCloseCode(null)).toBe(1000);
    expect(wsCloseCode({ code: 'PROTOCOL_VIOLATION' })).toBe(1008);
  });
});
