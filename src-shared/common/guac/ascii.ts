interface AsciiDecoder {
  decode(input: Uint8Array): string;
}
/** TextDecoder exists in browsers and Node alike; common code reaches it through globalThis. */
const ascii = new (globalThis as unknown as { TextDecoder: new (label: string) => AsciiDecoder }).TextDecoder('utf-8');

/** The text of ASCII bytes [start, end). */
export function asciiText(bytes: Uint8Array, start = 0, end = bytes.length): string {
  // A short one (an opcode, a timestamp) is quicker made by hand than through a decoder call.
  if (end - start > 16) return ascii.decode(bytes.subarray(start, end));
  let text = '';
  for (let i = start; i < end; i += 1) text += String.fromCharCode(bytes[i] as number);
  return text;
}

/** The bytes of ASCII text. */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) out[i] = text.charCodeAt(i);
  return out;
}
