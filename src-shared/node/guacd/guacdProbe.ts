import { encodeInstruction, GuacDecoder } from '../../common/guac';
import { connectGuacd, type GuacdAddress } from './guacdSocket';

/** Whether guacd answers, and the protocol version it offers (from its `args`), as /health reports it. */
export interface GuacdHealth {
  /** reachable: guacd answered `select` with `args`; unreachable: no connection or no guacd answer. */
  status: 'reachable' | 'unreachable';
  /** The first element of guacd's `args`, e.g. `VERSION_1_5_0`; null when it did not answer. */
  protocolVersion: string | null;
  /** One sentence for a person: where guacd was asked, and what happened. */
  detail: string;
}

/**
 * Asks guacd at `address` for its SSH arguments (`select ssh`) and closes the socket as soon as
 * `args` arrives: no session is started. Never throws; a dead or silent guacd is `unreachable`.
 */
export function probeGuacd(address: GuacdAddress, timeoutMs: number): Promise<GuacdHealth> {
  const where = `${address.host}:${address.port}`;
  return new Promise((resolve) => {
    const socket = connectGuacd(address);
    const decoder = new GuacDecoder();
    let done = false;
    const finish = (health: GuacdHealth) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(health);
    };
    const down = (why: string): GuacdHealth => ({
      status: 'unreachable',
      protocolVersion: null,
      detail: `guacd does not answer at ${where} (${why}).`,
    });
    const timer = setTimeout(() => finish(down(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    socket.once(address.tls ? 'secureConnect' : 'connect', () => socket.write(encodeInstruction(['select', 'ssh'])));
    socket.on('error', (error: NodeJS.ErrnoException) => finish(down(error.code ?? error.message)));
    socket.on('close', () => finish(down('it closed the connection')));
    socket.on('data', (chunk: Buffer) => {
      try {
        decoder.feed(chunk, (instruction) => {
          if (instruction[0] !== 'args') return;
          const version = instruction[1]?.startsWith('VERSION_') ? instruction[1] : null;
          finish({
            status: 'reachable',
            protocolVersion: version,
            detail: `guacd answers at ${where}${version ? `, offering protocol ${version}` : ''}.`,
          });
        });
      } catch {
        finish(down('what answered is not a guacd'));
      }
    });
  });
}

/** A probe's answer kept for `cacheMs`, so that frequent health checks cost guacd one connection per period. */
export class CachedGuacdProbe {
  private last: { at: number; health: Promise<GuacdHealth> } | null = null;

  constructor(
    private readonly address: () => GuacdAddress,
    private readonly timeoutMs: number,
    private readonly cacheMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(): Promise<GuacdHealth> {
    const at = this.now();
    if (this.last && at - this.last.at < this.cacheMs) return this.last.health;
    const health = probeGuacd(this.address(), this.timeoutMs);
    this.last = { at, health };
    return health;
  }
}
