import net from 'node:net';

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Waits (bounded) until something accepts on 127.0.0.1:`port`; throws with `why()` when `failed()` or the deadline passes. */
export async function waitForPort(
  port: number,
  options: { timeoutMs: number; failed(): boolean; why(): string; ready?(): boolean },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (open && (options.ready?.() ?? true)) return;
    if (options.failed() || Date.now() > deadline) throw new Error(options.why());
    await new Promise((r) => setTimeout(r, 100));
  }
}
