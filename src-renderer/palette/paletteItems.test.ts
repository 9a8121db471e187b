import { describe, expect, it } from 'vitest';
import { filterItems, moveHighlight, type PaletteItem } from './paletteItems';

const item = (label: string, detail = ''): PaletteItem => ({ id: label, label, detail, run: () => undefined });
const items = [item('Connect to db-prod-1', 'SSH · 10.0.0.5'), item('Connect to web-1', 'RDP'), item('Go to Vault')];

describe('filterItems', () => {
  it('keeps the items holding every word, in any case, label or detail', () => {
    expect(filterItems(items, 'PROD').map((i) => i.id)).toEqual(['Connect to db-prod-1']);
    expect(filterItems(items, 'connect rdp').map((i) => i.id)).toEqual(['Connect to web-1']);
    expect(filterItems(items, 'vault').map((i) => i.id)).toEqual(['Go to Vault']);
    expect(filterItems(items, 'nothing-like-this')).toEqual([]);
  });
  it('keeps everything for an empty query', () => {
    expect(filterItems(items, '  ')).toHaveLength(3);
  });
});

describe('moveHighlight', () => {
  it('moves and wraps around', () => {
    expect(moveHighlight(0, 3, 1)).toBe(1);
    expect(moveHighlight(2, 3, 1)).toBe(0);
    expect(moveHighlight(0, 3, -1)).toBe(2);
    expect(moveHighlight(-1, 3, -1)).toBe(2);
    expect(moveHighlight(-1, 3, 1)).toBe(0);
    expect(moveHighlight(0, 0, 1)).toBe(-1);
  });
});
