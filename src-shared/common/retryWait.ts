/** "30 seconds", "2 minutes", "1 hour": how long to wait, rounded up, for a person to read. */
export function waitText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  const [count, unit] =
    s < 120 ? [s, 'second'] : s < 7200 ? [Math.ceil(s / 60), 'minute'] : [Math.ceil(s / 3600), 'hour'];
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
