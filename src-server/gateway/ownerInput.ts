import { gatewayTokenTag } from '@shared/common/api/gateway';
import { readClientMessage, type ClientMessage } from '@shared/common/guac';

/** What one message from a session's owner carries (tokens: refreshed access tokens main forwarded, `['', 'openpsm.token', token]`). */
export type OwnerMessage = ClientMessage;

/**
 * Reads an owner's message with the relay filter (`readClientMessage`): towards guacd only the
 * allowlisted opcodes within guacd's whole-instruction limit, and `argv` only to answer a
 * pending `required`. An answer spends the question (its name leaves `pendingRequired`), so a
 * second `argv` for the same name is a problem, as in main's relay.
 */
export function readOwnerMessage(text: string, pendingRequired: Set<string>): OwnerMessage {
  return readClientMessage(text, {
    readOnly: false,
    tokenTag: gatewayTokenTag,
    argvPending: (name) => pendingRequired.has(name),
    accept: ([opcode, , , name = '']) => {
      if (opcode === 'argv') pendingRequired.delete(name);
      return true;
    },
  });
}
