/* eslint-disable no-control-regex -- terminal escape sequences are made of control characters: matching them is the point */
/**
 * What a terminal showed, as plain lines: guacd's typescript (SSH, Telnet) is the raw output,
 * escape sequences included. This strips them and keeps a line the way a terminal would show
 * it (carriage return goes back to its start and overwrites, BackSpace steps back, erase-to-end
 * erases, a line readline wrapped past the width stays one line), so search
 * finds `42` even when the shell drew it with colours, and the current line can be tested for
 * a password prompt.
 */

/** A shown line longer than this is cut, like a typed one. */
const maxShownLength = 200;

/**
 * A prompt that asks for a secret: the line (trailing blanks ignored) ends in `password:`,
 * `Password for …:`, `PIN:` or `passphrase …:`, any case. sudo's `[sudo] password for bob:`,
 * su's and login's `Password:`, ssh's `Enter passphrase for key '/x':`, a card's `PIN:`.
 */
const secretPrompt = /(password|passphrase|\bpin)\b[^\n]{0,120}:$/i;

/** Whether the last line a terminal shows asks for a secret. */
export function asksForSecret(line: string): boolean {
  return secretPrompt.test(line.trimEnd());
}

/** Removes ANSI/VT escape sequences (CSI, OSC, DCS, charset and two-character ones) and other control characters but \n, \r, \b and \t. */
export function stripAnsi(text: string): string {
  return (
    text
      // OSC (window title…) and DCS/PM/APC strings, ended by BEL or ST.
      .replace(/\x1b[\]PX^_][\s\S]*?(?:\x07|\x1b\\)/g, '')
      // CSI: ESC [ parameters intermediates final (also the 8-bit CSI).
      .replace(/(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]/g, '')
      // Charset designation (ESC ( B…) and the other ESC + one character sequences.
      .replace(/\x1b[()*+\-./#%][\s\S]?|\x1b[\s\S]?/g, '')
      .replace(/[\x00-\x07\x0b\x0c\x0e-\x1f\x7f]/g, '')
  );
}

/** Erase to the end of the line (CSI K, CSI 0K): kept through stripping as a private-use character. */
const eraseLine = /\x1b\[0?K/g;
const eraseMark = '\ue000';

/** An escape sequence that is complete at the start of a text. */
const wholeEscape =
  /^\x1b(?:[\]PX^_][\s\S]*?(?:\x07|\x1b\\)|\[[0-?]*[ -/]*[@-~]|[()*+\-./#%][\s\S]|[^[\]PX^_()*+\-./#%])/;

/** One line the session showed, with the time (ms from the recording's start) it was complete. */
export interface ShownLine {
  atMs: number;
  text: string;
}

/**
 * Builds shown lines from output chunks, in time order. Escapes split across chunks are held
 * back until complete. A line is listed when its newline arrives (at that chunk's time);
 * `current` is the line still being drawn, which is where a prompt waits.
 */
export class ShownText {
  readonly lines: ShownLine[] = [];
  /** Newlines so far (blank lines too): a prompt after one is a new prompt. */
  newlines = 0;
  private cells: string[] = [];
  private last = '';
  private cursor = 0;
  private pending = '';

  /** Feeds the text of one output chunk shown at `atMs`. */
  output(text: string, atMs: number): void {
    const all = this.pending + text;
    const open = all.lastIndexOf('\x1b');
    const tail = open < 0 ? '' : all.slice(open);
    // An escape sequence cut by the chunk's end waits for the rest (a runaway one does not).
    const cut = tail !== '' && tail.length < 256 && !wholeEscape.test(tail);
    this.pending = cut ? tail : '';
    const shown = (cut ? all.slice(0, open) : all).replace(eraseLine, eraseMark);
    for (const c of stripAnsi(shown)) this.put(c, atMs);
  }

  /** The line being drawn now (after the last newline). */
  current(): string {
    return this.cells.join('');
  }

  /** Lists the line being drawn, if any (the session ended). */
  end(atMs: number): void {
    this.newline(atMs);
  }

  private put(c: string, atMs: number): void {
    const previous = this.last;
    this.last = c;
    if (c === '\n') return this.newline(atMs);
    if (c === eraseMark) {
      this.cells.length = Math.min(this.cells.length, this.cursor);
      return;
    }
    if (c === '\r') {
      // readline wraps a long line by writing a space past the last column, then CR: the line goes on.
      if (previous === ' ' && this.cursor === this.cells.length && this.cursor > 1) this.cells.pop();
      else this.cursor = 0;
      this.cursor = Math.min(this.cursor, this.cells.length);
      return;
    }
    if (c === '\b') {
      this.cursor = Math.max(0, this.cursor - 1);
      return;
    }
    if (this.cursor >= maxShownLength) return;
    this.cells[this.cursor] = c === '\t' ? ' ' : c;
    this.cursor += 1;
  }

  private newline(atMs: number): void {
    this.newlines += 1;
    const text = this.cells.join('').trimEnd();
    if (text.trim() !== '') this.lines.push({ atMs, text });
    this.cells = [];
    this.cursor = 0;
  }
}
