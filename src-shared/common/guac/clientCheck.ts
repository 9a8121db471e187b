import type { GuacInstruction } from './decoder';
import { guacLimits } from './limits';
import { isAllowedClientOpcode, type OpcodeContext } from './opcodes';
import { codePointLength, utf8Length } from './text';

/**
 * UTF-8 bytes of an instruction as guacd reads it off the wire: each element's length
 * prefix, its dot, its value, and the "," or ";" after it.
 */
export function instructionBytes(instruction: readonly string[]): number {
  let bytes = 0;
  for (const element of instruction)
    bytes += String(codePointLength(element)).length + 2 + utf8Length(element, 0, element.length);
  return bytes;
}

/** True when guacd can read the instruction whole (libguac's parser holds at most 32 KiB of one instruction). */
export function fitsInstructionLimit(instruction: readonly string[]): boolean {
  // A UTF-16 unit is at most 3 UTF-8 bytes and a prefix at most 5 digits: most instructions are
  // far below the limit and need no exact count.
  let bound = 0;
  for (const element of instruction) bound += element.length * 3 + guacLimits.maxLengthDigits + 2;
  return bound <= guacLimits.maxInstructionBytes || instructionBytes(instruction) <= guacLimits.maxInstructionBytes;
}

/**
 * Why a client's instruction must not reach guacd, in words for the log, the audit and the
 * person (never the values): its opcode is not one a client may send (see
 * `isAllowedClientOpcode`), or it is longer than guacd reads, which would make guacd drop
 * the connection. Null when it may pass. Both relays (main's and the gateway's) ask this.
 */
export function clientInstructionProblem(instruction: GuacInstruction, context: OpcodeContext): string | null {
  const opcode = JSON.stringify((instruction[0] ?? '').slice(0, 32));
  if (!isAllowedClientOpcode(instruction[0] ?? '', context)) return opcode;
  if (!fitsInstructionLimit(instruction))
    return `${opcode} of ${instructionBytes(instruction)} bytes, over guacd's limit of ${guacLimits.maxInstructionBytes}`;
  return null;
}
