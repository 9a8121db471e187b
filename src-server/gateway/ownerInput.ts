import { gatewayTokenTag } from '../../src-shared/common/api/gateway';
import { clientInstructionProblem, parseInstructionMessage, type GuacInstruction } from '../../src-shared/common/guac';

/** What one message from a session's owner carries. */
export interface OwnerMessage {
  /** The instructions for guacd, up to the first problem. */
  pass: GuacInstruction[];
  /** Refreshed access tokens main forwarded (`['', 'openpsm.token', token]`). */
  tokens: string[];
  /** The first instruction guacd must not receive, in words (never its values); null when none. */
  problem: { opcode: string; detail: string } | null;
}

/**
 * Reads an owner's message as untrusted: towards guacd only the allowlisted opcodes within
 * guacd's whole-instruction limit, and `argv` only to answer a pending `required`. An answer
 * spends the question (its name leaves `pendingRequired`), so a second `argv` for the same
 * name is a problem, as in main's relay.
 */
export function readOwnerMessage(text: string, pendingRequired: Set<string>): OwnerMessage {
  const instructions = parseInstructionMessage(text);
  if (!instructions) return { pass: [], tokens: [], problem: { opcode: '(malformed message)', detail: JSON.stringify('(malformed message)') } };
  const out: OwnerMessage = { pass: [], tokens: [], problem: null };
  for (const instruction of instructions) {
    const [opcode = '', , , name = ''] = instruction;
    if (opcode === '' && instruction[1] === gatewayTokenTag && instruction[2]) {
      out.tokens.push(instruction[2]);
      continue;
    }
    const detail = clientInstructionProblem(instruction, { argvPending: pendingRequired.has(name), readOnly: false });
    if (detail) return { ...out, problem: { opcode: opcode.slice(0, 32), detail } };
    if (opcode === 'argv') pendingRequired.delete(name);
    out.pass.push(instruction);
  }
  return out;
}
