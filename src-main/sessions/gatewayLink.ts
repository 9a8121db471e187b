import { isAscii } from 'node:buffer';
import WebSocket from 'ws';
import { gatewayReadyTag, gatewayTokenTag, type GatewayHello } from '@shared/common/api/gateway';
import { EndSignal } from '@shared/common/endSignal';
import { OpenPsmError } from '@shared/common/errors';
import {
  dropInstructions,
  GuacScanner,
  readTunnelError,
  rescanned,
  tunnelOpcode,
  type GuacBatch,
  type GuacInstruction,
} from '@shared/common/guac';
import { wsCloseCode } from '@shared/node/transport/errorStatus';

type Listener<T> = (value: T) => void;

/**
 * A session through the control plane's gateway, with the same surface as a GuacdConnection
 * so the relay treats both alike. The ticket goes in the first message, never in the URL;
 * the gateway holds the computer's credential and guacd's `$id`. The gateway sends guacd's
 * text as it came (plus its own tunnel instructions); the link checks it with its own reader,
 * decoding only what it acts on, and hands the text on unchanged.
 */
export class GatewayLink {
  readonly pendingRequired = new Set<string>();
  /** guacd's `$id` stays on the server; watching goes through the gateway (a later issue). */
  readonly connectionId = '';
  private readonly batchListeners = new Set<Listener<GuacBatch>>();
  private readonly closeSignal = new EndSignal<OpenPsmError | null>();
  private held: GuacBatch[] = [];

  private constructor(
    private readonly ws: WebSocket,
    readonly sessionId: string,
    private readonly scanner: GuacScanner,
  ) {}

  /** Opens the gateway socket, sends the ticket, and resolves once the gateway says guacd is ready. */
  static open(gatewayUrl: string, hello: GatewayHello, readyTimeoutMs: number): Promise<GatewayLink> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(gatewayUrl, { handshakeTimeout: readyTimeoutMs });
      let link: GatewayLink | null = null;
      const fail = (error: OpenPsmError) => {
        clearTimeout(timer);
        ws.terminate();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new OpenPsmError('GUACD_NOT_READY', { message: 'The gateway did not start the session in time.' })),
        readyTimeoutMs,
      );
      ws.on('open', () => ws.send(JSON.stringify(hello)));
      ws.on('error', () => {
        if (!link)
          fail(
            new OpenPsmError('SERVER_UNREACHABLE', {
              message: "The control plane's gateway does not answer. Check that the server is running.",
            }),
          );
      });
      // The link reads the tunnel's own instructions and guacd's prompts whole; the rest passes as text.
      const scanner = new GuacScanner([tunnelOpcode, 'required'], isAscii);
      const early: GuacBatch[] = [];
      ws.on('message', (data) => {
        let batch: GuacBatch | null;
        try {
          batch = scanner.scan(data as Buffer);
        } catch {
          const malformed = new OpenPsmError('GUAC_MALFORMED', { message: 'The gateway sent a malformed stream.' });
          return link ? link.finish(malformed) : fail(malformed);
        }
        if (!batch) return;
        if (link) return link.deliver(batch);
        const refusal = batch.picked.map((p) => readTunnelError(p.instruction, 'INTERNAL')).find(Boolean);
        if (refusal) return fail(new OpenPsmError(refusal.code, { message: refusal.message }));
        const isReady = (i: GuacInstruction) => i[0] === tunnelOpcode && i[1] === gatewayReadyTag;
        const ready = batch.picked.find((p) => isReady(p.instruction));
        // What the gateway relayed before its ready (guacd's first frames) is kept for the link.
        const rest = ready ? dropInstructions(batch, isReady) : batch;
        if (rest) early.push(rest);
        if (!ready) return;
        clearTimeout(timer);
        const opened = new GatewayLink(ws, ready.instruction[2] ?? '', scanner);
        link = opened;
        for (const kept of early.splice(0)) opened.deliver(kept);
        ws.on('close', () => opened.finish(null));
        resolve(opened);
      });
      ws.on('close', () => {
        if (!link)
          fail(new OpenPsmError('GUACD_CLOSED', { message: 'The gateway closed the session before it started.' }));
      });
    });
  }

  private deliver(all: GuacBatch): void {
    let failure: OpenPsmError | null = null;
    for (const { instruction } of all.picked) {
      const error = readTunnelError(instruction, 'INTERNAL');
      if (error) failure ??= new OpenPsmError(error.code, { message: error.message });
      if (instruction[0] === 'required') for (const name of instruction.slice(1)) this.pendingRequired.add(name);
    }
    // The gateway's error frame is its last word: what came before it is delivered, then the session ends with its code.
    const batch = failure ? dropInstructions(all, (i) => readTunnelError(i, 'INTERNAL') !== null) : all;
    if (batch && this.batchListeners.size === 0) {
      // Nobody listens yet (the renderer has not attached): keep it, and read no more until someone does.
      this.held.push(batch);
      this.ws.pause();
    } else if (batch) for (const listener of this.batchListeners) listener(batch);
    if (failure) this.finish(failure);
  }

  onBatch(listener: Listener<GuacBatch>): () => void {
    this.batchListeners.add(listener);
    // Resumed first: a listener that pauses while it takes the held batches stays paused.
    if (!this.closed) this.ws.resume();
    for (const batch of this.held.splice(0)) listener(batch);
    return () => this.batchListeners.delete(listener);
  }

  /** Decodes these opcodes in the batches too, from now on and in what is held for the first listener. */
  pick(opcodes: string[]): void {
    this.scanner.pick(opcodes);
    this.held = rescanned(this.held, this.scanner.picks);
  }

  onClose(listener: Listener<OpenPsmError | null>): () => void {
    return this.closeSignal.on(listener);
  }

  get closed(): boolean {
    return this.closeSignal.ended;
  }

  send(instructions: GuacInstruction[]): void {
    if (!this.closed && instructions.length > 0 && this.ws.readyState === WebSocket.OPEN)
      this.ws.send(JSON.stringify(instructions));
  }

  /** Hands the gateway a refreshed access token, so the session outlives the old one. */
  sendToken(accessToken: string): void {
    this.send([['', gatewayTokenTag, accessToken]]);
  }

  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  disconnect(): void {
    if (this.closed) return;
    this.send([['disconnect']]);
    this.ws.close(1000, 'ended');
    this.finish(null);
  }

  private finish(reason: OpenPsmError | null): void {
    if (this.closed) return;
    this.closeSignal.end(reason);
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(wsCloseCode(reason), reason?.code ?? 'ended');
  }
}
