import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { themeColors } from '@shared/common/theme';
import { applyTheme } from './theme';

const css = fs.readFileSync(path.join(import.meta.dirname, 'theme.css'), 'utf8');

/** The declarations of the first rule after `selector` in theme.css, as name → value. */
function declarationsAfter(selector: string): Record<string, string> {
  const start = css.indexOf(selector);
  if (start < 0) throw new Error(`theme.css has no ${selector}`);
  const body = css.slice(css.indexOf('{', start + selector.length - 1) + 1, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/([a-z-][a-z0-9-]*):\s*([^;]+);/g)].map((m) => [m[1], m[2]]));
}

/** The two colours of `light-dark(a, b)`, split at its one top-level comma; null for a plain colour. */
function lightDark(value: string): [string, string] | null {
  const inner = /^light-dark\((.+)\)$/.exec(value)?.[1];
  if (!inner) return null;
  let depth = 0;
  for (let i = 0; i < inner.length; i += 1) {
    if (inner[i] === '(') depth += 1;
    else if (inner[i] === ')') depth -= 1;
    else if (inner[i] === ',' && depth === 0) return [inner.slice(0, i).trim(), inner.slice(i + 1).trim()];
  }
  return null;
}

/** One side of every `light-dark(light, dark)` colour (a colour the same in both is written once). */
function side(declarations: Record<string, string>, which: 0 | 1): Record<string, string> {
  return Object.fromEntries(
    Object.entries(declarations)
      .filter(([name]) => name.startsWith('--'))
      .map(([name, value]) => [name, lightDark(value)?.[which] ?? value]),
  );
}

describe('theme.css', () => {
  const root = declarationsAfter(':root {');
  it('spells out the shared light and dark colours on :root, as light-dark() pairs', () => {
    expect(side(root, 0)).toEqual(themeColors.light);
    expect(side(root, 1)).toEqual(themeColors.dark);
  });
  it('lets the OS choose unless data-theme does', () => {
    expect(root['color-scheme']).toBe('light dark');
    expect(declarationsAfter(":root[data-theme='light'] {")).toEqual({ 'color-scheme': 'light' });
    expect(declarationsAfter(":root[data-theme='dark'] {")).toEqual({ 'color-scheme': 'dark' });
  });
});

describe('applyTheme', () => {
  it('sets data-theme for light and dark and removes it for system', () => {
    const root = { dataset: {} as Record<string, string | undefined> };
    applyTheme('dark', root);
    expect(root.dataset['theme']).toBe('dark');
    applyTheme('light', root);
    expect(root.dataset['theme']).toBe('light');
    applyTheme('system', root);
    expect('theme' in root.dataset).toBe(false);
  });
});
