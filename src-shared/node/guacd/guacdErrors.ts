import type { OpenPsmError } from '../../common/errors';
import type { GuacInstruction } from '../../common/guac';
import { errorForGuacStatus } from '../../common/guac/statusErrors';
import { hostKeyRefusal } from './computerOptionValues';
import { nlaRefusal } from './rdpValues';

/**
 * guacd's `error` as our coded error. For an NLA computer a refused connection is rewritten in
 * place as refused credentials (rdpValues.ts, nlaRefusal); for an SSH computer with a pinned
 * host key guacd's abort in place as the key refused (computerOptionValues.ts, hostKeyRefusal).
 */
export function guacdError(
  instruction: GuacInstruction,
  options: { nla?: boolean; hostKeyPinned?: boolean },
): OpenPsmError {
  // Rewritten in place: the owner's app reads the same instruction.
  const rewritten =
    (options.nla ? nlaRefusal(instruction.slice(1)) : null) ??
    (options.hostKeyPinned ? hostKeyRefusal(instruction.slice(1)) : null);
  if (rewritten) instruction.splice(1, instruction.length - 1, ...rewritten);
  return errorForGuacStatus(Number(instruction[2]), instruction[1] ?? '');
}
