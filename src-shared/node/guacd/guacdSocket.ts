import net from 'node:net';
import tls from 'node:tls';
import { errorMessage, OpenPsmError } from '../../common/errors';
import { isGuacMalformed } from '../../common/guac';

/** Where guacd listens, and the CA to pin when it speaks TLS. */
export interface GuacdAddress {
  host: string;
  port: number;
  /** TLS with a pinned CA (PEM); plain TCP when absent. */
  tls?: { ca: string; servername?: string };
}

/** Opens the socket to guacd: TLS checked against the pinned CA when the address has one, else plain TCP; no Nagle delay. */
export function connectGuacd(address: GuacdAddress): net.Socket {
  const socket = address.tls
    ? tls.connect({
        host: address.host,
        port: address.port,
        ca: address.tls.ca,
        servername: address.tls.servername ?? address.host,
        rejectUnauthorized: true,
      })
    : net.connect({ host: address.host, port: address.port });
  socket.setNoDelay(true);
  return socket;
}

/** The error when no connection to guacd was made within the deadline. */
export function unreachableWithin(ms: number): OpenPsmError {
  return new OpenPsmError('GUACD_UNREACHABLE', {
    message: `${errorMessage('GUACD_UNREACHABLE')} (no connection within ${ms / 1000} s)`,
  });
}

/** What a socket error means: a TLS problem, guacd unreachable while still connecting, or else the link closed. */
export function socketFailure(address: GuacdAddress, error: NodeJS.ErrnoException, connecting: boolean): OpenPsmError {
  const tlsProblem =
    address.tls &&
    (/certificate|self.signed|altnames|SSL|TLS/i.test(error.message) ||
      error.code?.startsWith('ERR_TLS') ||
      error.code?.includes('CERT'));
  if (tlsProblem)
    return new OpenPsmError('GUACD_TLS_FAILED', {
      message: `${new OpenPsmError('GUACD_TLS_FAILED').message} (${error.code ?? error.message})`,
    });
  if (connecting)
    return new OpenPsmError('GUACD_UNREACHABLE', {
      message: `${new OpenPsmError('GUACD_UNREACHABLE').message} (${error.code ?? 'error'} at ${address.host}:${address.port})`,
    });
  return new OpenPsmError('GUACD_CLOSED');
}

/** The error when guacd sends bytes that do not decode as instructions. */
export function malformedStream(error: unknown): OpenPsmError {
  return new OpenPsmError('PROTOCOL_VIOLATION', {
    message: `guacd sent a malformed stream: ${isGuacMalformed(error) ? error.params.fault : 'unknown'}`,
  });
}
