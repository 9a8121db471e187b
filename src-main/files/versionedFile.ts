import fs from 'node:fs';
import type { z } from 'zod';
import { copiesOf, realSteps, writeDurably, type FileSteps } from './durableFile';

/** Upgrades a file's data by one version. */
export type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/**
 * A JSON file format with a `schemaVersion`: the schema of the current version, and the
 * migrations by the version they upgrade from (0 is a file without `schemaVersion`).
 */
export interface FileFormat<T> {
  version: number;
  schema: z.ZodType<T>;
  migrations?: Record<number, Migration>;
}

/** A file's data in the current version (`from`: the version it was written in), or why it cannot be used. */
export type Parsed<T> = { value: T; from: number } | { problem: string };

/**
 * Reads a versioned file's text as untrusted: JSON, an object, its `schemaVersion`, migrated
 * step by step to the current version, then held to the schema. A file from a newer OpenPSM
 * is a problem (never guessed at), as is one no migration path reaches.
 */
export function parseVersioned<T>(text: string, format: FileFormat<T>): Parsed<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problem: 'not an object' };
  let data = raw as Record<string, unknown>;
  const from = data['schemaVersion'] ?? 0;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 0) return { problem: 'bad schemaVersion' };
  if (from > format.version) return { problem: `written by a newer OpenPSM (schemaVersion ${from})` };
  for (let v = from; v < format.version; v += 1) {
    const step = format.migrations?.[v];
    if (!step) return { problem: `no migration from schemaVersion ${v}` };
    data = step(data);
  }
  const parsed = format.schema.safeParse(data);
  if (!parsed.success) return { problem: `invalid at ${parsed.error.issues[0]?.path.join('.') ?? '(root)'}` };
  return { value: parsed.data, from };
}

/**
 * The newest complete copy `writeDurably` left, and which file it is: the file itself, else
 * (a crash between its two renames left none under the name) the finished write, else the
 * kept previous copy. Null when there is none.
 */
export function readDurable(file: string): { text: string; copy: string } | null {
  const { current, next, previous } = copiesOf(file);
  for (const copy of [current, next, previous]) {
    try {
      return { text: fs.readFileSync(copy, 'utf8'), copy };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return null;
}

/** Writes a versioned file: durably (fsync, atomic rename, previous copy kept) and owner-only. */
export function writeVersioned<T>(file: string, value: T, options: { indent?: string; steps?: FileSteps } = {}): void {
  writeDurably(file, JSON.stringify(value, null, options.indent), options.steps ?? realSteps);
}
