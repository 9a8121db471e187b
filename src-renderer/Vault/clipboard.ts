let clearTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Writes a copied secret to the clipboard and clears it after `seconds`, unless something
 * else was copied meanwhile (when the clipboard cannot be read back, it is cleared anyway).
 */
export async function copySecret(value: string, seconds: number): Promise<void> {
  await navigator.clipboard.writeText(value);
  if (clearTimer) clearTimeout(clearTimer);
  clearTimer = setTimeout(() => {
    clearTimer = null;
    void navigator.clipboard
      .readText()
      .catch(() => value)
      .then((now) => (now === value ? navigator.clipboard.writeText('') : undefined))
      .catch(() => undefined);
  }, seconds * 1000);
}
