import net from 'node:net';
import { expect, type Page } from '@playwright/test';
import { decodeInstructions, encodeInstruction, tunnelOpcode, type GuacInstruction } from '@shared/common/guac';

/**
 * A TCP tap in front of real guacd: whatever connects to it reaches guacd, both ways
 * unchanged, and the tap keeps what guacd sent on each connection. With it a spec compares
 * guacd's own stream with what reached the page, to show the relay passes guacd's text on as it came.
 */
export async function startGuacdTap(guacdPort: number) {
  const sent: Buffer[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(guacdPort, '127.0.0.1');
    const chunks: Buffer[] = [];
    sent.push(chunks);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    upstream.on('data', (data: Buffer) => chunks.push(data));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    /** What guacd sent on each connection so far, as text, oldest first. */
    streams: () => sent.map((chunks) => Buffer.concat(chunks).toString('utf8')),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export type GuacdTap = Awaited<ReturnType<typeof startGuacdTap>>;
export type SessionFrames = ReturnType<typeof collectSessionFrames>;

/** Collects the text the page receives on each of its session sockets, and counts binary frames (there should be none). */
export function collectSessionFrames(page: Page): { last: () => string; binaryFrames: () => number } {
  const sockets: string[] = [];
  let binary = 0;
  page.on('websocket', (ws) => {
    if (!new URL(ws.url()).pathname.endsWith('/session')) return;
    const index = sockets.push('') - 1;
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string') sockets[index] += payload;
      else binary += 1;
    });
  });
  return { last: () => sockets.at(-1) ?? '', binaryFrames: () => binary };
}

/**
 * The page's session got guacd's stream as guacd sent it on one of the tapped connections:
 * every instruction after `ready`, in order, unchanged (compared as encoded text), apart from
 * the tunnel's own instructions (empty opcode). All that guacd had sent on that connection must
 * be at the page (the page may have more, sent since), and it must be a real session's worth:
 * at least two frames (`sync`), the first drawing and one after it.
 */
export function expectStreamPassedOn(guacdStreams: string[], pageText: string): void {
  const text = (list: GuacInstruction[]) => list.map(encodeInstruction).join('');
  const atPage = text(decodeInstructions(pageText).filter((i) => i[0] !== tunnelOpcode));
  const candidates = guacdStreams.map((stream) => {
    const instructions = decodeInstructions(stream);
    return instructions.slice(instructions.findIndex((i) => i[0] === 'ready') + 1);
  });
  // The others are guacd probes, or an earlier try at the login.
  // The longest that the page's stream begins with: an earlier, shorter try at the login may match too.
  const session = candidates
    .filter((c) => c.length > 0 && atPage.startsWith(text(c)))
    .sort((a, b) => b.length - a.length)[0];
  if (session) {
    expect(session.filter((i) => i[0] === 'sync').length, 'frames guacd sent').toBeGreaterThanOrEqual(2);
    return;
  }
  const common = (c: string) => {
    let n = 0;
    while (n < c.length && c[n] === atPage[n]) n += 1;
    return n;
  };
  const closest = candidates.map(text).reduce((a, b) => (common(b) > common(a) ? b : a), '');
  const at = common(closest);
  const near = (text: string) => text.slice(Math.max(0, at - 80), at + 120);
  expect(near(atPage), `the page's stream (${atPage.length} characters) parts from guacd's at character ${at}`).toBe(
    near(closest),
  );
}

/**
 * The page's last session got guacd's text as guacd sent it (expectStreamPassedOn), in text
 * frames only. guacd's streams are taken once; what the page has is read again until it has
 * caught up with them, since the page gets each frame after the tap does.
 */
export async function expectPageGotGuacdStream(tap: GuacdTap, frames: SessionFrames): Promise<void> {
  const guacdStreams = tap.streams();
  await expect(() => expectStreamPassedOn(guacdStreams, frames.last())).toPass({ timeout: 10_000 });
  expect(frames.binaryFrames(), 'binary frames at the page').toBe(0);
}
