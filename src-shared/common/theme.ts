/**
 * The app's colours, light and dark, as CSS custom properties: one definition for every page
 * OpenPSM draws. The desktop app's src-renderer/ui/theme.css spells them out (a unit test keeps
 * it equal to this); the control plane's own pages (login, two-step verification, setup,
 * federation) take them from themeDeclarations.
 */
export const themeColors = {
  light: {
    '--bg': '#f4f6fb',
    '--surface': '#ffffff',
    '--text': '#141a2b',
    '--muted': '#5b6478',
    '--line': '#dde2ee',
    '--field': '#ffffff',
    '--brand': '#1d4ed8',
    '--brand-dark': '#1e3a8a',
    '--on-brand': '#ffffff',
    '--focus': '#93c5fd',
    '--bad': '#b91c1c',
    '--bad-bg': '#fef2f2',
    '--ok': '#166534',
    '--ok-bg': '#f0fdf4',
    '--ok-line': '#bbf7d0',
    '--ok-mark': '#15803d',
    '--bad-line': '#fecaca',
    '--warn': '#b45309',
    '--warn-bg': '#fffbeb',
    '--warn-line': '#fde68a',
    '--warn-text': '#92400e',
    '--info-bg': '#eff6ff',
    '--info-line': '#bfdbfe',
    '--link': '#1d4ed8',
    '--subtle': '#eef1f8',
    '--subtle-2': '#f3f5f8',
    '--selected': '#f5f8ff',
    '--typed': '#e0e7ff',
    '--on-header': '#ffffff',
    '--header-text': '#dbe4ff',
    '--screen': '#0b1020',
    '--shadow': 'rgba(0, 0, 0, 0.18)',
  },
  dark: {
    '--bg': '#0f1420',
    '--surface': '#171d2b',
    '--text': '#e6e9f2',
    '--muted': '#a3acbf',
    '--line': '#2e3749',
    '--field': '#0f1420',
    '--brand': '#2563eb',
    '--brand-dark': '#1e3a8a',
    '--on-brand': '#ffffff',
    '--focus': '#60a5fa',
    '--bad': '#fca5a5',
    '--bad-bg': '#3b1219',
    '--ok': '#86efac',
    '--ok-bg': '#0f2e1c',
    '--ok-line': '#166534',
    '--ok-mark': '#15803d',
    '--bad-line': '#7f1d1d',
    '--warn': '#fbbf24',
    '--warn-bg': '#33260a',
    '--warn-line': '#92400e',
    '--warn-text': '#fde68a',
    '--info-bg': '#14203d',
    '--info-line': '#1e40af',
    '--link': '#93c5fd',
    '--subtle': '#232b3d',
    '--subtle-2': '#1c2333',
    '--selected': '#1a2540',
    '--typed': '#312e81',
    '--on-header': '#ffffff',
    '--header-text': '#dbe4ff',
    '--screen': '#0b1020',
    '--shadow': 'rgba(0, 0, 0, 0.6)',
  },
} as const;

export type ThemeName = keyof typeof themeColors;

/** The Settings page's theme choice: follow the OS (`prefers-color-scheme`), or always light or dark. */
export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];

/** One theme's colours as declarations (`--bg:#f4f6fb;…`), for a `:root` rule. */
export function themeDeclarations(theme: ThemeName): string {
  return Object.entries(themeColors[theme])
    .map(([name, value]) => `${name}:${value}`)
    .join(';');
}
