import type { GuacInstruction } from './decoder';
import { guacLimits } from './limits';

/** The tunnel-internal instruction that carries our coded error to the renderer's tunnel. */
export const tunnelErrorOpcode = '';
export const tunnelErrorTag = 'openpsm.error';

/** Parses a relayed message (renderer → main, main → gateway) as untrusted: an array of instructions of strings, within guacd's limits. */
export function parseInstructionMessage(text: string): GuacInstruction[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > 1000) return null;
  for (const instruction of value) {
    if (!Array.isArray(instruction) || instruction.length === 0 || instruction.length > guacLimits.maxElements) return null;
    for (const element of instruction) if (typeof element !== 'string' || element.length > guacLimits.maxElementLength) return null;
  }
  return value as GuacInstruction[];
}

