import type { TypedLine } from '@shared/common/api/recordings';

/** What a typed line the terminal asked a secret for reads as: its keys are never indexed. */
export const secretLineText = '•••';

/** A typed line longer than this is cut, so one line never hides a whole session. */
const maxLineLength = 200;

const RETURN = new Set([0xff0d, 0xff8d]);
const BACKSPACE = 0xff08;
const TAB = 0xff09;
const CONTROL = new Set([0xffe3, 0xffe4]);

/** The text a key press types, or null for keys that type nothing (Shift, arrows, F-keys…). */
export function keysymText(keysym: number): string | null {
  if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff)) return String.fromCharCode(keysym);
  if (keysym >= 0x1000100 && keysym <= 0x110ffff) return String.fromCodePoint(keysym - 0x1000000);
  if (keysym >= 0xffb0 && keysym <= 0xffb9) return String(keysym - 0xffb0);
  if (keysym === TAB) return '⇥';
  return null;
}

/**
 * Builds typed lines from key events (pressed ones only): Return ends a line, BackSpace takes a
 * character back, Ctrl+X reads ^X. After `secret()` (the terminal asks for a password) no key
 * is kept up to the next Return: that line reads `•••`.
 */
export class TypedText {
  readonly lines: TypedLine[] = [];
  private current: { atMs: number; text: string } | null = null;
  private control = 0;
  private hiding = false;
  /** Whether any key was pressed yet in the session: after that, only Return ends a hiding period. */
  private pressedAny = false;

  /** The terminal asks for a secret at `atMs`: the line being typed, and what follows up to Return, are not kept. */
  secret(atMs: number): void {
    if (this.hiding) return;
    this.hiding = true;
    this.current = { atMs: this.current?.atMs ?? atMs, text: secretLineText };
  }

  /**
   * The terminal moved past its prompt before any key of the session was pressed: nobody typed
   * a secret there (guacd answered Telnet's login prompt itself), so the period ends. Once a key
   * was pressed, output alone (a background job, a `wall` message) never ends it.
   */
  unanswered(): void {
    if (!this.hiding || this.pressedAny) return;
    this.hiding = false;
    this.current = null;
  }

  key(keysym: number, pressed: boolean, atMs: number): void {
    if (CONTROL.has(keysym)) {
      this.control = Math.max(0, this.control + (pressed ? 1 : -1));
      return;
    }
    if (!pressed) return;
    this.pressedAny = true;
    if (RETURN.has(keysym)) return this.endLine();
    if (this.hiding) return;
    if (keysym === BACKSPACE) {
      if (this.current) this.current.text = [...this.current.text].slice(0, -1).join('');
      return;
    }
    const typed = keysymText(keysym);
    if (typed === null) return;
    this.current ??= { atMs, text: '' };
    this.current.text += this.control > 0 ? `^${typed.toUpperCase()}` : typed;
    if (this.current.text.length >= maxLineLength) this.endLine();
  }

  endLine(): void {
    if (this.current && this.current.text.trim() !== '')
      this.lines.push({ atMs: this.current.atMs, text: this.current.text });
    this.current = null;
    this.hiding = false;
  }
}
