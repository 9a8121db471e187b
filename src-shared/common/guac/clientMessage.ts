import { errorMessage, OpenPsmError } from '../errors';
import { clientInstructionProblem } from './clientCheck';
import type { GuacInstruction } from './decoder';
import { parseInstructionMessage } from './messages';

/** How a relay reads its client's messages. */
export interface ClientRules {
  /** A watcher's view: no input passes. */
  readOnly: boolean;
  /** Whether guacd waits for a value named `name`, which an `argv` may answer. */
  argvPending(name: string): boolean;
  /** The tag of an access token the client may send in-band (`['', tag, token]`); none when absent. */
  tokenTag?: string;
  /** Sees each instruction that passed the checks, in order; false keeps it from guacd. */
  accept?(instruction: GuacInstruction): boolean;
}

/** What one message from a client carries. */
export interface ClientMessage {
  /** The instructions for guacd, up to the first problem. */
  pass: GuacInstruction[];
  /** In-band access tokens (only with `tokenTag`). */
  tokens: string[];
  /** The first instruction guacd must not receive, in words (never its values); null when none. */
  problem: { opcode: string; detail: string } | null;
}

const malformed = { opcode: '(malformed message)', detail: JSON.stringify('(malformed message)') };

/**
 * The relay filter, the one both relays (main's and the gateway's) use: the message is parsed
 * as untrusted, then each instruction is held to the client allowlist and guacd's instruction
 * limit (`clientInstructionProblem`), in order, so what an instruction changes (an `argv`
 * answered) counts for the next. It stops at the first problem, which ends the session
 * (`protocolViolation`).
 */
export function readClientMessage(text: string, rules: ClientRules): ClientMessage {
  const instructions = parseInstructionMessage(text);
  if (!instructions) return { pass: [], tokens: [], problem: malformed };
  const out: ClientMessage = { pass: [], tokens: [], problem: null };
  for (const instruction of instructions) {
    const [opcode = '', , , name = ''] = instruction;
    if (rules.tokenTag !== undefined && opcode === '' && instruction[1] === rules.tokenTag && instruction[2]) {
      out.tokens.push(instruction[2]);
      continue;
    }
    const detail = clientInstructionProblem(instruction, {
      argvPending: rules.argvPending(name),
      readOnly: rules.readOnly,
    });
    if (detail) return { ...out, problem: { opcode: opcode.slice(0, 32), detail } };
    if (!rules.accept || rules.accept(instruction)) out.pass.push(instruction);
  }
  return out;
}

/** The error that ends a session whose client sent what guacd must not receive (`detail` names it in words). */
export function protocolViolation(detail: string): OpenPsmError {
  return new OpenPsmError('PROTOCOL_VIOLATION', { message: `${errorMessage('PROTOCOL_VIOLATION')} (${detail})` });
}
