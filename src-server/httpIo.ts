import type http from 'node:http';
import type { OpenPsmError } from '@shared/common/errors';
import { httpStatus } from '@shared/node/transport/errorStatus';
import { pageStylesheetPath } from './pageStyle';

const securityHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
// The pages' only style is the shared stylesheet (pageStyle.ts), from this origin: no inline style, no script.
const pageCsp = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'";

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  // Encoded once, with its length: a string body is measured, then encoded again, and sent chunked (My Resources: 216 KB).
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(bytes.length),
    ...securityHeaders,
    ...headers,
  });
  res.end(bytes);
}

/**
 * Answers a coded error as every API error is answered: `{code, message}` with the bad fields
 * or when to try again (and its Retry-After), under the status the one table gives the code.
 * Only HTTP's own refusals (a method or a size) pass another status.
 */
export function sendError(
  res: http.ServerResponse,
  error: OpenPsmError,
  headers: Record<string, string> = {},
  status = httpStatus(error.code),
): void {
  const { fields, retryAfterSeconds } = error.params;
  const retry: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  sendJson(
    res,
    status,
    {
      code: error.code,
      message: error.message,
      ...(fields ? { fields } : {}),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    },
    { ...retry, ...headers },
  );
}

export function sendHtml(
  res: http.ServerResponse,
  status: number,
  title: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': pageCsp,
    'x-frame-options': 'DENY',
    ...securityHeaders,
    ...headers,
  });
  res.end(pageHtml(title, body));
}

/** A page of the control plane: the shared stylesheet, the product's name as the banner, the body as the main landmark. */
export function pageHtml(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<meta name="color-scheme" content="light dark"><title>${title}</title>` +
    `<link rel="stylesheet" href="${pageStylesheetPath}"></head>` +
    `<body><header class="page-brand">OpenPSM</header><main>${body}</main></body></html>`
  );
}

/** Reads a request body up to `limit` bytes; rejects with 413 past it. */
export function readBody(req: http.IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop keeping it, but drain the rest so the 413 answer reaches the client.
        if (chunks.length > 0) chunks.length = 0;
        req.removeAllListeners('data');
        req.resume();
        reject(Object.assign(new Error('Request body too large'), { status: 413 }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The body as a plain object: JSON, or an HTML form (`application/x-www-form-urlencoded`). */
export async function readFields(req: http.IncomingMessage, limit?: number): Promise<unknown> {
  const text = await readBody(req, limit);
  const type = req.headers['content-type'] ?? '';
  // A CSV import may send the file itself (`curl --data-binary @computers.csv -H 'content-type: text/csv'`).
  if (type.startsWith('text/csv')) return { csv: text };
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return Symbol.for('openpsm.badJson');
  }
}
