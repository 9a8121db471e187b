import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '@shared/node/logger';

const portFileSchema = z.object({ port: z.number().int().min(1).max(65535) });
const portFile = (serverDir: string) => path.join(serverDir, 'embedded-port.json');

/** The port the embedded control plane listened on last time, or 0 (a free one) on its first launch. */
export function rememberedPort(serverDir: string): number {
  try {
    return portFileSchema.parse(JSON.parse(fs.readFileSync(portFile(serverDir), 'utf8'))).port;
  } catch {
    return 0;
  }
}

function rememberPort(serverDir: string, port: number): void {
  fs.mkdirSync(serverDir, { recursive: true });
  fs.writeFileSync(portFile(serverDir), `${JSON.stringify({ port })}\n`);
}

const portOf = (url: string) => Number(new URL(url).port);
const inUse = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';

/**
 * Starts the embedded control plane on the port of its last launch, so that a saved API call
 * (an API key with curl) keeps working from one launch to the next. When another program took
 * that port, it starts on a free one, says so, and keeps that one from then on.
 */
export async function startOnRememberedPort<T extends { url: string }>(
  serverDir: string,
  start: (port: number) => Promise<T>,
  log: Pick<Logger, 'warn'>,
): Promise<T> {
  const port = rememberedPort(serverDir);
  let started: T;
  try {
    started = await start(port);
  } catch (error) {
    if (port === 0 || !inUse(error)) throw error;
    log.warn('embedded.port_taken', { port });
    started = await start(0);
  }
  if (portOf(started.url) !== port) rememberPort(serverDir, portOf(started.url));
  return started;
}
