import type { ErrorCode } from '../../common/errors';
import { tunnelErrorFrame } from '../../common/guac/messages';
import { guacStatus, type GuacStatusName } from '../../common/guac/status';

/** How one transport answers a code: its HTTP status, WebSocket close code and guac status. */
export interface TransportStatus {
  http: number;
  ws: number;
  guac: number;
}

/**
 * Apache Guacamole's GuacamoleStatus: each guac status with the HTTP status and WebSocket close
 * code Guacamole gives it. A code below names the guac status it is; it takes that status's
 * HTTP status unless the row says otherwise (the API's answers stay what they were).
 */
const guacamole: Record<Exclude<GuacStatusName, 'SUCCESS'>, { http: number; ws: number }> = {
  UNSUPPORTED: { http: 501, ws: 1011 },
  SERVER_ERROR: { http: 500, ws: 1011 },
  SERVER_BUSY: { http: 503, ws: 1008 },
  UPSTREAM_TIMEOUT: { http: 504, ws: 1011 },
  UPSTREAM_ERROR: { http: 502, ws: 1011 },
  RESOURCE_NOT_FOUND: { http: 404, ws: 1002 },
  RESOURCE_CONFLICT: { http: 409, ws: 1008 },
  RESOURCE_CLOSED: { http: 404, ws: 1002 },
  UPSTREAM_NOT_FOUND: { http: 502, ws: 1011 },
  UPSTREAM_UNAVAILABLE: { http: 502, ws: 1011 },
  SESSION_CONFLICT: { http: 409, ws: 1008 },
  SESSION_TIMEOUT: { http: 408, ws: 1002 },
  SESSION_CLOSED: { http: 404, ws: 1002 },
  CLIENT_BAD_REQUEST: { http: 400, ws: 1002 },
  CLIENT_UNAUTHORIZED: { http: 403, ws: 1008 },
  CLIENT_FORBIDDEN: { http: 403, ws: 1008 },
  CLIENT_TIMEOUT: { http: 408, ws: 1002 },
  CLIENT_OVERRUN: { http: 413, ws: 1009 },
  CLIENT_BAD_TYPE: { http: 415, ws: 1003 },
  CLIENT_TOO_MANY: { http: 429, ws: 1008 },
};

type Row = [Exclude<GuacStatusName, 'SUCCESS'>, number?];

/** Every code: the guac status it is, and its HTTP status where it differs from Guacamole's. */
const rows: Record<ErrorCode, Row> = {
  BAD_MESSAGE: ['CLIENT_BAD_REQUEST'],
  UNKNOWN_METHOD: ['UNSUPPORTED'],
  INVALID_PARAMS: ['CLIENT_BAD_REQUEST'],
  INVALID_RESULT: ['SERVER_ERROR'],
  FORBIDDEN_SENDER: ['CLIENT_FORBIDDEN'],
  UNAUTHORIZED: ['CLIENT_UNAUTHORIZED', 401],
  SETTINGS_INVALID: ['CLIENT_BAD_REQUEST'],
  CONFIG_INVALID: ['SERVER_ERROR'],
  TRANSPORT_CLOSED: ['UPSTREAM_UNAVAILABLE'],
  INTERNAL: ['SERVER_ERROR'],
  SERVER_STARTING: ['SERVER_BUSY'],
  COMPUTER_NOT_FOUND: ['RESOURCE_NOT_FOUND'],
  GUACD_UNREACHABLE: ['UPSTREAM_NOT_FOUND'],
  GUACD_TLS_FAILED: ['UPSTREAM_ERROR'],
  GUACD_NO_ANSWER: ['UPSTREAM_TIMEOUT'],
  GUACD_NOT_READY: ['UPSTREAM_TIMEOUT'],
  GUACD_REJECTED: ['UPSTREAM_ERROR'],
  GUACD_SILENT: ['UPSTREAM_TIMEOUT'],
  GUACD_CLOSED: ['UPSTREAM_UNAVAILABLE'],
  TARGET_AUTH_FAILED: ['CLIENT_UNAUTHORIZED'],
  TARGET_UNREACHABLE: ['UPSTREAM_NOT_FOUND'],
  TARGET_SECURITY_FAILED: ['UPSTREAM_ERROR'],
  TARGET_CERTIFICATE_REFUSED: ['UPSTREAM_NOT_FOUND'],
  TARGET_HOST_KEY_REFUSED: ['UPSTREAM_ERROR'],
  RDP_CERTIFICATE_UNREADABLE: ['UPSTREAM_ERROR'],
  GUACD_LACKS_ARGUMENT: ['UNSUPPORTED'],
  SESSION_TIMEOUT: ['SESSION_TIMEOUT'],
  SESSION_NOT_FOUND: ['RESOURCE_NOT_FOUND'],
  SESSION_FAILED: ['UPSTREAM_ERROR'],
  SESSION_TOKEN_INVALID: ['CLIENT_UNAUTHORIZED', 401],
  PROTOCOL_VIOLATION: ['CLIENT_FORBIDDEN'],
  GUAC_MALFORMED: ['CLIENT_BAD_REQUEST'],
  BAD_REQUEST: ['CLIENT_BAD_REQUEST'],
  EXPORT_TOO_LARGE: ['CLIENT_BAD_REQUEST', 413],
  NOT_FOUND: ['RESOURCE_NOT_FOUND'],
  MISDIRECTED_REQUEST: ['CLIENT_BAD_REQUEST', 421],
  AUTH_REQUIRED: ['CLIENT_UNAUTHORIZED', 401],
  TOKEN_INVALID: ['CLIENT_UNAUTHORIZED', 401],
  FORBIDDEN_ROLE: ['CLIENT_FORBIDDEN'],
  SETUP_CLOSED: ['RESOURCE_CONFLICT'],
  SETUP_CODE_INVALID: ['CLIENT_FORBIDDEN'],
  ONE_TIME_CODE_INVALID: ['CLIENT_UNAUTHORIZED', 401],
  NEW_PASSWORDS_DIFFER: ['CLIENT_BAD_REQUEST'],
  CONFLICT: ['RESOURCE_CONFLICT'],
  COMPUTER_IN_USE: ['RESOURCE_CONFLICT'],
  STALE_REVISION: ['RESOURCE_CONFLICT'],
  USERNAME_OF_DELETED: ['RESOURCE_CONFLICT'],
  SERVER_KEY_MISSING: ['SERVER_ERROR'],
  NOT_SIGNED_IN: ['CLIENT_UNAUTHORIZED', 401],
  SIGN_IN_FAILED: ['CLIENT_BAD_REQUEST'],
  SIGN_IN_CANCELLED: ['CLIENT_TIMEOUT'],
  SIGN_IN_REVOKED: ['CLIENT_UNAUTHORIZED', 401],
  SERVER_UNREACHABLE: ['UPSTREAM_UNAVAILABLE'],
  TLS_NAME_MISMATCH: ['UPSTREAM_ERROR'],
  TLS_UNTRUSTED: ['UPSTREAM_ERROR'],
  RDP_PROXY_DISABLED: ['UNSUPPORTED', 409],
  INVALID_MASTER_PASSWORD: ['CLIENT_UNAUTHORIZED', 401],
  VAULT_RETRY_LATER: ['CLIENT_TOO_MANY'],
  VAULT_UNLOCK_LIMITED: ['CLIENT_TOO_MANY'],
  VAULT_TAMPERED: ['SERVER_ERROR'],
  VAULT_NOT_CACHED: ['UPSTREAM_UNAVAILABLE'],
  VAULT_LOCKED: ['CLIENT_UNAUTHORIZED'],
  VAULT_EXISTS: ['RESOURCE_CONFLICT'],
  VAULT_NOT_CREATED: ['RESOURCE_NOT_FOUND'],
  VAULT_ITEM_NOT_FOUND: ['RESOURCE_NOT_FOUND'],
  VAULT_OFFLINE: ['UPSTREAM_UNAVAILABLE'],
  VAULT_CONFLICT: ['RESOURCE_CONFLICT'],
  NO_KEYCHAIN: ['UNSUPPORTED'],
  TOKEN_EXPIRED: ['CLIENT_UNAUTHORIZED', 401],
  TICKET_INVALID: ['CLIENT_FORBIDDEN', 409],
  TICKET_EXPIRED: ['CLIENT_TIMEOUT', 409],
  TICKET_REPLAYED: ['SESSION_CONFLICT'],
  RESOURCE_NOT_ALLOWED: ['CLIENT_FORBIDDEN'],
  NO_SHARED_CREDENTIAL: ['RESOURCE_NOT_FOUND', 409],
  CONNECT_NEEDS_CHOICE: ['CLIENT_BAD_REQUEST', 409],
  NO_BACKEND: ['UNSUPPORTED'],
  NO_PERSONAL_CREDENTIAL: ['RESOURCE_NOT_FOUND', 409],
  CREDENTIAL_KIND_NOT_ALLOWED: ['CLIENT_FORBIDDEN', 409],
  JIT_NOT_ENABLED: ['UNSUPPORTED', 409],
  JIT_PROVISIONING_FAILED: ['UPSTREAM_ERROR'],
  ACCESS_LEVEL_REQUIRED: ['CLIENT_BAD_REQUEST', 409],
  ACCESS_LEVEL_NOT_ASSIGNED: ['CLIENT_FORBIDDEN'],
  ACCESS_LEVEL_NOT_APPROVED: ['CLIENT_FORBIDDEN'],
  SELF_APPROVAL: ['CLIENT_FORBIDDEN'],
  GRANT_EXPIRED: ['CLIENT_FORBIDDEN'],
  GRANT_REVOKED: ['SESSION_CLOSED'],
  MFA_NOT_ENROLLED: ['CLIENT_FORBIDDEN'],
  MFA_INVALID: ['CLIENT_UNAUTHORIZED'],
  TOO_MANY_ATTEMPTS: ['CLIENT_TOO_MANY'],
  AUTHORIZATION_REQUIRED: ['CLIENT_UNAUTHORIZED', 409],
  AUTHORIZATION_DENIED: ['CLIENT_FORBIDDEN'],
  INVALID_PARAMETER: ['CLIENT_BAD_REQUEST'],
  MONITORING_OFF: ['CLIENT_FORBIDDEN'],
  WATCHER_TOO_SLOW: ['CLIENT_TOO_MANY'],
  RECORDING_NOT_FOUND: ['RESOURCE_NOT_FOUND'],
  RECORDING_NOT_READY: ['RESOURCE_CONFLICT'],
  RECORDING_UNREADABLE: ['UPSTREAM_ERROR'],
  WATCHED_SESSION_ENDED: ['SESSION_CLOSED'],
  SESSION_TERMINATED: ['SESSION_CLOSED'],
  SESSION_TIME_LIMIT: ['SESSION_CLOSED'],
  LINK_FOR_ANOTHER_PERSON: ['CLIENT_FORBIDDEN'],
  API_KEY_NOT_ALLOWED: ['CLIENT_FORBIDDEN'],
  LDAP_TEST_FAILED: ['UPSTREAM_ERROR'],
  OIDC_TEST_FAILED: ['UPSTREAM_ERROR'],
};

/** How every transport answers a code: the one table (in the spirit of Guacamole's GuacamoleStatus). */
export const errorStatus = Object.fromEntries(
  Object.entries(rows).map(([code, [name, http]]) => [
    code,
    { http: http ?? guacamole[name].http, ws: guacamole[name].ws, guac: guacStatus[name] },
  ]),
) as Record<ErrorCode, TransportStatus>;

/** The HTTP status an API answer with this code carries. */
export const httpStatus = (code: ErrorCode): number => errorStatus[code].http;

/** The close code for a socket ended with this error; 1000 (normal) for an end without one. */
export const wsCloseCode = (error: { code: ErrorCode } | null): number => (error ? errorStatus[error.code].ws : 1000);

/** The Guacamole status code of an error, as `error,<message>,<status>` would carry it. */
export const guacStatusCode = (code: ErrorCode): number => errorStatus[code].guac;

/** The tunnel's error frame for an error, carrying the guac status the table gives its code. */
export const errorFrame = (error: { code: ErrorCode; message: string }): string =>
  tunnelErrorFrame(error, guacStatusCode(error.code));
