import { codePointLength } from './text';

/** Encodes one instruction: `LEN.VALUE` elements joined by ",", ended by ";". LEN counts code points. */
export function encodeInstruction(elements: readonly string[]): string {
  let out = '';
  for (let i = 0; i < elements.length; i += 1) {
    const value = elements[i] as string;
    out += `${i === 0 ? '' : ','}${codePointLength(value)}.${value}`;
  }
  return `${out};`;
}

/** Encodes an instruction from its opcode and arguments. */
export function instruction(opcode: string, ...args: (string | number)[]): string {
  return encodeInstruction([opcode, ...args.map(String)]);
}
