import fs from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { hardeningHeaders } from '../csp';

export const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** Maps a URL path to a file inside `root`; undefined when it would leave `root`. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return file === root || file.startsWith(root + path.sep) ? file : undefined;
}

/** Serves the built renderer: GET/HEAD only, hardened headers, index.html for app routes. */
export async function serveStatic(root: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', ...hardeningHeaders }).end();
    return;
  }
  const urlPath = (req.url ?? '/').split(/[?#]/)[0] ?? '/';
  let file = resolveInside(root, urlPath === '/' ? '/index.html' : urlPath);
  if (!file) {
    res.writeHead(400, hardeningHeaders).end();
    return;
  }
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    // An app route (no extension) gets the app; a missing asset gets 404.
    if (path.extname(file) !== '') {
      res.writeHead(404, { 'content-type': 'text/plain', ...hardeningHeaders }).end('Not found');
      return;
    }
    file = path.join(root, 'index.html');
    body = await fs.readFile(file);
  }
  const type = contentTypes[path.extname(file)] ?? 'application/octet-stream';
  const cache = file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-store';
  res.writeHead(200, {
    'content-type': type,
    'cache-control': cache,
    'content-length': body.length,
    ...hardeningHeaders,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
