import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { Modal } from '../ui/Modal';
import { filterItems, moveHighlight, type PaletteItem } from './paletteItems';

/**
 * The command palette (Ctrl+K): a combobox filtering a listbox of computers to connect to and
 * pages to open. Arrow keys move, Enter runs, Escape closes.
 */
export function CommandPalette({
  items,
  loading,
  onClose,
}: {
  items: PaletteItem[];
  /** The computers are still being fetched. */
  loading: boolean;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [highlight, setHighlight] = useState(0);
  const shown = useMemo(() => filterItems(items, query), [items, query]);
  const current = Math.min(highlight, shown.length - 1);
  const listId = useId();
  const optionId = (i: number) => `${listId}-${i}`;
  const run = (item: PaletteItem | undefined) => {
    if (!item) return;
    onClose();
    item.run();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setHighlight(moveHighlight(current, shown.length, event.key === 'ArrowDown' ? 1 : -1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run(shown[current]);
    }
  };
  return (
    <Modal label="Command palette" className="palette" onClose={onClose}>
      <input
        type="text"
        role="combobox"
        aria-label="Connect to a computer or go to a page"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        placeholder="Type a computer or a page…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setHighlight(0);
        }}
        onKeyDown={onKeyDown}
        autoFocus
      />
      <ul id={listId} role="listbox" aria-label="Commands" className="palette-list">
        {shown.map((item, i) => (
          <li
            key={item.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'palette-option active' : 'palette-option'}
            onClick={() => run(item)}
          >
            <span>{item.label}</span>
            {item.detail && <small className="muted">{item.detail}</small>}
          </li>
        ))}
      </ul>
      {shown.length === 0 && (
        <p className="muted" role="status">
          {loading ? 'Loading computers…' : 'Nothing matches.'}
        </p>
      )}
    </Modal>
  );
}
