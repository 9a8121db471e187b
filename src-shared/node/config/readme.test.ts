import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configGroups } from './loadConfig';
import { readmeBlock, readmeTable } from './readmeTables';

const readme = fs.readFileSync(path.join(import.meta.dirname, '../../../README.md'), 'utf8');

describe("the README's variable tables", () => {
  it.each(configGroups.map(({ id, group }) => [id, group] as const))(
    "%s: the table is the schema's names, defaults and descriptions",
    (id, group) => {
      expect(readmeBlock(readme, id), `README.md has no <!-- config:${id} --> block`).not.toBeNull();
      expect(readmeBlock(readme, id)).toBe(readmeTable(group));
    },
  );

  it('names no OPENPSM_ variable that no schema has', () => {
    const known = new Set(configGroups.flatMap(({ group }) => Object.keys(group.shape)));
    const named = new Set(readme.match(/OPENPSM_[A-Z0-9_]+/g) ?? []);
    expect([...named].filter((name) => !known.has(name))).toEqual([]);
  });
});
