/** The stream's index in each instruction that opens a stream to the client. */
const opensStream: Record<string, number> = {
  img: 1,
  audio: 1,
  video: 1,
  file: 1,
  pipe: 1,
  clipboard: 1,
  argv: 1,
  body: 2,
};

/** The `blob`s and `end`s received for a stream never opened to this client (or already ended). */
export function strayStreamData(instructions: string[][]): string[][] {
  const open = new Set<string>();
  const stray: string[][] = [];
  for (const i of instructions) {
    const opcode = i[0] ?? '';
    if (opcode in opensStream) open.add(i[opensStream[opcode] ?? 1] ?? '');
    else if (opcode === 'blob' || opcode === 'end') {
      if (!open.has(i[1] ?? '')) stray.push(i.slice(0, 2));
      if (opcode === 'end') open.delete(i[1] ?? '');
    }
  }
  return stray;
}
