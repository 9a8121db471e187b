/** guacd's parser limits (libguac parser.h / protocol facts in guacamole.md). */
export const guacLimits = {
  /** Code points in one element. */
  maxElementLength: 8192,
  /** Elements in one instruction, opcode included. */
  maxElements: 128,
  /** UTF-8 bytes of one whole instruction, lengths and separators included. */
  maxInstructionBytes: 32 * 1024,
  /** Digits of one length prefix. */
  maxLengthDigits: 5,
  /** Bytes of a blob payload before base64. */
  maxBlobBytes: 6048,
} as const;
