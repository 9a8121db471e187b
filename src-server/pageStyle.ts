import type http from 'node:http';
import { themeDeclarations } from '@shared/common/theme';

/** Where the control plane's own pages load their stylesheet from (same origin: the pages' CSP allows only 'self'). */
export const pageStylesheetPath = '/pages.css';

/**
 * The stylesheet of the control plane's pages (login, two-step verification, setup, one-time
 * code): the app's colours and controls, light or dark as the system prefers.
 */
export const pageStylesheet = [
  `:root{color-scheme:light dark;${themeDeclarations('light')}}`,
  `@media (prefers-color-scheme:dark){:root{${themeDeclarations('dark')}}}`,
  '*{box-sizing:border-box}',
  "html{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;line-height:1.5;color:var(--text);background:var(--bg)}",
  'body{margin:0;min-height:100vh}',
  '.page-brand{background:var(--brand-dark);color:#fff;padding:10px 24px;font-weight:700;font-size:1.15rem}',
  'main{max-width:30rem;margin:3rem auto;padding:24px 28px;background:var(--surface);border:1px solid var(--line);border-radius:10px}',
  'h1{font-size:1.6rem;margin:0 0 .75rem}',
  'p{margin:.75rem 0}',
  'a{color:var(--brand)}',
  '@media (prefers-color-scheme:dark){a{color:var(--focus)}}',
  'label{display:block;margin:.9rem 0 .3rem;font-weight:600}',
  'label.choice{display:flex;gap:.5rem;align-items:center;font-weight:400}',
  'input,select{font:inherit;width:100%;padding:8px 10px;border:1px solid var(--line);border-radius:6px;background:var(--field);color:var(--text)}',
  'input[type=radio],input[type=checkbox]{width:auto}',
  "input[aria-invalid='true']{border-color:var(--bad)}",
  'fieldset{border:1px solid var(--line);border-radius:8px;margin:.9rem 0}',
  'legend{font-weight:700;padding:0 6px}',
  'small{display:block;color:var(--muted);margin-top:.3rem}',
  'button{font:inherit;font-weight:600;border-radius:8px;padding:8px 18px;margin-top:1.2rem;cursor:pointer;border:1px solid var(--brand);background:var(--brand);color:var(--on-brand)}',
  'button:hover{background:var(--brand-dark)}',
  'a.button{display:inline-block;text-decoration:none;font-weight:600;border-radius:8px;padding:8px 18px;margin-top:1.2rem;background:var(--brand);color:var(--on-brand)}',
  'button.secondary{background:transparent;color:var(--text);border-color:var(--line)}',
  'button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid var(--focus);outline-offset:2px}',
  '.error{color:var(--bad);background:var(--bad-bg);border:1px solid var(--bad);padding:.6rem .8rem;border-radius:8px}',
  "[role='status']{color:var(--ok);background:var(--ok-bg);padding:.6rem .8rem;border-radius:8px}",
  'code{font-family:ui-monospace,monospace;background:var(--bg);padding:0 4px;border-radius:4px}',
  '[data-testid=totp-qr] svg{background:#fff;padding:8px;border-radius:6px}',
].join('\n');

/** GET /pages.css. */
export function sendPageStylesheet(res: http.ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/css; charset=utf-8',
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  res.end(pageStylesheet);
}
