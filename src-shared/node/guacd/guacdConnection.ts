import type net from 'node:net';
import { EndSignal } from '../../common/endSignal';
import { errorMessage, OpenPsmError } from '../../common/errors';
import { encodeInstruction, GuacDecoder, type GuacInstruction } from '../../common/guac';
import { connectGuacd, malformedStream, socketFailure, unreachableWithin, type GuacdAddress } from './guacdSocket';
import { guacdTimerDefaults, type GuacdTimers } from './guacdTimers';
import { guacdError } from './guacdErrors';

export type { GuacdAddress } from './guacdSocket';

export interface ConnectOptions {
  /** A protocol for a new connection, or `$<id>` to join one. */
  select: string;
  /** connect values by parameter name; names guacd does not list are ignored, missing ones sent empty. */
  values: Record<string, string>;
  width: number;
  height: number;
  dpi: number;
  timezone: string;
  /** The user's display name (sent when guacd speaks 1.5.0 or later). */
  name: string;
  timers?: Partial<GuacdTimers>;
  /** Values guacd may ask for later with `required` (e.g. a VNC password); asked by name. */
  credentials?: Record<string, string>;
  /** Arguments guacd must list in `args` (security settings): without one, the session is refused, not weakened. */
  needs?: string[];
  /** RDP with NLA: guacd's "Server refused connection" means the credentials were refused (rdpValues.ts, nlaRefusal). */
  nla?: boolean;
  /** SSH with a pinned host key: guacd's abort at connect means the key was refused (computerOptionValues.ts). */
  hostKeyPinned?: boolean;
}

const versions = ['VERSION_1_0_0', 'VERSION_1_1_0', 'VERSION_1_3_0', 'VERSION_1_5_0'];
const ours = 'VERSION_1_5_0';

/** min(guacd's version, ours), as guacd negotiates; an unknown version counts as 1.0.0. */
export function negotiateVersion(offered: string): string {
  const index = versions.indexOf(offered);
  return versions[Math.min(index < 0 ? 0 : index, versions.indexOf(ours))] as string;
}

/** GUACD_LACKS_ARGUMENT naming what this guacd has no argument for, and the version it speaks. */
function lacksArgument(protocol: string, version: string, lacking: string[]): OpenPsmError {
  const names = lacking.map((name) => `"${name}"`).join(', ');
  return new OpenPsmError('GUACD_LACKS_ARGUMENT', {
    message: `${errorMessage('GUACD_LACKS_ARGUMENT')} (This guacd speaks ${version || 'an unknown protocol version'} and has no ${names} argument for ${protocol.toUpperCase()}.)`,
  });
}

type Listener<T> = (value: T) => void;

/**
 * One link to guacd: the handshake by name, then a stream of decoded instructions. It owns
 * its deadlines because guacd is often silent instead of failing, sends `nop` so guacd
 * never drops a quiet user, answers `required` from the credentials it holds, and closes
 * the socket itself after `disconnect` (guacd never does). Every failure ends it with one
 * OpenPsmError.
 */
export class GuacdConnection {
  /** The `$id` from `ready`: what a watcher selects to join. */
  connectionId = '';
  /** The parameter names guacd asked for, in its order. */
  argNames: string[] = [];
  version = ours;
  private readonly instructionListeners = new Set<Listener<GuacInstruction[]>>();
  private readonly held: GuacInstruction[] = [];
  private readonly closeSignal = new EndSignal<OpenPsmError | null>();
  private readonly decoder = new GuacDecoder();
  private readonly timers: GuacdTimers;
  private silence: NodeJS.Timeout | null = null;
  private nop: NodeJS.Timeout | null = null;
  private ended = false;
  /** Whether guacd sent anything after `ready`; a link dropped before that was rejected. */
  private heardAfterReady = false;
  private nextStream = 0;
  /** Names guacd asked for with `required` that no answer has covered yet. */
  readonly pendingRequired = new Set<string>();

  private constructor(
    private readonly socket: net.Socket,
    private readonly options: ConnectOptions,
  ) {
    this.timers = { ...guacdTimerDefaults, ...options.timers };
  }

  /** Connects, runs the handshake and resolves once guacd sent `ready`; rejects with a coded error. */
  static open(address: GuacdAddress, options: ConnectOptions): Promise<GuacdConnection> {
    return new Promise((resolve, reject) => {
      const connection = new GuacdConnection(connectGuacd(address), options);
      connection.handshake(address, resolve, reject);
    });
  }

  /**
   * Decoded instructions after `ready`, in batches as they arrived. What came before the
   * first listener (even in the same read as `ready`) is held and handed to it first.
   */
  onInstructions(listener: Listener<GuacInstruction[]>): () => void {
    this.instructionListeners.add(listener);
    if (this.held.length > 0) listener(this.held.splice(0));
    this.resume();
    return () => this.instructionListeners.delete(listener);
  }

  /** Stops reading from guacd (backpressure: guacd then waits, as it does for a slow user). */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    if (!this.ended) this.socket.resume();
  }

  /** Called once when the link ends: null after a clean disconnect, else why. A listener added after the end hears it too. */
  onClose(listener: Listener<OpenPsmError | null>): () => void {
    return this.closeSignal.on(listener);
  }

  /** True once the link has ended and its listeners were told. */
  get closed(): boolean {
    return this.closeSignal.ended;
  }

  /** Sends instructions as they are (the relay checks what may pass before calling this). */
  send(instructions: GuacInstruction[]): void {
    if (this.ended || instructions.length === 0) return;
    this.socket.write(instructions.map(encodeInstruction).join(''));
  }

  /** Answers `required` values with argv streams, and forgets them as pending. */
  answerRequired(values: Record<string, string>): void {
    const out: GuacInstruction[] = [];
    for (const [name, value] of Object.entries(values)) {
      const stream = String(this.nextStream++);
      out.push(
        ['argv', stream, 'text/plain', name],
        ['blob', stream, Buffer.from(value, 'utf8').toString('base64')],
        ['end', stream],
      );
      this.pendingRequired.delete(name);
    }
    this.send(out);
  }

  /** Ends the session: `disconnect` to guacd, then the socket closes from our side. */
  disconnect(): void {
    if (this.ended) return;
    this.send([['disconnect']]);
    this.finish(null);
  }

  private handshake(
    address: GuacdAddress,
    resolve: (c: GuacdConnection) => void,
    reject: (e: OpenPsmError) => void,
  ): void {
    const { socket, options } = this;
    let phase: 'connecting' | 'args' | 'ready' | 'open' = 'connecting';
    const fail = (error: OpenPsmError) => {
      if (phase !== 'open') reject(error);
      this.finish(error);
    };
    let deadline = setTimeout(() => fail(unreachableWithin(this.timers.argsTimeoutMs)), this.timers.argsTimeoutMs);
    const arm = (ms: number, error: OpenPsmError) => {
      clearTimeout(deadline);
      deadline = setTimeout(() => fail(error), ms);
    };
    this.closeSignal.on(() => clearTimeout(deadline));

    socket.once(address.tls ? 'secureConnect' : 'connect', () => {
      phase = 'args';
      arm(
        this.timers.argsTimeoutMs,
        new OpenPsmError('GUACD_NO_ANSWER', { seconds: this.timers.argsTimeoutMs / 1000 }),
      );
      socket.write(encodeInstruction(['select', options.select]));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => fail(socketFailure(address, error, phase === 'connecting')));
    socket.on('close', () => fail(new OpenPsmError('GUACD_CLOSED')));
    socket.on('data', (chunk: Buffer) => {
      if (phase === 'open') this.armSilence();
      try {
        const batch: GuacInstruction[] = [];
        this.decoder.feed(chunk, (instruction) => {
          if (phase === 'open') {
            this.heardAfterReady = true;
            if (!this.inspect(instruction)) batch.push(instruction);
            return;
          }
          const [opcode, ...args] = instruction;
          if (opcode === 'error') {
            fail(guacdError(instruction, this.options));
          } else if (phase === 'args' && opcode === 'args') {
            this.version = negotiateVersion(args[0] ?? '');
            this.argNames = args.slice(1);
            const lacking = (options.needs ?? []).filter((name) => !this.argNames.includes(name));
            if (lacking.length > 0) return fail(lacksArgument(options.select, args[0] ?? '', lacking));
            this.sendHandshake();
            phase = 'ready';
            arm(
              this.timers.readyTimeoutMs,
              new OpenPsmError('GUACD_NOT_READY', { seconds: this.timers.readyTimeoutMs / 1000 }),
            );
          } else if (phase === 'ready' && opcode === 'ready') {
            clearTimeout(deadline);
            this.connectionId = args[0] ?? '';
            phase = 'open';
            this.armSilence();
            this.nop = setInterval(() => this.send([['nop']]), this.timers.nopIntervalMs);
            resolve(this);
          }
        });
        if (batch.length > 0) this.deliver(batch);
      } catch (error) {
        fail(malformedStream(error));
      }
    });
  }

  private deliver(batch: GuacInstruction[]): void {
    if (this.instructionListeners.size === 0) {
      // Nobody listens yet: keep what was read and stop reading until someone does.
      this.held.push(...batch);
      this.socket.pause();
      return;
    }
    for (const listener of this.instructionListeners) listener(batch);
  }

  private sendHandshake(): void {
    const { options } = this;
    const out: GuacInstruction[] = [
      ['size', String(options.width), String(options.height), String(options.dpi)],
      ['audio', 'audio/L8', 'audio/L16'],
      ['video'],
      ['image', 'image/png', 'image/jpeg', 'image/webp'],
      ['timezone', options.timezone],
    ];
    if (this.version === 'VERSION_1_5_0') out.push(['name', options.name]);
    out.push(['connect', this.version, ...this.argNames.map((name) => options.values[name] ?? '')]);
    this.send(out);
  }

  /**
   * Handles what the connection itself must act on; returns true when the instruction is
   * consumed here. `required` is answered from the held credentials where it can be; what
   * is left stays pending and goes on to the client (to ask the user).
   */
  private inspect(instruction: GuacInstruction): boolean {
    const [opcode, ...args] = instruction;
    if (opcode === 'required') {
      const known: Record<string, string> = {};
      for (const name of args) {
        const value = this.options.credentials?.[name];
        if (value !== undefined && value !== '') known[name] = value;
        else this.pendingRequired.add(name);
      }
      if (Object.keys(known).length > 0) this.answerRequired(known);
      return this.pendingRequired.size === 0;
    }
    if (opcode === 'error') {
      const error = guacdError(instruction, this.options);
      // Let the client see the error first, then end the link (guacd never closes it).
      queueMicrotask(() => this.finish(error));
    }
    if (opcode === 'disconnect') queueMicrotask(() => this.finish(null));
    return false;
  }

  private armSilence(): void {
    if (this.silence) this.silence.refresh();
    else
      this.silence = setTimeout(
        () => this.finish(new OpenPsmError('GUACD_SILENT', { seconds: this.timers.silenceTimeoutMs / 1000 })),
        this.timers.silenceTimeoutMs,
      );
  }

  private finish(reason: OpenPsmError | null): void {
    if (this.ended) return;
    this.ended = true;
    // guacd answers a connect it will not run (e.g. a wrong value count) with ready and then nothing.
    const silentFromStart =
      this.connectionId !== '' &&
      !this.heardAfterReady &&
      (reason?.code === 'GUACD_SILENT' || reason?.code === 'GUACD_CLOSED');
    const error = silentFromStart ? new OpenPsmError('GUACD_REJECTED') : reason;
    if (this.silence) clearTimeout(this.silence);
    if (this.nop) clearInterval(this.nop);
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
    this.closeSignal.end(error);
  }
}
