import net from 'node:net';
import tls from 'node:tls';
import type { TlsStatus } from '@shared/common/api/app';

const untrustedWhy: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'it chains to a self-signed root this device does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer is not known to this device',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is not known to this device',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
};

/** The names a certificate is issued for: its DNS and IP subject alternative names, else its CN. */
function certificateNames(cert: tls.PeerCertificate): string[] {
  const alt = (cert.subjectaltname ?? '')
    .split(',')
    .map((s) => s.trim().replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
  const cn = cert.subject?.CN;
  return alt.length > 0 ? alt : cn ? [String(cn)] : [];
}

/**
 * Looks at the control plane's TLS certificate the way the app's requests will, and
 * explains a problem the way seed 003 does: which names the certificate holds, which name
 * was used, and what to change. `ca` replaces the OS trust store (tests).
 */
export function checkTls(serverUrl: string, timeoutMs: number, ca?: string): Promise<TlsStatus> {
  const url = new URL(serverUrl);
  if (url.protocol !== 'https:')
    return Promise.resolve({
      status: 'none',
      detail: 'Not encrypted (http). Fine on this device (loopback); use https:// for a server on another machine.',
    });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve) => {
    const socket = tls.connect({
      host,
      port,
      servername: net.isIP(host) ? undefined : host,
      rejectUnauthorized: false,
      ca,
      timeout: timeoutMs,
    });
    const done = (status: TlsStatus) => {
      socket.destroy();
      resolve(status);
    };
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const names = certificateNames(cert);
      const issuer = cert.issuer?.CN ? String(cert.issuer.CN) : 'an unnamed issuer';
      if (socket.authorized)
        return done({
          status: 'valid',
          detail: `Certificate for ${names.join(', ')}, issued by ${issuer}, valid until ${cert.valid_to}.`,
        });
      const code = String(socket.authorizationError ?? '');
      if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
        return done({
          status: 'name-mismatch',
          detail:
            `The server's certificate is issued for ${names.join(', ') || 'no name'}, but the server URL uses "${host}". ` +
            `Enter the server URL with ${names.length > 1 ? 'one of those names' : 'that name'} instead, or have the server's certificate reissued with "${host}" in its subject alternative names.`,
        });
      const why = untrustedWhy[code] ?? `this device cannot verify it (${code})`;
      return done({
        status: 'untrusted',
        detail: `The server's certificate for ${names.join(', ') || host} is not trusted: ${why}. Install the issuing CA on this device, or give the server a certificate from a CA it trusts.`,
      });
    });
    socket.once('timeout', () =>
      done({ status: 'error', detail: `No TLS answer from ${host}:${port} within ${timeoutMs} ms.` }),
    );
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({ status: 'error', detail: `TLS connection to ${host}:${port} failed: ${error.code ?? error.message}.` }),
    );
  });
}
