import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Writes a throwaway self-signed certificate for `name` (an IP address or a host name, also its
 * subjectAltName), valid one day, as `cert.pem` and `key.pem` in `dir`; returns their paths.
 */
export function writeSelfSigned(dir: string, name = '127.0.0.1'): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const altName = /^[\d.]+$/.test(name) ? `IP:${name}` : `DNS:${name}`;
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-addext'].concat([
      `subjectAltName=${altName}`,
      '-keyout',
      key,
      '-out',
      cert,
    ]),
    { stdio: 'ignore' },
  );
  return { cert, key };
}
