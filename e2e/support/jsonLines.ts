import fs from 'node:fs';

/**
 * The complete JSON lines a running process has written to `file` so far. A line still being
 * written (no newline yet) is left for the next read, since parsing it half-written throws.
 */
export function readJsonLines<T = Record<string, unknown>>(file: string): T[] {
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, 'utf8');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
}
