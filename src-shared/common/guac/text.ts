/** Matches a UTF-16 surrogate: a string without one has as many code points as units. */
export const surrogate = /[\uD800-\uDFFF]/;
/** Matches anything outside ASCII: a string without it has as many UTF-8 bytes as units. */
// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL on purpose
export const nonAscii = /[^\x00-\x7F]/;

/** Code points in a string (a lone surrogate counts as one, as in guacd's UTF-8 view). */
export function codePointLength(text: string): number {
  if (!surrogate.test(text)) return text.length;
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
    }
    count += 1;
  }
  return count;
}

/** UTF-8 bytes of `text` from unit `start` to `end`. */
export function utf8Length(text: string, start: number, end: number): number {
  let bytes = 0;
  for (let i = start; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}
