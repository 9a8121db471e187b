import { encodeInstruction, guacLimits } from '@shared/common/guac';

const instructionBytes = (elements: string[]) => Buffer.byteLength(encodeInstruction(elements));

/**
 * Test support: an instruction `opcode,x…,x…;` of exactly `bytes` UTF-8 bytes on the wire
 * (ASCII padding, every element within guacd's element limit), e.g. guacd's whole-instruction
 * limit and one byte over it.
 */
export function instructionOfBytes(opcode: string, bytes: number): string[] {
  const out = [opcode];
  const filler = 8000;
  while (bytes - instructionBytes(out) > filler + 16) out.push('x'.repeat(filler));
  const left = bytes - instructionBytes(out);
  // An element of n characters costs its digits, the dot, n, and the terminator.
  const n = [1, 2, 3, 4].map((digits) => left - 2 - digits).find((c) => c >= 0 && String(c).length + 2 + c === left);
  if (n === undefined) throw new Error(`No ASCII instruction ${opcode} has exactly ${bytes} bytes.`);
  out.push('x'.repeat(n));
  if (instructionBytes(out) !== bytes || out.some((e) => e.length > guacLimits.maxElementLength))
    throw new Error('instructionOfBytes miscounted');
  return out;
}
