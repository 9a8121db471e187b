import fs from 'node:fs';
import path from 'node:path';
import { typescriptName } from '@shared/node/guacd/protocolValues';
import { digestStream, type RecordingStore } from './recordingStore';
import type { TypescriptFiles } from './typescript';

/**
 * The files guacd writes beside a recording, stored with it under their own names: the
 * typescript of an SSH or Telnet session (`<session id>.typescript` and its `.timing`). They are
 * evidence like the recording: stored byte for byte (checked by SHA-256 after upload), moved to
 * quarantine with it, and deleted from guacd's folder only once stored. On a name clash guacd
 * 1.6.0 appends `.1`, `.2`… to each file it opens (src/common/recording.c,
 * src/terminal/typescript.c: `<name>.<n>`, timing `<name>.<n>.timing`), so the recording
 * `<id>.<n>` goes with the typescript `<id>.typescript.<n>`.
 */
export function companionNames(fileName: string, sessionId: string): string[] {
  const suffix = fileName.slice(sessionId.length);
  if (!fileName.startsWith(sessionId) || (suffix !== '' && !/^\.\d+$/.test(suffix))) return [];
  const data = `${typescriptName(sessionId)}${suffix}`;
  return [data, `${data}.timing`];
}

/** The typescript files of a recording, in the folder its file is in. */
export function typescriptFiles(file: string, names: string[]): TypescriptFiles | undefined {
  const [data, timing] = names;
  if (!data || !timing) return undefined;
  return { data: path.join(path.dirname(file), data), timing: path.join(path.dirname(file), timing) };
}

/** Those of `names` that exist in `dir`. */
export function presentCompanions(dir: string, names: string[]): string[] {
  return names.filter((name) => fs.existsSync(path.join(dir, name)));
}

/**
 * Evidence is readable by the server's own user only (guacd creates its files 0640): owner
 * read/write, nothing for others. A file the server cannot chmod (guacd owns it as another
 * user) stays as it is, with a warning in the log: it is then not owner-only.
 */
export async function keepPrivate(
  files: string[],
  log: { warn(event: string, fields: Record<string, unknown>): void },
): Promise<void> {
  for (const file of files)
    await fs.promises
      .chmod(file, 0o600)
      .catch((error: unknown) =>
        log.warn('recording.chmod_failed', { file, error: error instanceof Error ? error.message : String(error) }),
      );
}

/** Stores each companion present beside `file`, and checks each stored copy against the local one by SHA-256. */
export async function storeCompanions(store: RecordingStore, file: string, names: string[]): Promise<void> {
  const dir = path.dirname(file);
  for (const name of presentCompanions(dir, names)) {
    const local = path.join(dir, name);
    const expected = await digestStream(fs.createReadStream(local));
    await store.put(name, local, expected.bytes);
    const stored = await store.digest(name);
    if (stored.sha256 !== expected.sha256 || stored.bytes !== expected.bytes)
      throw new Error(`The stored copy of ${name} does not match what guacd wrote.`);
  }
}
