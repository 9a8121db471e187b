import { describe, expect, it } from 'vitest';
import { clientAddress, TrustedProxies } from './clientAddress';

const request = (remoteAddress: string, forwarded?: string | string[]) =>
  ({ socket: { remoteAddress }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as never;

describe('clientAddress', () => {
  const proxies = new TrustedProxies(['10.0.0.1', '172.16.0.0/12', 'fd00::1']);

  it.each([
    [
      'no trusted proxy: the socket counts, X-Forwarded-For is ignored',
      new TrustedProxies([]),
      request('203.0.113.9', '198.51.100.1'),
      '203.0.113.9',
    ],
    [
      'a socket that is not a trusted proxy: its X-Forwarded-For is ignored',
      proxies,
      request('203.0.113.9', '198.51.100.1'),
      '203.0.113.9',
    ],
    ['a trusted proxy: the hop it saw', proxies, request('10.0.0.1', '198.51.100.1'), '198.51.100.1'],
    [
      'a hop the client wrote left of the real one proves nothing',
      proxies,
      request('10.0.0.1', '1.1.1.1, 198.51.100.1'),
      '198.51.100.1',
    ],
    [
      'trusted proxies in a chain are skipped (a CIDR range)',
      proxies,
      request('10.0.0.1', '198.51.100.1, 172.20.1.1'),
      '198.51.100.1',
    ],
    ['several headers are one list', proxies, request('10.0.0.1', ['1.1.1.1', '198.51.100.7']), '198.51.100.7'],
    ['a trusted proxy without the header: its own address', proxies, request('10.0.0.1'), '10.0.0.1'],
    [
      'a hop that is not an address ends the walk at the last trusted one',
      proxies,
      request('10.0.0.1', '198.51.100.1, junk'),
      '10.0.0.1',
    ],
    [
      'IPv4-mapped IPv6 is the IPv4 address',
      proxies,
      request('::ffff:10.0.0.1', '::ffff:198.51.100.2'),
      '198.51.100.2',
    ],
    ['IPv6 proxies', proxies, request('fd00::1', '2001:db8::5'), '2001:db8::5'],
  ])('%s', (_name, trusted, req, expected) => {
    expect(clientAddress(req, trusted)).toBe(expected);
  });
});
