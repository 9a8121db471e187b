import fs from 'node:fs';
import path from 'node:path';

/** The file operations a durable write is made of; tests swap them to simulate a crash at each step. */
export interface FileSteps {
  /** Writes the whole file and fsyncs it before returning. */
  writeDurable(file: string, text: string): void;
  rename(from: string, to: string): void;
  /** Makes the renames in a folder durable. */
  syncDir(dir: string): void;
}

export const realSteps: FileSteps = {
  writeDurable(file, text) {
    const fd = fs.openSync(file, 'w', 0o600);
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
  rename: (from, to) => fs.renameSync(from, to),
  syncDir(dir) {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
};

/** The three names a durable file may be under: the current copy, the write in progress, the kept previous copy. */
export const copiesOf = (file: string) => ({ current: file, next: `${file}.next`, previous: `${file}.prev` });

/**
 * Writes `text` so that a crash at any point leaves a complete copy: the new text is written
 * and fsynced beside the file, the current copy becomes the kept previous one, then the new
 * one takes its name. A reader takes the newest complete copy of the three (see `readCopies`).
 */
export function writeDurably(file: string, text: string, steps: FileSteps = realSteps): void {
  const { current, next, previous } = copiesOf(file);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  steps.writeDurable(next, text);
  if (fs.existsSync(current)) steps.rename(current, previous);
  steps.rename(next, current);
  steps.syncDir(path.dirname(file));
}

/** Moves an unusable copy out of the way under a name no later write uses; returns that name. */
export function setAside(file: string): string {
  let target = `${file}.corrupt`;
  for (let n = 1; fs.existsSync(target); n += 1) target = `${file}.corrupt.${n}`;
  fs.renameSync(file, target);
  return target;
}
