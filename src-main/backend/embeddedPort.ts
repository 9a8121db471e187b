import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '@shared/node/logger';

const portFileSchema = z.object({ port: z.number().int().min(1).max(65535) });
/** Which listener's port a folder remembers: the embedded control plane's, or the browser host's. */
export type PortOwner = 'embedded' | 'host';
const portFile = (dir: string, owner: PortOwner) => path.join(dir, `${owner}-port.json`);

/** The port the listener used last time, or 0 (a free one) on its first launch. */
export function rememberedPort(dir: string, owner: PortOwner = 'embedded'): number {
  try {
    return portFileSchema.parse(JSON.parse(fs.readFileSync(portFile(dir, owner), 'utf8'))).port;
  } catch {
    return 0;
  }
}

function rememberPort(dir: string, port: number, owner: PortOwner): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(portFile(dir, owner), `${JSON.stringify({ port })}\n`);
}

const portOf = (url: string) => Number(new URL(url).port);
const inUse = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';

/**
 * Starts a listener on the port of its last launch: the embedded control plane, so that a saved
 * API call and a kept sign-in (the issuer is its URL) keep working from one launch to the next;
 * the browser host, so that its address stays the same. When another program took that port,
 * it starts on a free one, says so, and keeps that one from then on.
 */
export async function startOnRememberedPort<T extends { url: string }>(
  dir: string,
  start: (port: number) => Promise<T>,
  log: Pick<Logger, 'warn'>,
  owner: PortOwner = 'embedded',
): Promise<T> {
  const port = rememberedPort(dir, owner);
  let started: T;
  try {
    started = await start(port);
  } catch (error) {
    if (port === 0 || !inUse(error)) throw error;
    log.warn(`${owner}.port_taken`, { port });
    started = await start(0);
  }
  if (portOf(started.url) !== port) rememberPort(dir, portOf(started.url), owner);
  return started;
}
