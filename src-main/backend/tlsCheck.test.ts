import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTls } from './tlsCheck';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-tls-'));
const pem = (name: string) => path.join(work, name);
let server: https.Server;
let port = 0;

beforeAll(async () => {
  // A certificate for the name psm.example.test only (and localhost), as a real server would have.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=psm.example.test',
      '-addext',
      'subjectAltName=DNS:psm.example.test,DNS:localhost',
      '-keyout',
      pem('key.pem'),
      '-out',
      pem('cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  server = https.createServer(
    { key: fs.readFileSync(pem('key.pem')), cert: fs.readFileSync(pem('cert.pem')) },
    (_req, res) => res.end('ok'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('checkTls', () => {
  it('says a plain http URL is not encrypted', async () => {
    expect(await checkTls('http://127.0.0.1:4100', 1000)).toMatchObject({ status: 'none' });
  });

  it('explains a name mismatch with the names the certificate holds and what to change (seed 003)', async () => {
    const result = await checkTls(`https://127.0.0.1:${port}`, 2000, fs.readFileSync(pem('cert.pem'), 'utf8'));
    expect(result.status).toBe('name-mismatch');
    expect(result.detail).toContain('issued for psm.example.test, localhost');
    expect(result.detail).toContain('the server URL uses "127.0.0.1"');
    expect(result.detail).toContain('subject alternative names');
  });

  it('accepts a certificate for the name in the URL from a trusted CA', async () => {
    expect(await checkTls(`https://localhost:${port}`, 2000, fs.readFileSync(pem('cert.pem'), 'utf8'))).toMatchObject({
      status: 'valid',
      detail: expect.stringContaining('psm.example.test'),
    });
  });

  it('says a certificate this device does not trust is untrusted, and why', async () => {
    expect(await checkTls(`https://localhost:${port}`, 2000)).toMatchObject({
      status: 'untrusted',
      detail: expect.stringContaining('self-signed'),
    });
  });

  it('says so when nothing answers', async () => {
    expect(await checkTls('https://127.0.0.1:9', 1000)).toMatchObject({ status: 'error' });
  });
});
