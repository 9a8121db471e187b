import { waitText } from './retryWait';

/** What an error carries besides its code: its details, as they cross every boundary. */
export interface ErrorParams {
  /** A more precise message than the catalog's, for this occurrence. */
  message?: string;
  /** Dotted path of the bad field, when one field is to blame. */
  path?: string;
  /** The configured duration the message names (a timer's value), in seconds. */
  seconds?: number;
  /** When to try again, for a refusal that passes (a rate limit). */
  retryAfterSeconds?: number;
  /** What was guessed wrong too often (TOO_MANY_ATTEMPTS): a password or a code. */
  guessed?: 'password' | 'code';
  /** The bad fields of a request. */
  fields?: Array<{ path: string; message: string }>;
  /** Which rule of the Guacamole wire format a stream broke (GUAC_MALFORMED). */
  fault?: GuacFault;
}

/** The rules of the Guacamole wire format and of guacd's limits a stream can break. */
export type GuacFault =
  | 'BAD_LENGTH'
  | 'ELEMENT_TOO_LONG'
  | 'TOO_MANY_ELEMENTS'
  | 'INSTRUCTION_TOO_LONG'
  | 'BAD_TERMINATOR'
  | 'INVALID_UTF8'
  | 'DECODER_FAILED';

/** "within 5 seconds" for the configured duration; "in time" when the thrower did not say. */
const within = (p: ErrorParams) => (p.seconds === undefined ? 'in time' : `within ${waitText(p.seconds)}`);
/** "15 seconds" for the configured duration; "too long" when the thrower did not say. */
const lasting = (p: ErrorParams) => (p.seconds === undefined ? 'too long' : waitText(p.seconds));
/** "in 30 seconds" when the refusal says when; "later" when it does not. */
const tryAgain = (p: ErrorParams) =>
  p.retryAfterSeconds === undefined ? 'later' : `in ${waitText(p.retryAfterSeconds)}`;
/** "passwords", "codes", or "attempts" when the thrower did not say what was guessed. */
const guesses = (p: ErrorParams) => (p.guessed === undefined ? 'attempts' : `${p.guessed}s`);

/**
 * Error codes shared by the server, the main process and the UI (architecture rule 11).
 * Each code carries a message a user can act on; callers may add detail. A message that names
 * a duration is a function of the params: the thrower passes the configured value.
 */
export const errorCatalog = {
  BAD_MESSAGE: 'The request could not be read: it is not a valid JSON message.',
  UNKNOWN_METHOD: 'The request names a method OpenPSM does not have.',
  INVALID_PARAMS: 'The request has an invalid value.',
  INVALID_RESULT: 'OpenPSM produced an answer that does not match its contract. Please report this.',
  FORBIDDEN_SENDER: 'The request came from a page OpenPSM does not trust and was refused.',
  UNAUTHORIZED: 'This connection has no valid launch secret. Open OpenPSM from the link it printed at start.',
  SETTINGS_INVALID: 'These settings cannot be saved.',
  CONFIG_INVALID: 'A setting (an OPENPSM_* variable) has a value OpenPSM does not accept.',
  TRANSPORT_CLOSED: 'The connection to the OpenPSM app was lost. Reload the page or restart OpenPSM.',
  INTERNAL: 'Something went wrong inside OpenPSM. The log has the details.',
  SERVER_STARTING: 'The server is still starting. Try again in a moment.',
  COMPUTER_NOT_FOUND: 'That computer is not defined on this device any more.',
  GUACD_UNREACHABLE:
    'OpenPSM could not reach guacd at the configured address. Check that guacd is running (docker run -p 127.0.0.1:4822:4822 guacamole/guacd) and the guacd address in Settings.',
  GUACD_TLS_FAILED:
    "The TLS connection to guacd was refused: guacd's certificate is not signed by the pinned CA, or its name does not match. Check the CA in Settings.",
  GUACD_NO_ANSWER: (p: ErrorParams) =>
    `guacd did not answer the session request ${within(p)}. This guacd may not support the protocol, or the address is not a guacd.`,
  GUACD_NOT_READY: (p: ErrorParams) => `guacd took the session request but did not start the session ${within(p)}.`,
  GUACD_REJECTED:
    "guacd started the session, then closed the connection before drawing anything and without saying why. guacd's log on its host says what happened.",
  GUACD_SILENT: (p: ErrorParams) =>
    `guacd stopped answering: nothing arrived for ${lasting(p)}, so OpenPSM closed the session. guacd may be overloaded or stuck.`,
  GUACD_CLOSED: 'The connection to guacd was lost. guacd may have stopped or restarted.',
  TARGET_AUTH_FAILED: 'The computer refused the credentials. Check the username and password stored for it.',
  TARGET_UNREACHABLE:
    'The computer could not be reached or refused the connection. Check its host and port and that the remote service is running (for VNC, also check the password).',
  TARGET_SECURITY_FAILED:
    'The computer and guacd could not agree on a security mode. Check the security setting for this computer.',
  TARGET_CERTIFICATE_REFUSED:
    "The computer's RDP certificate was refused: guacd's trusted certificates do not vouch for it, or it does not match the fingerprint pinned for this computer (it may have changed). An administrator can read the certificate again and confirm it in the computer's settings.",
  TARGET_HOST_KEY_REFUSED:
    "The computer's SSH host key does not match the key pinned for it: the computer may have been reinstalled, or something else answers at its address. An administrator can check the key and pin it again in the computer's settings.",
  RDP_CERTIFICATE_UNREADABLE:
    "OpenPSM could not read the computer's RDP certificate. Check the host and port, and that the computer offers TLS or NLA.",
  GUACD_LACKS_ARGUMENT:
    "This guacd does not accept a security setting this computer needs, so OpenPSM did not connect without it. guacd 1.5.x cannot pin RDP certificates (it has no cert-fingerprints): use guacd 1.6.0 or later, or change the computer's certificate setting.",
  SESSION_TIMEOUT: (p: ErrorParams) =>
    `The session was closed because guacd received nothing from it for ${lasting(p)}.`,
  SESSION_NOT_FOUND: 'The session to watch does not exist any more.',
  SESSION_FAILED: 'guacd ended the session with an error.',
  SESSION_TOKEN_INVALID: 'This session link is not valid (used, expired or unknown). Open the session again.',
  PROTOCOL_VIOLATION: 'The session sent something guacd must not receive, so OpenPSM ended it.',
  GUAC_MALFORMED: "The Guacamole stream is malformed: it breaks the wire format or guacd's limits.",
  BAD_REQUEST: 'The request has invalid fields.',
  EXPORT_TOO_LARGE:
    'The export is larger than the app downloads at once. Narrow the filter (time range, actor or action).',
  NOT_FOUND: 'There is nothing at this address.',
  MISDIRECTED_REQUEST:
    'This server does not answer to that host name. Use the address it was configured with (its public URL).',
  AUTH_REQUIRED: 'Sign in to continue.',
  TOKEN_INVALID: 'Your sign-in is no longer valid. Sign in again.',
  FORBIDDEN_ROLE: 'Your roles do not allow this.',
  SETUP_CLOSED: 'This server already has an administrator; the setup code is no longer accepted.',
  SETUP_CODE_INVALID: 'The setup code is wrong. Use the code the server printed when it started.',
  ONE_TIME_CODE_INVALID:
    'The username or one-time code is wrong, or the code expired or was already used. Check both, or ask an administrator for a new code.',
  NEW_PASSWORDS_DIFFER: 'The two new passwords differ. Type the same new password twice.',
  CONFLICT: 'Something with that name already exists.',
  COMPUTER_IN_USE:
    'Sessions to this computer are running, so it was not deleted. End those sessions and delete it, or wait until they end.',
  STALE_REVISION: 'Someone else changed this record since you opened it. Reload it; what you typed is kept.',
  USERNAME_OF_DELETED:
    'That username belonged to a deleted person. Reusing it needs a confirmation: their audit entries and recordings keep the name.',
  SERVER_KEY_MISSING:
    'The server key file cannot be read. Set OPENPSM_SERVER_KEY_FILE to a file holding at least 32 bytes.',
  NOT_SIGNED_IN: 'You are not signed in. Sign in to see your resources.',
  SIGN_IN_FAILED: 'Sign-in did not complete.',
  SIGN_IN_CANCELLED: 'Sign-in was cancelled or took too long. Try again.',
  SIGN_IN_REVOKED: 'Your sign-in was ended on the server (revoked or expired). Sign in again.',
  SERVER_UNREACHABLE:
    'The control plane does not answer. Check the server URL in Settings and that the server is running.',
  TLS_NAME_MISMATCH: "The server's certificate is not issued for this host name.",
  TLS_UNTRUSTED: "The server's certificate is not trusted by this device.",
  RDP_PROXY_DISABLED:
    'RDP sessions are switched off on this server (the RDP proxy setting is off). Ask an administrator to switch it on.',
  INVALID_MASTER_PASSWORD: 'The master password is wrong. Try again.',
  VAULT_RETRY_LATER: (p: ErrorParams) =>
    `Too many wrong master passwords in a row. Wait ${p.retryAfterSeconds === undefined ? 'a moment' : waitText(p.retryAfterSeconds)}, then try again.`,
  VAULT_UNLOCK_LIMITED: (p: ErrorParams) =>
    `Too many wrong master passwords: the server refuses more tries for a while. Try again ${tryAgain(p)}.`,
  VAULT_TAMPERED:
    'The vault data failed its integrity check: it was changed outside OpenPSM or damaged. Nothing was overwritten; ask an administrator to check the server and this device.',
  VAULT_NOT_CACHED:
    'The control plane does not answer and this device has no copy of your vault. Unlock once while online to keep a copy here.',
  VAULT_LOCKED: 'The vault is locked. Unlock it with your master password.',
  VAULT_EXISTS: 'You already have a vault. Unlock it with your master password.',
  VAULT_NOT_CREATED: 'You have no vault yet. Create one with a master password.',
  VAULT_ITEM_NOT_FOUND: 'That personal credential is not in your vault any more.',
  VAULT_OFFLINE: 'This needs the control plane, which does not answer. Try again when you are back online.',
  VAULT_CONFLICT: 'The vault changed on the server since this device last saw it.',
  NO_KEYCHAIN: 'This device has no OS keychain, so OpenPSM cannot remember the vault here.',
  TOKEN_EXPIRED: 'Your sign-in expired — start again.',
  TICKET_INVALID:
    'The session ticket is not valid (forged, changed or for another server). Start the session again from My Resources.',
  TICKET_EXPIRED: 'The session ticket expired before it was used. Start the session again from My Resources.',
  TICKET_REPLAYED:
    'This session ticket was already used. Each ticket opens one session; start again from My Resources.',
  RESOURCE_NOT_ALLOWED:
    'No access request policy of yours gives you this computer. Ask an administrator to check the policy.',
  NO_SHARED_CREDENTIAL:
    'This computer has no shared credential, so Connect cannot start a session. Use Advanced Mode with a personal credential, or ask an administrator to add one.',
  TARGET_ACCOUNT_MISSING:
    "This access level logs in with a target account that this computer has no shared credential for. Ask an administrator to add a shared credential with that username, or to change the access level's target account.",
  POLICY_CHANGED:
    'The policy changed since you read its terms. Start again from My Resources to read the terms as they are now.',
  CONNECT_NEEDS_CHOICE:
    'This policy needs a choice first (MFA, or a credential that is not shared). Use Advanced Mode.',
  NO_BACKEND: 'This needs a control plane: switch the backend to embedded or remote in Settings.',
  NO_PERSONAL_CREDENTIAL:
    'Your vault has no personal credential for this computer. Add one in the Vault (with this computer ticked), or choose the shared credential.',
  CREDENTIAL_KIND_NOT_ALLOWED:
    "This policy does not allow that kind of credential. Choose one the policy lists, or ask an administrator to check the policy's credential kinds.",
  JIT_NOT_ENABLED:
    'This computer is not JIT-enabled, or its policy does not offer JIT accounts. Ask an administrator to enable JIT for the computer and the policy, or choose another credential.',
  JIT_PROVISIONING_FAILED:
    "The temporary (JIT) account could not be created on the computer. Check the computer's provisioning account and its permissions (account store configuration); the server log has the details.",
  ACCESS_LEVEL_REQUIRED: 'This policy offers more than one access level: choose one in Advanced Mode.',
  ACCESS_LEVEL_NOT_ASSIGNED:
    'That access level is not assigned to any of your groups. Ask an administrator to check which groups carry the access level.',
  ACCESS_LEVEL_NOT_APPROVED:
    'That access level needs pre-approval, and you are not approved for it. Ask an access manager to approve you, or choose another level.',
  SELF_APPROVAL: 'Nobody may approve their own access. Ask another access manager or an administrator to approve you.',
  GRANT_EXPIRED:
    'Your grant for this access level has ended. Ask an access manager for a new grant, or choose another level.',
  GRANT_REVOKED: 'An access manager revoked the grant this session ran under, so it has ended.',
  MFA_NOT_ENROLLED:
    'This policy requires an MFA code, and you have no authenticator enrolled. Enrol one at your next sign-in, or ask an administrator.',
  MFA_INVALID: 'The MFA code is wrong or was already used. Enter the current code from your authenticator app.',
  TOO_MANY_ATTEMPTS: (p: ErrorParams) => `Too many wrong ${guesses(p)} for this account. Try again ${tryAgain(p)}.`,
  AUTHORIZATION_REQUIRED: 'This policy asks for a ticket id or a justification before a session starts.',
  AUTHORIZATION_DENIED: 'The authorization step refused this session: the ticket id or justification was not accepted.',
  AUTHORIZATION_PLUGIN_FAILED:
    "The policy's authorization plugin did not give a valid answer in time, so the session was refused. Try again, or ask an administrator to check the plugin.",
  INVALID_PARAMETER: 'The start link has a missing or malformed parameter. Check the link for typos or a bad GUID.',
  MONITORING_OFF:
    'Live monitoring is off for this session: its policy or its computer does not allow anyone to watch it.',
  WATCHER_TOO_SLOW:
    'Your view fell too far behind the live session (more than its queue holds), so the gateway dropped it to keep the session fast for its user. Watch again to rejoin.',
  RECORDING_NOT_FOUND: 'That recording does not exist (or is not one you may see).',
  RECORDING_NOT_READY: 'This recording is still being written: it can be played once its session has ended.',
  RECORDING_UNREADABLE:
    'The recording could not be read from its store. Check that the store is reachable; the server log has the details.',
  WATCHED_SESSION_ENDED: 'The session you were watching has ended.',
  SESSION_TERMINATED: 'An access manager ended this session.',
  SESSION_TIME_LIMIT:
    "This session reached the longest time its access policy allows, so OpenPSM ended it. Start a new session from My Resources to go on, or ask an administrator about the policy's maximum duration.",
  ACCESS_WINDOW_ENDED:
    'The window of the access request (or grant) this session ran under has ended, so OpenPSM ended the session. Request access again from My Resources to go on.',
  API_KEY_NOT_ALLOWED:
    'An API key may call administration and audit routes only: it cannot start, watch or end a session, nor open a vault (there is no MFA and no terms behind a key). Sign in as a person for this.',
  LINK_FOR_ANOTHER_PERSON:
    'This start link is for another person (its TargetPersonGuid is not you). Sign in as that person, or ask for a link of your own.',
  LDAP_TEST_FAILED:
    'The directory test failed. The message names the step (connect, TLS, service bind, search or user bind) and what the directory said.',
  OIDC_TEST_FAILED:
    'The identity provider test failed. The message names the step (discovery or keys) and what the issuer said.',
  TARGET_REFUSED:
    'The computer refused the connection on that port: nothing listens there, or a firewall rejects it. Check the port and that the remote service is running.',
  TARGET_HOST_UNKNOWN: 'The host name could not be found (DNS). Check the spelling of the host, or use its IP address.',
  TARGET_TIMEOUT: (p: ErrorParams) =>
    `The computer did not answer ${within(p)}. Check the host and port; a firewall may be dropping the connection.`,
  NOT_SSH: 'Something answers on that port, but it is not an SSH server. Check the port and the protocol.',
  NOT_VNC: 'Something answers on that port, but it is not a VNC server. Check the port and the protocol.',
  COMPUTER_TESTS_LIMITED: (p: ErrorParams) =>
    `You ran too many connection tests in a short time (each one connects out from the server). Try again ${tryAgain(p)}.`,
  IMPORT_REFUSED:
    'Nothing was imported: some lines of the CSV are refused. Each is listed with its line number and field; fix them and import again.',
  IMPORT_TOO_LARGE:
    'The CSV is larger than the server imports at once. Split it into smaller files and import them one after the other.',
} as const;

export type ErrorCode = keyof typeof errorCatalog;

/** The message a user reads for a code: the catalog's entry, filled in with the params. */
export function errorMessage(code: ErrorCode, params: ErrorParams = {}): string {
  const entry: string | ((p: ErrorParams) => string) = errorCatalog[code];
  return typeof entry === 'string' ? entry : entry(params);
}

/** The serialisable form of an error, as it crosses every boundary. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** Dotted path of the bad field, when one field is to blame. */
  path?: string;
  /** Every bad field with what is wrong with it, when the refusal names several. */
  fields?: Array<{ path: string; message: string }>;
}

/**
 * The one error class: a code and its params, thrown by services, domain code, transports and
 * API clients alike. How each transport answers a code (HTTP status, WebSocket close code,
 * guac status) is its table's business (src-shared/node/transport/errorStatus.ts), not the thrower's.
 */
export class OpenPsmError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly path: string | undefined;

  constructor(code: ErrorCode, params: ErrorParams = {}) {
    super(params.message ?? errorMessage(code, params));
    this.name = 'OpenPsmError';
    this.code = code;
    this.params = params;
    this.path = params.path;
  }

  toInfo(): ErrorInfo {
    const { fields } = this.params;
    return {
      code: this.code,
      message: this.message,
      ...(this.path === undefined ? {} : { path: this.path }),
      ...(fields && fields.length > 0 ? { fields } : {}),
    };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalog, value);
}
