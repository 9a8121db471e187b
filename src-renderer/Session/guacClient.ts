import Guacamole from 'guacamole-common-js';
import type { OpenedSession } from '@shared/common/api/sessions';
import { errorForGuacStatus } from '@shared/common/guac/statusErrors';
import type { SessionLink } from './sessionLinks';
import { createSessionTunnel, type SessionEnd, type TunnelError } from './sessionTunnel';
import { createSizeSender, rememberScreenSize } from './screenSize';
import { readText, writeText } from './textStreams';
import { isReleaseChord } from '../shortcuts/keyMap';

export interface ClientEvents {
  onState(state: 'connecting' | 'connected' | 'ended'): void;
  onError(error: TunnelError): void;
  onRequired(names: string[]): void;
  onClipboard(text: string): void;
  /** Someone started (`joined`) or stopped watching this session; guacd tells the owner only. */
  onWatcher?(change: { id: string; name: string; joined: boolean }): void;
  /** The gateway announced when the session ends (its policy's maximum duration), a set time before. */
  onEnds?(end: SessionEnd): void;
}

export interface SessionClient {
  client: Guacamole.Client;
  display: HTMLElement;
  sendText(name: string, value: string): void;
  paste(text: string): void;
  ctrlAltDel(): void;
  /** Scales the remote screen into `width`×`height`, and asks for that size (owners only, once guacd has drawn). */
  fit(width: number, height: number): void;
  dispose(): void;
}

const CONTROL_L = 0xffe3;
const ALT_L = 0xffe9;
const DELETE = 0xffff;

/**
 * Sends the screen's keys and the display's mouse to `client` (an owner's session, never a
 * read-only view). While the screen has focus every key goes to the remote computer, except
 * Ctrl+Alt+Shift: it releases the keys held there and gives the keyboard back to the app (the
 * session's toolbar), so the app's shortcuts work again. Returns the unbinding.
 */
function bindInput(client: Guacamole.Client, screen: HTMLElement, display: HTMLElement): () => void {
  const keyboard = new Guacamole.Keyboard(screen);
  keyboard.onkeydown = (keysym) => {
    client.sendKeyEvent(1, keysym);
    return false;
  };
  keyboard.onkeyup = (keysym) => client.sendKeyEvent(0, keysym);
  const release = (event: KeyboardEvent) => {
    if (event.target !== screen || !isReleaseChord(event)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    keyboard.reset();
    screen.closest('section')?.querySelector<HTMLElement>('.session-toolbar button')?.focus();
  };
  // On the parent, capturing: Guacamole.Keyboard captures on the screen itself, so this runs first.
  const parent = screen.parentElement ?? screen;
  parent.addEventListener('keydown', release, true);
  // The app's shortcuts leave alone every key pressed here (src-renderer/shortcuts).
  screen.dataset['keyboard'] = 'remote';
  const mouse = new Guacamole.Mouse(display);
  mouse.onEach(['mousedown', 'mousemove', 'mouseup'], (event) => {
    screen.focus();
    client.sendMouseState((event as Guacamole.Mouse.Event).state, true);
  });
  return () => {
    parent.removeEventListener('keydown', release, true);
    delete screen.dataset['keyboard'];
    keyboard.onkeydown = null;
    keyboard.onkeyup = null;
    keyboard.reset();
  };
}

/**
 * Reports `client`'s and `tunnel`'s state, errors (once, with main's reason first), required
 * parameters, watchers and clipboard text to `events`.
 */
function bindEvents(
  client: Guacamole.Client,
  tunnel: Guacamole.Tunnel,
  error: () => TunnelError | null,
  events: ClientEvents,
): void {
  let failed = false;

  client.onstatechange = (state) => {
    if (state === 3) events.onState('connected');
    if (state === 5) {
      const reason = error();
      if (reason && !failed) {
        failed = true;
        events.onError(reason);
      }
      if (!failed) events.onState('ended');
    }
  };
  client.onerror = (status) => {
    if (failed) return;
    const reason = error();
    const mapped =
      reason ??
      (() => {
        const e = errorForGuacStatus(status.code, status.message ?? '');
        return { code: e.code, message: e.message };
      })();
    failed = true;
    events.onError(mapped);
  };
  // guacamole-common-js 1.5's client watches only the tunnel's instructions: its end and
  // its errors are ours to handle.
  tunnel.onstatechange = (state) => {
    if (state !== Guacamole.Tunnel.State.CLOSED || failed) return;
    const reason = error();
    if (reason) {
      failed = true;
      events.onError(reason);
    } else events.onState('ended');
  };
  client.onrequired = (names) => events.onRequired(names);
  // guacd's `msg` notices (1 joined, 2 left); the gateway passes them only where the policy announces watchers.
  const notices = client as unknown as {
    onjoin: ((id: string, name: string) => void) | null;
    onleave: ((id: string, name: string) => void) | null;
  };
  notices.onjoin = (id, name) => events.onWatcher?.({ id, name, joined: true });
  notices.onleave = (id, name) => events.onWatcher?.({ id, name, joined: false });
  client.onclipboard = (stream, mimetype) => {
    if (/^text\//.test(mimetype)) readText(stream, events.onClipboard);
  };
}

/**
 * A Guacamole.Client on the session socket, with keyboard, mouse and wheel bound to its
 * screen (never for a read-only view) and clipboard streams read as text.
 */
export function startSessionClient(
  opened: OpenedSession,
  link: SessionLink,
  screen: HTMLElement,
  events: ClientEvents,
): SessionClient {
  const { tunnel, error } = createSessionTunnel(link, (end) => events.onEnds?.(end));
  const client = new Guacamole.Client(tunnel);
  const display = client.getDisplay().getElement();
  screen.appendChild(display);
  bindEvents(client, tunnel, error, events);

  const unbindInput = opened.readOnly ? null : bindInput(client, screen, display);

  const sizes = createSizeSender(({ width, height }) => client.sendSize(width, height));
  client.onsync = () => sizes.firstFrame();
  client.connect();

  return {
    client,
    display,
    sendText: (name, value) => writeText(client.createArgumentValueStream('text/plain', name), value),
    paste: (text) => writeText(client.createClipboardStream('text/plain'), text),
    ctrlAltDel: () => {
      for (const keysym of [CONTROL_L, ALT_L, DELETE]) client.sendKeyEvent(1, keysym);
      for (const keysym of [DELETE, ALT_L, CONTROL_L]) client.sendKeyEvent(0, keysym);
    },
    fit: (width, height) => {
      const d = client.getDisplay();
      if (d.getWidth() > 0 && d.getHeight() > 0) d.scale(Math.min(width / d.getWidth(), height / d.getHeight()));
      if (width < 64 || height < 64) return;
      rememberScreenSize({ width, height });
      if (!opened.readOnly) sizes.want({ width, height });
    },
    dispose: () => {
      sizes.dispose();
      unbindInput?.();
      client.disconnect();
    },
  };
}
