import { OpenPsmError, type GuacFault } from '../errors';

/** A breach of the Guacamole wire format or of guacd's limits: the stream cannot go on. */
export function guacMalformed(fault: GuacFault, detail: string): OpenPsmError {
  return new OpenPsmError('GUAC_MALFORMED', { fault, message: detail });
}

/** True for the error a malformed stream raises (GUAC_MALFORMED). */
export function isGuacMalformed(error: unknown): error is OpenPsmError {
  return error instanceof OpenPsmError && error.code === 'GUAC_MALFORMED';
}
