import { useState } from 'react';

/** One choosable item: its id and what the list shows. */
export interface PickItem {
  id: string;
  label: string;
}

/** Toggles an id in a list. */
export const toggled = (list: string[], id: string, on: boolean) =>
  on ? [...new Set([...list, id])] : list.filter((x) => x !== id);

/**
 * A searchable list of checkboxes (people, groups, computers): the chosen ones first, then
 * those matching the search, at most 50 shown.
 */
export function CheckList({
  label,
  items,
  chosen,
  onChange,
  error,
}: {
  label: string;
  items: PickItem[];
  chosen: string[];
  onChange: (next: string[]) => void;
  error?: string | undefined;
}) {
  const [search, setSearch] = useState('');
  const text = search.trim().toLowerCase();
  const picked = items.filter((i) => chosen.includes(i.id));
  const others = items.filter((i) => !chosen.includes(i.id) && i.label.toLowerCase().includes(text)).slice(0, 50);
  return (
    <fieldset className="picker" aria-label={label}>
      <legend>
        {label} ({chosen.length} chosen)
      </legend>
      <input
        type="search"
        aria-label={`Search ${label.toLowerCase()}`}
        value={search}
        placeholder="Search"
        onChange={(e) => setSearch(e.target.value)}
      />
      <ul className="check-list">
        {[...picked, ...others].map((item) => (
          <li key={item.id}>
            <label>
              <input
                type="checkbox"
                checked={chosen.includes(item.id)}
                onChange={(e) => onChange(toggled(chosen, item.id, e.target.checked))}
              />{' '}
              {item.label}
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** A labelled checkbox. */
export function Switch({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange: (on: boolean) => void;
  hint?: string;
}) {
  return (
    <label className="switch">
      <input type="checkbox" aria-label={label} checked={checked} onChange={(e) => onChange(e.target.checked)} />{' '}
      {label}
      {hint && <span className="muted"> {hint}</span>}
    </label>
  );
}
