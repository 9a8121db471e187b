/**
 * Error codes shared by the server, the main process and the UI (architecture rule 11).
 * Each code carries a message a user can act on; callers may add detail.
 */
export const errorCatalog = {
  BAD_MESSAGE: 'The request could not be read: it is not a valid JSON message.',
  UNKNOWN_METHOD: 'The request names a method OpenPSM does not have.',
  INVALID_PARAMS: 'The request has an invalid value.',
  INVALID_RESULT: 'OpenPSM produced an answer that does not match its contract. Please report this.',
  FORBIDDEN_SENDER: 'The request came from a page OpenPSM does not trust and was refused.',
  UNAUTHORIZED: 'This connection has no valid launch secret. Open OpenPSM from the link it printed at start.',
  SETTINGS_INVALID: 'These settings cannot be saved.',
  TRANSPORT_CLOSED: 'The connection to the OpenPSM app was lost. Reload the page or restart OpenPSM.',
  INTERNAL: 'Something went wrong inside OpenPSM. The log has the details.',
} as const;

export type ErrorCode = keyof typeof errorCatalog;

/** The serialisable form of an error, as it crosses every boundary. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** Dotted path of the bad field, when one field is to blame. */
  path?: string;
}

/** An error with a code; thrown by services and API clients alike. */
export class OpenPsmError extends Error {
  readonly code: ErrorCode;
  readonly path: string | undefined;

  constructor(code: ErrorCode, message?: string, path?: string) {
    super(message ?? errorCatalog[code]);
    this.name = 'OpenPsmError';
    this.code = code;
    this.path = path;
  }

  toInfo(): ErrorInfo {
    return this.path === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, path: this.path };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalog, value);
}
