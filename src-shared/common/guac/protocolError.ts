/** Why a Guacamole stream was refused. */
export type GuacProtocolErrorCode =
  | 'BAD_LENGTH'
  | 'ELEMENT_TOO_LONG'
  | 'TOO_MANY_ELEMENTS'
  | 'INSTRUCTION_TOO_LONG'
  | 'BAD_TERMINATOR'
  | 'INVALID_UTF8'
  | 'DECODER_FAILED';

/** A breach of the Guacamole wire format or of guacd's limits. The stream cannot go on. */
export class GuacProtocolError extends Error {
  readonly code: GuacProtocolErrorCode;

  constructor(code: GuacProtocolErrorCode, message: string) {
    super(message);
    this.name = 'GuacProtocolError';
    this.code = code;
  }
}
