import fs from 'node:fs/promises';
import path from 'node:path';
import type {
  BrowserWindow,
  BrowserWindowConstructorOptions,
  CustomScheme,
  Protocol,
  Session,
  WebContents,
  WebFrameMain,
} from 'electron';
import { hardeningHeaders } from '../csp';
import { contentTypes, resolveInside } from '../host/staticFiles';

/**
 * Window hardening, all in one place (architecture rule 6), following Electron's
 * security checklist. main.ts only calls these.
 */
export const appScheme = 'app';
export const appOrigin = 'app://openpsm';
export const deepLinkScheme = 'openpsm';

/** `app://` behaves like a secure, standard origin, so 'self' in the CSP means the app. */
export const privilegedSchemes: CustomScheme[] = [
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
];

/**
 * Opens the app window: isolated, sandboxed, no Node, no webview, no middle-click windows.
 * webPreferences stay an object literal here so static scanners (Electronegativity) see them.
 */
export function createSecureWindow<W extends BrowserWindow>(
  Window: new (options: BrowserWindowConstructorOptions) => W,
  preload: string,
  options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>,
): W {
  return new Window({
    ...options,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableBlinkFeatures: '',
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
}

/** Serves the built renderer from `app://openpsm/`, with the CSP on every response. */
export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const file =
      url.host === 'openpsm'
        ? resolveInside(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname)
        : undefined;
    if (!file) return new Response('Not found', { status: 404, headers: hardeningHeaders });
    try {
      const body = await fs.readFile(file);
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
          ...hardeningHeaders,
        },
      });
    } catch {
      return new Response('Not found', { status: 404, headers: hardeningHeaders });
    }
  });
}

/** No navigation away from the app, no new windows, no webviews. */
export function hardenContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  const stayInApp = (event: { preventDefault(): void }, url: string) => {
    if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Every permission request (camera, notifications, …) and check is denied. */
export function denyPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** An IPC call is trusted only from the app's own origin, in a top-level frame. */
export function isTrustedSender(frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    // app: is not a special scheme to WHATWG URL (its origin reads "null"), so compare the parts.
    const url = new URL(frame.url);
    return url.protocol === `${appScheme}:` && url.host === 'openpsm';
  } catch {
    return false;
  }
}
