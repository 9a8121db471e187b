import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The signed-in page closes its own tab, so a sign-in leaves no tab behind: a browser lets a
 * script close a tab a script opened (the app's window.open); a tab the system browser opened
 * for the desktop app stays, and says it can be closed.
 */
const closeScript = 'window.close()';
const closeScriptHash = `'sha256-${crypto.createHash('sha256').update(closeScript).digest('base64')}'`;

const page = (title: string, text: string, closeTab: boolean) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><title>${title}</title></head>` +
  `<body style="font:16px system-ui,sans-serif;max-width:30rem;margin:4rem auto"><main><h1>${title}</h1><p>${text}</p></main>` +
  `${closeTab ? `<script>${closeScript}</script>` : ''}</body></html>`;

export interface LoopbackRedirect {
  /** e.g. `http://127.0.0.1:53122/callback`. */
  redirectUri: string;
  /** Resolves with the full callback URL once the browser comes back. */
  callback: Promise<URL>;
  /** Answers the waiting browser and stops listening. */
  finish(ok: boolean, text: string): void;
  close(): void;
}

/**
 * A one-shot listener on 127.0.0.1 for the OIDC redirect (RFC 8252 §7.3): any free port,
 * path /callback. Only the first request to /callback counts; it stops after `timeoutMs`.
 */
export async function listenForRedirect(timeoutMs: number): Promise<LoopbackRedirect> {
  let resolveCallback: (url: URL) => void = () => undefined;
  let rejectCallback: (error: Error) => void = () => undefined;
  const callback = new Promise<URL>((resolve, reject) => {
    resolveCallback = resolve;
    rejectCallback = reject;
  });
  let waiting: http.ServerResponse | null = null;
  let done = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback' || done) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    done = true;
    waiting = res;
    resolveCallback(new URL(req.url ?? '/', redirectUri));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  const close = () => {
    clearTimeout(timer);
    server.closeAllConnections();
    server.close();
  };
  const timer = setTimeout(() => {
    rejectCallback(new Error('timeout'));
    close();
  }, timeoutMs);
  timer.unref();
  return {
    redirectUri,
    callback,
    finish(ok, text) {
      const res = waiting as http.ServerResponse | null;
      if (res) {
        res.writeHead(ok ? 200 : 400, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; script-src ${closeScriptHash}`,
          'cache-control': 'no-store',
        });
        res.end(page(ok ? 'Signed in to OpenPSM' : 'Sign-in failed', text, ok), () => close());
      } else close();
    },
    close: () => {
      rejectCallback(new Error('cancelled'));
      close();
    },
  };
}
