import { guacLimits } from './limits';
import type { ReadState } from './readState';
import { badDigit, badTerminator, COMMA, DOT, SEMICOLON, tooManyDigits, type OnPicked } from './readState';
import { utf8Length } from './text';

/** How the held text is made: whether it has surrogates (astral characters) or anything outside ASCII. */
export interface TextShape {
  astral: boolean;
  wide: boolean;
}

/** Reads a length prefix at `i`; returns the index of its dot, or -1 when the prefix is not all here. */
function prefixAt(state: ReadState, text: string, i: number): number {
  let n = 0;
  let j = i;
  for (; j < text.length; j += 1) {
    const c = text.charCodeAt(j);
    if (c === DOT) break;
    if (c < 48 || c > 57) throw badDigit(text[j] ?? '');
    n = n * 10 + (c - 48);
    if (j - i >= guacLimits.maxLengthDigits) throw tooManyDigits();
  }
  if (j >= text.length) return -1;
  state.lengthRead(n, j - i);
  return j;
}

/** Where a value of `points` code points starting at `i` ends, or -1 when it is not all here. */
function valueEnd(text: string, i: number, points: number, astral: boolean): number {
  if (!astral) return i + points < text.length ? i + points : -1;
  let end = i;
  let counted = 0;
  while (counted < points && end < text.length) {
    const c = text.charCodeAt(end);
    end += c >= 0xd800 && c <= 0xdbff && end + 1 < text.length ? 2 : 1;
    counted += 1;
  }
  return counted < points || end >= text.length ? -1 : end;
}

/**
 * The text path: reads the held text from where it stopped, calls `onPicked` for each whole
 * picked instruction, and returns where the partial instruction after the whole ones starts.
 */
export function parseText(state: ReadState, text: string, shape: TextShape, onPicked: OnPicked): number {
  let i = state.resumeAt;
  let start = 0; // where the instruction being read starts
  for (;;) {
    if (state.valueLength < 0) {
      const dot = prefixAt(state, text, i);
      if (dot < 0) break;
      i = dot + 1;
    }
    const end = valueEnd(text, i, state.valueLength, shape.astral);
    if (end < 0) break;
    const terminator = text.charCodeAt(end);
    if (terminator !== COMMA && terminator !== SEMICOLON) throw badTerminator(text[end] ?? '');
    if (state.wants(end - i, text.charCodeAt(i))) state.take(text.slice(i, end));
    state.counted(shape.wide ? utf8Length(text, i, end) : end - i);
    i = end + 1;
    if (terminator === SEMICOLON) {
      const picked = state.ended();
      if (picked) onPicked(picked, start, i);
      start = i;
    }
  }
  state.resumeAt = i - start;
  return start;
}
