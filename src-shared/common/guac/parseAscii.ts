import { asciiText } from './ascii';
import { guacLimits } from './limits';
import type { ReadState } from './readState';
import { badDigit, badTerminator, COMMA, DOT, SEMICOLON, tooManyDigits, type OnPicked } from './readState';

/**
 * The byte path, for runs known to be all ASCII (a byte is then a unit and a code point):
 * reads the held bytes from where it stopped, calls `onPicked` for each whole picked
 * instruction, and returns where the partial instruction after the whole ones starts. No text
 * is made but for the elements of picked instructions. It runs per element of everything guacd
 * sends, so the state lives in locals while it runs; the limits are the state's own.
 */
export function parseAscii(state: ReadState, bytes: Uint8Array, onPicked: OnPicked): number {
  const { maxLengthDigits, maxElementLength, maxInstructionBytes, maxElements } = guacLimits;
  const length = bytes.length;
  let { valueLength, prefixBytes, instructionBytes, elementCount, elements } = state;
  let i = state.resumeAt;
  let start = 0; // where the instruction being read starts
  for (;;) {
    if (valueLength < 0) {
      let n = 0;
      let j = i;
      for (; j < length; j += 1) {
        const c = bytes[j] as number;
        if (c === DOT) break;
        if (c < 48 || c > 57) throw badDigit(String.fromCharCode(c));
        n = n * 10 + (c - 48);
        if (j - i >= maxLengthDigits) throw tooManyDigits();
      }
      if (j >= length) break;
      prefixBytes = j - i + 2; // digits, the dot, and the terminator after the value
      if (j === i || n > maxElementLength || instructionBytes + prefixBytes + n > maxInstructionBytes) {
        state.instructionBytes = instructionBytes;
        state.lengthRead(n, j - i); // throws the limit's error
      }
      valueLength = n;
      i = j + 1;
    }
    const end = i + valueLength;
    if (end >= length) break;
    const terminator = bytes[end] as number;
    if (terminator !== COMMA && terminator !== SEMICOLON) throw badTerminator(String.fromCharCode(terminator));
    if (elementCount === 0) elements = state.opening(bytes, i, end);
    else if (elements) elements.push(asciiText(bytes, i, end));
    instructionBytes += prefixBytes + valueLength;
    elementCount += 1;
    if (elementCount > maxElements || instructionBytes > maxInstructionBytes) state.overLimit(instructionBytes);
    valueLength = -1;
    i = end + 1;
    if (terminator === SEMICOLON) {
      if (elements) onPicked(elements, start, i);
      elements = null;
      elementCount = 0;
      instructionBytes = 0;
      start = i;
    }
  }
  Object.assign(state, { valueLength, prefixBytes, instructionBytes, elementCount, elements, resumeAt: i - start });
  return start;
}
