import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { themeColors } from '@shared/common/theme';
import { applyTheme } from './theme';

const css = fs.readFileSync(path.join(import.meta.dirname, 'theme.css'), 'utf8');

/** The declarations of the first rule after `selector` in theme.css, as name → value. */
function declarationsAfter(selector: string): Record<string, string> {
  const start = css.indexOf(selector);
  const body = css.slice(css.indexOf('{', start + selector.length - 1) + 1, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/(--[a-z0-9-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]]));
}

describe('theme.css', () => {
  it('spells out the shared light colours on :root', () => {
    expect(declarationsAfter(':root {')).toEqual(themeColors.light);
  });
  it('has the shared dark colours for an OS in dark mode and for data-theme=dark', () => {
    expect(declarationsAfter(":root:not([data-theme='light']) {")).toEqual(themeColors.dark);
    expect(declarationsAfter(":root[data-theme='dark'] {")).toEqual(themeColors.dark);
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
