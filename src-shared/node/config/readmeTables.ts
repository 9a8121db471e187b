import type { z } from 'zod';
import { variablesOf } from './envValues';

/** A group's README table: one row per variable, its default (or what applies unset) and what it does. */
export function readmeTable(group: z.ZodObject): string {
  const rows = variablesOf(group).map((v) => `| \`${v.name}\` | ${v.shown} | ${v.description} |`);
  return ['| variable | default | what it does |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The text between `<!-- config:<id> -->` and `<!-- /config:<id> -->` in a README, or null. */
export function readmeBlock(readme: string, id: string): string | null {
  const start = `<!-- config:${id} -->\n`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(`\n<!-- /config:${id} -->`, from);
  return from < 0 || to < 0 ? null : readme.slice(from + start.length, to);
}
