/** Writes and reads the OS clipboard from main (the desktop shell); absent in the browser host. */
export interface MainClipboard {
  writeText(text: string): void;
  readText(): string | Promise<string>;
}

/**
 * Copies secrets for the person. Where main has the OS clipboard it writes the secret there
 * and clears it after the set time, unless something else was copied meanwhile; elsewhere
 * the caller gets the value to copy itself (and clears it after the same time).
 */
export class SecretClipboard {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly clipboard?: MainClipboard) {}

  /** Copies `secret`; `value` is null when main copied it, else the secret for the caller to copy. */
  copy(secret: string, clearAfterSeconds: number): { value: string | null; clearAfterSeconds: number } {
    const clipboard = this.clipboard;
    if (!clipboard) return { value: secret, clearAfterSeconds };
    clipboard.writeText(secret);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void Promise.resolve(clipboard.readText()).then((now) => now === secret && clipboard.writeText(''));
    }, clearAfterSeconds * 1000);
    this.timer.unref?.();
    return { value: null, clearAfterSeconds };
  }

  /** Stops the pending clear (the app is closing). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
