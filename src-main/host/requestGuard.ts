import crypto from 'node:crypto';
import { apiSocketProtocol, secretProtocolPrefix } from '@shared/common/api/rpc';

/** The only Host headers the browser host answers (DNS-rebinding defence). */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).has(host.toLowerCase());
}

/** A missing Origin (a non-browser client) is allowed; a present one must be our own. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** Makes a fresh per-launch secret: 32 random bytes, base64url (valid in a sub-protocol token). */
export function newLaunchSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Picks the secret out of `Sec-WebSocket-Protocol: <protocol>, openpsm.secret.<secret>`. */
export function secretFromProtocols(
  header: string | undefined,
  protocol: string = apiSocketProtocol,
): string | undefined {
  if (!header) return undefined;
  const offered = header.split(',').map((p) => p.trim());
  if (!offered.includes(protocol)) return undefined;
  const entry = offered.find((p) => p.startsWith(secretProtocolPrefix));
  return entry?.slice(secretProtocolPrefix.length);
}

/** Constant-time comparison of an offered secret with the launch secret. */
export function secretMatches(offered: string | undefined, secret: string): boolean {
  if (offered === undefined) return false;
  const a = crypto.createHash('sha256').update(offered).digest();
  const b = crypto.createHash('sha256').update(secret).digest();
  return crypto.timingSafeEqual(a, b);
}
