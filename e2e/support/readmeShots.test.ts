import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docsDir } from './readmeShots';

const root = path.join(import.meta.dirname, '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The names of the pictures the README shows from docs/. */
function shownNames(): string[] {
  return [...readme.matchAll(/\]\(docs\/([a-z0-9-]+)\.png\)/g)].map((m) => m[1] ?? '');
}

/** Every `readmeShot(…, 'name'` call in the specs, by name. */
function takenNames(): string[] {
  const specs = fs.readdirSync(path.join(root, 'e2e'), { recursive: true, encoding: 'utf8' });
  return specs
    .filter((file) => file.endsWith('.spec.ts'))
    .flatMap((file) => {
      const text = fs.readFileSync(path.join(root, 'e2e', file), 'utf8');
      return [...text.matchAll(/readmeShot\([^,]+,\s*'([a-z0-9-]+)'/g)].map((m) => m[1] ?? '');
    });
}

describe("the README's screenshots", () => {
  it('are each taken by exactly one end-to-end test', () => {
    const taken = takenNames();
    for (const name of shownNames())
      expect(
        taken.filter((t) => t === name),
        name,
      ).toHaveLength(1);
  });

  it('are all in docs/, and docs/ holds no picture the README does not show', () => {
    const shown = new Set(shownNames());
    const files = fs.readdirSync(docsDir).filter((f) => f.endsWith('.png'));
    expect(files.map((f) => f.replace(/\.png$/, '')).sort()).toEqual([...shown].sort());
  });

  it('are not taken by a test without the README showing them', () => {
    const shown = new Set(shownNames());
    expect(takenNames().filter((name) => !shown.has(name))).toEqual([]);
  });
});
