import type http from 'node:http';
import type { OpenPsmError } from '@shared/common/errors';
import { httpStatus } from '@shared/node/transport/errorStatus';

const securityHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
const pageCsp = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

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
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title>` +
      '<style>body{font:16px system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem;color:#1c2430}' +
      'label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;box-sizing:border-box}' +
      'button{margin-top:1.2rem;padding:.6rem 1.2rem}.error{color:#a40e26;background:#fdecee;padding:.6rem;border-radius:4px}</style>' +
      `</head><body>${body}</body></html>`,
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
