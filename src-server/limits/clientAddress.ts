import type http from 'node:http';
import net from 'node:net';

/** `::ffff:10.0.0.1` is 10.0.0.1: one spelling per IPv4 address, so counts are not split. */
function plain(address: string): string {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

/** A set of trusted proxies (addresses and CIDR ranges, as limitSettings.ts checks them). */
export class TrustedProxies {
  private readonly list = new net.BlockList();

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address = '', bits] = entry.split('/');
      const family = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.list.addAddress(address, family);
      else this.list.addSubnet(address, Number(bits), family);
    }
  }

  has(address: string): boolean {
    const kind = net.isIP(address);
    return kind !== 0 && this.list.check(address, kind === 6 ? 'ipv6' : 'ipv4');
  }
}

/**
 * The address a request comes from, for counting: the socket's address, unless that is a
 * trusted proxy; then the right-most hop of `X-Forwarded-For` that is not a trusted proxy
 * (hops left of it were written by the client and prove nothing). A hop that is not an IP
 * address ends the walk at the last trusted one.
 */
export function clientAddress(req: Pick<http.IncomingMessage, 'socket' | 'headers'>, trusted: TrustedProxies): string {
  let address = plain(req.socket.remoteAddress ?? '');
  if (!trusted.has(address)) return address;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map(plain)
    .filter((h) => h !== '');
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i] as string;
    if (net.isIP(hop) === 0) return address;
    address = hop;
    if (!trusted.has(hop)) return hop;
  }
  return address;
}
