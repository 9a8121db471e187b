/** One thing the command palette can do: connect to a computer, or go to a page. */
export interface PaletteItem {
  id: string;
  label: string;
  /** A second line: the host, the protocol, the policy. */
  detail: string;
  run: () => void;
}

/** The items whose label and detail hold every word of `query` (any case), in their order; all for an empty query. */
export function filterItems(items: PaletteItem[], query: string): PaletteItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return items.filter((item) => {
    const text = `${item.label} ${item.detail}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** The next highlighted row after an arrow key, wrapping around; -1 when there are none. */
export function moveHighlight(current: number, count: number, step: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return step === 1 ? 0 : count - 1;
  return (current + step + count) % count;
}
