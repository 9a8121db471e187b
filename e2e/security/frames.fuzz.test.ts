import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSocketProtocol, secretProtocolPrefix } from '@shared/common/api/rpc';
import { malformedFrames } from '../support/frameCases';
import { startGatewayFrameLab, startHostFrameLab } from '../support/frameLabs';
import { frame, rawUpgrade, type Upgrade } from '../support/rawFrames';

/** Cases per server: 10^4 by default (CI), 10^6 with OPENPSM_FUZZ_RUNS=1000000 (`npm run fuzz`). */
const runs = Number(process.env['OPENPSM_FUZZ_RUNS'] ?? 10_000);
/** Connections open at once; each case is one connection carrying a random run of frames. */
const batch = 64;

/** A small seeded PRNG, so a failure names a seed that reproduces it. */
function prng(seed: number) {
  let state = seed >>> 0 || 1;
  return (n: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}
type Rand = ReturnType<typeof prng>;

const bytes = (rand: Rand, n: number) => Buffer.from(Array.from({ length: n }, () => rand(256)));

/** A frame a client might send: mostly well-formed, often with a random opcode, length, mask, RSV or payload. */
function randomFrame(rand: Rand): Buffer {
  const opcode = rand(4) === 0 ? rand(16) : (([0, 1, 2, 8, 9, 10] as const)[rand(6)] ?? 1);
  const payload =
    rand(3) === 0
      ? Buffer.from(JSON.stringify([['nop'], ['sync', String(rand(1e6))]]).slice(0, rand(40)))
      : bytes(rand, rand(8) === 0 ? 126 + rand(400) : rand(40));
  const announce =
    rand(10) === 0 ? ([0, 125, 126, 65535, 65536, 2 ** 20 + 1, 2 ** 31, 2 ** 53 - 1] as const)[rand(8)] : undefined;
  return frame({
    opcode,
    payload,
    fin: rand(5) !== 0,
    rsv: rand(8) === 0 ? rand(8) : 0,
    masked: rand(12) !== 0,
    ...(announce === undefined ? {} : { announce }),
  });
}

/** One case: 1 to 8 frames, sometimes a known malformed one, sometimes bytes flipped or cut short, sometimes plain noise. */
function randomStream(rand: Rand): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0, n = 1 + rand(8); i < n; i += 1)
    parts.push(
      rand(6) === 0 ? (malformedFrames[rand(malformedFrames.length)]?.bytes() ?? Buffer.alloc(0)) : randomFrame(rand),
    );
  let out = Buffer.concat(parts);
  if (rand(4) === 0)
    for (let f = 0, flips = 1 + rand(4); f < flips && out.length > 0; f += 1) out[rand(out.length)] = rand(256);
  if (rand(6) === 0) out = out.subarray(0, rand(out.length + 1));
  if (rand(20) === 0) out = bytes(rand, rand(64));
  return out;
}

/** Runs every case against one socket in batches; after each batch the server must answer and the running session must flow. */
async function fuzz(
  upgrade: () => Upgrade,
  lab: { healthy(): Promise<void>; flows(): Promise<void> },
  seed: number,
  onBatch: () => void = () => undefined,
) {
  const rand = prng(seed);
  let done = 0;
  while (done < runs) {
    const size = Math.min(batch, runs - done);
    const cases = Array.from({ length: size }, () => randomStream(rand));
    await Promise.all(
      cases.map(async (stream, i) => {
        const raw = await rawUpgrade(upgrade()).catch((error: unknown) => {
          throw new Error(`seed ${seed}, case ${done + i}: ${String(error)}`);
        });
        raw.socket.end(stream);
        // Whatever the server made of it, the case is over once the connection is; a parser waiting for more gets our end.
        await Promise.race([raw.closed, new Promise((r) => setTimeout(r, 2000))]);
        raw.socket.destroy();
      }),
    );
    done += size;
    onBatch();
    await lab.healthy().catch((error: unknown) => {
      throw new Error(`seed ${seed}, after case ${done}: the server stopped answering (${String(error)})`);
    });
    if (done % (batch * 16) === 0 || done === runs) await lab.flows();
  }
  return done;
}

describe(`${runs} random frame streams per server`, () => {
  describe('the gateway socket', () => {
    let lab: Awaited<ReturnType<typeof startGatewayFrameLab>>;
    beforeAll(async () => {
      lab = await startGatewayFrameLab();
    }, 60_000);
    afterAll(() => lab?.stop());

    it(
      'never ends the control plane, and the running session keeps flowing',
      async () => {
        // The server logs one line per bad socket on stderr: the test counts them and keeps none.
        let socketErrors = 0;
        const count = () =>
          (socketErrors += lab.server.stderr
            .splice(0)
            .filter((l) => l.includes('"event":"gateway.socket_error"')).length);
        expect(await fuzz(() => ({ port: lab.port, path: '/gateway' }), lab, 0x9a7e, count)).toBe(runs);
        // The streams reach the frame parser's error paths, not only its happy one.
        expect(socketErrors).toBeGreaterThan(runs / 10);
      },
      60_000 + runs * 10,
    );
  });

  describe("the browser host's API socket", () => {
    let lab: Awaited<ReturnType<typeof startHostFrameLab>>;
    beforeAll(async () => {
      lab = await startHostFrameLab();
      // One warning line per bad socket would fill the log at 10^6 cases; errors are still logged.
      await lab.api.settings.update({ logLevel: 'error' });
    }, 60_000);
    afterAll(() => lab?.stop());

    it(
      'never ends the host, and the running session keeps flowing',
      async () => {
        const headers = { 'Sec-WebSocket-Protocol': `${apiSocketProtocol}, ${secretProtocolPrefix}${lab.host.secret}` };
        expect(await fuzz(() => ({ port: lab.host.port, path: '/api', headers }), lab, 0x4057)).toBe(runs);
      },
      60_000 + runs * 10,
    );
  });
});
