const defaultPorts: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * The `Host` names the control plane answers to (DNS-rebinding defence): its public URL's
 * host (with and without the scheme's default port), and `127.0.0.1:PORT` and
 * `localhost:PORT` for the embedded one and for a proxy on the same machine.
 */
export function configuredHosts(publicUrl: string, port: number): Set<string> {
  const url = new URL(publicUrl);
  const hosts = new Set([url.host, `127.0.0.1:${port}`, `localhost:${port}`]);
  if (url.port === '' && defaultPorts[url.protocol]) hosts.add(`${url.hostname}:${defaultPorts[url.protocol]}`);
  return hosts;
}

/** Whether a request's `Host` header names this server; a missing one does not. */
export function isConfiguredHost(host: string | undefined, hosts: ReadonlySet<string>): boolean {
  return host !== undefined && hosts.has(host.toLowerCase());
}
