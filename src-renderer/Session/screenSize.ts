/** A session screen's size in CSS pixels. */
export interface ScreenSize {
  width: number;
  height: number;
}

/** guacd takes at most one new screen size this often; the last size asked for in between wins. */
export const resizeIntervalMs = 250;

/** The size this window's session screen last measured: the next session opens with it. */
let lastMeasured: ScreenSize | null = null;

/** Keeps a measured session screen's size for the next session of this window. */
export function rememberScreenSize(size: ScreenSize): void {
  if (size.width >= 64 && size.height >= 64)
    lastMeasured = { width: Math.floor(size.width), height: Math.floor(size.height) };
}

/**
 * The size to open a session with: the session screen's own last measure in this window, else
 * the page area a tab takes, less the session toolbar and clipboard panel beside the screen.
 */
export function openingScreenSize(): ScreenSize {
  if (lastMeasured) return lastMeasured;
  const area = document.querySelector('.app-main')?.getBoundingClientRect();
  const width = (area?.width ?? window.innerWidth) - 64 - 276;
  const height = window.innerHeight - (area?.top ?? 0) - 56 - 120;
  return { width: Math.max(640, Math.floor(width)), height: Math.max(480, Math.floor(height)) };
}

/**
 * Sends the screen's size to guacd as it can take it: nothing before guacd's first frame (guacd
 * 1.6.0's VNC process crashes on a `size` that comes before its VNC client exists), then
 * coalesced, the last size wins, at most one every `intervalMs`.
 */
export function createSizeSender(send: (size: ScreenSize) => void, intervalMs = resizeIntervalMs) {
  let drawn = false;
  let wanted: ScreenSize | null = null;
  let sent = '';
  let sentAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    timer = null;
    if (!wanted || `${wanted.width}x${wanted.height}` === sent) return;
    sent = `${wanted.width}x${wanted.height}`;
    sentAt = Date.now();
    send(wanted);
  };
  const schedule = () => {
    if (drawn && !timer) timer = setTimeout(flush, Math.max(0, sentAt + intervalMs - Date.now()));
  };
  return {
    /** guacd drew its first frame: sizes may go from now on. */
    firstFrame(): void {
      drawn = true;
      schedule();
    },
    /** The screen measures `size` now. */
    want(size: ScreenSize): void {
      wanted = { width: Math.floor(size.width), height: Math.floor(size.height) };
      schedule();
    },
    dispose(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
