import { useEffect } from 'react';
import type { ThemeChoice } from '@shared/common/theme';

/**
 * Shows `choice` on `root` (the <html> element): light or dark as `data-theme`, which theme.css
 * prefers over the OS; system removes it, so `prefers-color-scheme` decides.
 */
export function applyTheme(
  choice: ThemeChoice,
  root: { dataset: Record<string, string | undefined> } = document.documentElement,
): void {
  if (choice === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = choice;
}

/** Keeps the page's theme on the saved choice (none yet: the OS's). */
export function useTheme(choice: ThemeChoice | undefined): void {
  useEffect(() => applyTheme(choice ?? 'system'), [choice]);
}
