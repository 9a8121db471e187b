import { useLayoutEffect, useRef, useState } from 'react';
import { sameTab, type Tab } from './tabs';

/** A session tab as the header shows it. */
export interface HeaderTab {
  key: string;
  name: string;
}

/** The room the overflow button takes at the strip's end. */
const moreButtonWidth = 64;

/**
 * How many of `items` (left to right) the strip `box` shows: all when all end inside it, else
 * those that end before the overflow button's room.
 */
export function fittingCount(box: { right: number }, items: { right: number }[], moreWidth = moreButtonWidth): number {
  const inside = (limit: number) => {
    let count = 0;
    for (const item of items) {
      if (item.right > limit + 0.5) break;
      count += 1;
    }
    return count;
  };
  const all = inside(box.right);
  return all === items.length ? all : inside(box.right - moreWidth);
}

/** How many of the strip's tabs fit its width, measured again as the header resizes or the tabs change. */
function useFitting(strip: React.RefObject<HTMLElement | null>, tabs: HeaderTab[]) {
  const [fits, setFits] = useState(tabs.length);
  const names = tabs.map((t) => `${t.key}:${t.name}`).join('\n');
  useLayoutEffect(() => {
    const element = strip.current;
    if (!element) return undefined;
    const measure = () => {
      const items = [...element.querySelectorAll<HTMLElement>('[data-tab-key]')].map((b) => b.getBoundingClientRect());
      setFits(fittingCount(element.getBoundingClientRect(), items));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [strip, names]);
  return Math.min(fits, tabs.length);
}

/**
 * The session tabs in the header, on one line: the tabs that fit, and a menu with the others
 * (so the header never wraps, however many tabs are open).
 */
export function SessionTabStrip({
  tabs,
  tab,
  onNavigate,
}: {
  tabs: HeaderTab[];
  tab: Tab;
  onNavigate: (tab: Tab) => void;
}) {
  const strip = useRef<HTMLDivElement>(null);
  const fits = useFitting(strip, tabs);
  const [menu, setMenu] = useState(false);
  const hidden = tabs.slice(fits);
  const open = menu && hidden.length > 0;
  const setOpen = setMenu;
  if (tabs.length === 0) return null;
  const target = (key: string): Tab => ({ kind: 'session', key });
  return (
    <div className="tab-strip" ref={strip}>
      <nav className="nav tabs" aria-label="Sessions">
        {tabs.map((t, index) => {
          const current = sameTab(tab, target(t.key));
          const clipped = index >= fits;
          return (
            <button
              key={t.key}
              type="button"
              data-tab-key={t.key}
              className={current ? 'nav-item active' : 'nav-item'}
              aria-current={current ? 'page' : undefined}
              aria-hidden={clipped || undefined}
              tabIndex={clipped ? -1 : undefined}
              style={clipped ? { visibility: 'hidden' } : undefined}
              title={t.name}
              onClick={() => onNavigate(target(t.key))}
            >
              {t.name}
            </button>
          );
        })}
      </nav>
      {hidden.length > 0 && (
        <span className="tab-overflow">
          <button
            type="button"
            className="nav-item"
            aria-haspopup="menu"
            aria-expanded={open}
            aria-label={`${hidden.length} more session tabs`}
            onClick={() => setOpen((o) => !o)}
          >
            +{hidden.length} ▾
          </button>
          {open && (
            <span role="menu" aria-label="More session tabs" className="tab-overflow-menu">
              {hidden.map((t) => (
                <button
                  key={t.key}
                  type="button"
                  role="menuitem"
                  className={sameTab(tab, target(t.key)) ? 'active' : undefined}
                  onClick={() => {
                    setOpen(false);
                    onNavigate(target(t.key));
                  }}
                >
                  {t.name}
                </button>
              ))}
            </span>
          )}
        </span>
      )}
    </div>
  );
}
