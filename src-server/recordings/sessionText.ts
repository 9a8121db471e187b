import fs from 'node:fs';
import type { TypedLine } from '@shared/common/api/recordings';
import type { Protocol } from '@shared/common/api/settings';
import { asksForSecret, ShownText } from './terminalText';
import { TypedText } from './typedText';
import { alignChunks, eachOutputChunk, parseTiming, type TypescriptFiles } from './typescript';

/** A key event of the recording, on its clock (ms from its first `sync`). */
export interface KeyEvent {
  keysym: number;
  pressed: boolean;
  atMs: number;
}

/** Whether both files of a typescript are there (guacd writes one only for SSH and Telnet). */
function hasTypescript(typescript: TypescriptFiles | undefined): typescript is TypescriptFiles {
  return !!typescript && fs.existsSync(typescript.data) && fs.existsSync(typescript.timing);
}

/** A terminal event that opens or closes a secret period: a prompt drawn, or the terminal moving past it. */
interface PromptEvent {
  atMs: number;
  kind: 'asks' | 'moved-on';
}

/**
 * The lines a typescript shows, on the recording's clock, and when its terminal started
 * asking for a secret: after each flush, the line being drawn is tested for a password prompt.
 * Also when the terminal moved on from a prompt (a newline after it): a prompt nobody typed at,
 * such as the Telnet login's, which guacd answers itself, must not hide the user's next line.
 */
async function readShown(
  typescript: TypescriptFiles,
  syncs: number[],
): Promise<{ shown: TypedLine[]; prompts: PromptEvent[] }> {
  const chunks = parseTiming(await fs.promises.readFile(typescript.timing, 'utf8'));
  const times = alignChunks(
    chunks.map((c) => c.sinceStartMs),
    syncs,
  );
  const shown = new ShownText();
  const prompts: PromptEvent[] = [];
  let asking = -1;
  await eachOutputChunk(typescript.data, chunks, (index, text) => {
    const atMs = times[index] ?? 0;
    shown.output(text, atMs);
    if (asking >= 0 && asking !== shown.newlines) prompts.push({ atMs, kind: 'moved-on' });
    // A prompt counts when it appears, not again for each flush that leaves it the last line.
    const asks = asksForSecret(shown.current());
    if (asks && asking !== shown.newlines) prompts.push({ atMs, kind: 'asks' });
    asking = asks ? shown.newlines : -1;
  });
  shown.end(times.at(-1) ?? 0);
  return { shown: shown.lines, prompts };
}

/**
 * The text of a session: its typed lines, and (with a typescript) the lines it showed. An SSH
 * or Telnet session without its typescript (guacd failed to write it) keeps no typed line:
 * `typedWithheld` says so.
 *
 * Secrets: from the moment the terminal's last line ends in a password prompt up to the next
 * Return, keys are not kept; the line reads `•••`. The prompt's moment is its typescript
 * flush put on the recording's clock (alignChunks): guacd stamps key events and syncs with
 * the same monotonic clock, so a key a person types after seeing the prompt comes after the
 * frame that drew it. Only Return ends a period, with one exception: in a Telnet session in
 * which no key was pressed yet, the terminal moving past the prompt ends it (guacd answered
 * Telnet's login prompt itself). Output alone never ends it otherwise: a background job's line
 * or a `wall` message under `[sudo] password for bob:` leaves the password hidden. What the
 * period cannot catch: a password typed ahead, with its Return, before the prompt was drawn
 * (that line was finished before anyone asked for a secret).
 */
export async function sessionText(
  keys: KeyEvent[],
  syncs: number[],
  typescript?: TypescriptFiles,
  protocol?: Protocol,
): Promise<{ keys: TypedLine[]; shown: TypedLine[]; typedWithheld: boolean }> {
  // Without its typescript, a terminal session's password prompts cannot be seen: fail closed.
  if (!hasTypescript(typescript) && (protocol === 'ssh' || protocol === 'telnet'))
    return { keys: [], shown: [], typedWithheld: true };
  const { shown, prompts } = hasTypescript(typescript)
    ? await readShown(typescript, syncs)
    : { shown: [], prompts: [] };
  const typed = new TypedText();
  let next = 0;
  const until = (atMs: number) => {
    for (; next < prompts.length && (prompts[next]?.atMs ?? 0) <= atMs; next += 1) {
      const event = prompts[next];
      if (event?.kind === 'asks') typed.secret(event.atMs);
      else if (protocol === 'telnet') typed.unanswered();
    }
  };
  for (const key of keys) {
    until(key.atMs);
    typed.key(key.keysym, key.pressed, key.atMs);
  }
  typed.endLine();
  return { keys: typed.lines, shown, typedWithheld: false };
}
