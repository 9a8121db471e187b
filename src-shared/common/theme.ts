/**
 * The app's colours, light and dark, as CSS custom properties: one definition for every page
 * OpenPSM draws. The light values are the desktop app's (src-renderer/ui/styles.css); the
 * control plane's own pages (login, two-step verification, setup, federation) use both.
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
    '--ok': '#15803d',
    '--ok-bg': '#f0fdf4',
  },
  dark: {
    '--bg': '#0f1420',
    '--surface': '#171d2b',
    '--text': '#e6e9f2',
    '--muted': '#a3acbf',
    '--line': '#2e3749',
    '--field': '#0f1420',
    '--brand': '#2563eb',
    '--brand-dark': '#1d4ed8',
    '--on-brand': '#ffffff',
    '--focus': '#60a5fa',
    '--bad': '#fca5a5',
    '--bad-bg': '#3b1219',
    '--ok': '#86efac',
    '--ok-bg': '#0f2e1c',
  },
} as const;

export type ThemeName = keyof typeof themeColors;

/** One theme's colours as declarations (`--bg:#f4f6fb;…`), for a `:root` rule. */
export function themeDeclarations(theme: ThemeName): string {
  return Object.entries(themeColors[theme])
    .map(([name, value]) => `${name}:${value}`)
    .join(';');
}
