import { errorMessage, isErrorCode, type ErrorCode, type ErrorInfo } from '../errors';
import type { GuacInstruction } from './decoder';
import { encodeInstruction } from './encoder';
import { guacLimits } from './limits';

/** The empty opcode: tunnel-internal instructions (never forwarded to guacd) carry a tag after it. */
export const tunnelOpcode = '';
/** The tunnel-internal instruction that carries our coded error to the renderer's tunnel. */
export const tunnelErrorOpcode = tunnelOpcode;
export const tunnelErrorTag = 'openpsm.error';

/**
 * A tunnel-internal instruction as the server sends it (Guacamole text, like guacd's own):
 * `0.,<tag>,<args>…;`. The server → client direction is Guacamole text end to end.
 */
export function tunnelFrame(tag: string, ...args: string[]): string {
  return encodeInstruction([tunnelOpcode, tag, ...args]);
}

/**
 * The one message that ends a session with a coded error:
 * `0.,13.openpsm.error,<code>,<message>,<guacStatus>;`. The Guacamole status (as `error,<message>,<status>`
 * would carry it) is for a client that reads only those; Node senders take it from the one table
 * through `errorFrame` (src-shared/node/transport/errorStatus.ts).
 */
export function tunnelErrorFrame(error: { code: ErrorCode; message: string }, guacStatus: number): string {
  return tunnelFrame(tunnelErrorTag, error.code, error.message, String(guacStatus));
}

/**
 * The coded error an instruction carries when it is the tunnel's error frame, else null.
 * A code this side does not know becomes `unknown`; a missing message, the code's own.
 */
export function readTunnelError(instruction: readonly string[], unknown: ErrorCode): ErrorInfo | null {
  if (instruction[0] !== tunnelErrorOpcode || instruction[1] !== tunnelErrorTag) return null;
  const code = isErrorCode(instruction[2]) ? instruction[2] : unknown;
  return { code, message: instruction[3] ?? errorMessage(code) };
}

/** Parses a client's message (renderer → main, main → gateway: JSON, the client → server direction) as untrusted: an array of instructions of strings, within guacd's limits. */
export function parseInstructionMessage(text: string): GuacInstruction[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > 1000) return null;
  for (const instruction of value) {
    if (!Array.isArray(instruction) || instruction.length === 0 || instruction.length > guacLimits.maxElements)
      return null;
    for (const element of instruction)
      if (typeof element !== 'string' || element.length > guacLimits.maxElementLength) return null;
  }
  return value as GuacInstruction[];
}
