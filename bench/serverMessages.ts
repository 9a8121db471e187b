/**
 * One server-to-client message of the gateway or of main's /session socket, as instructions.
 * Two wire formats are read: a JSON array of instructions (`[["sync","1"]]`), and raw Guacamole
 * text, instruction-aligned, with tunnel notes under the empty opcode (`0.,13.openpsm.ready,…;`).
 * Element lengths count code points, as guacd's do.
 */
export function readServerMessage(text: string): string[][] {
  if (text.startsWith('[')) return JSON.parse(text) as string[][];
  const chars = [...text];
  const instructions: string[][] = [];
  let current: string[] = [];
  let at = 0;
  while (at < chars.length) {
    let dot = at;
    while (dot < chars.length && chars[dot] !== '.') dot += 1;
    const length = Number(chars.slice(at, dot).join(''));
    if (dot >= chars.length || !Number.isInteger(length)) throw new Error(`Not Guacamole text at ${at}`);
    current.push(chars.slice(dot + 1, dot + 1 + length).join(''));
    const terminator = chars[dot + 1 + length];
    at = dot + 2 + length;
    if (terminator === ';') {
      instructions.push(current);
      current = [];
    } else if (terminator !== ',') throw new Error(`Not Guacamole text at ${at}`);
  }
  return instructions;
}
