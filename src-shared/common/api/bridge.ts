import type { z } from 'zod';
import { OpenPsmError } from '../errors';
import {
  contract,
  eventContract,
  eventEnvelopeSchema,
  type Contract,
  type EventData,
  type EventName,
} from './contract';
import { parseOrThrow } from './parse';
import { replySchema } from './rpc';

/**
 * The surface a transport exposes to the renderer (`window.openpsm` in Electron): one
 * function per method that resolves with the raw reply, plus an event subscription.
 * Nothing here throws across the bridge, so error codes survive contextBridge.
 */
export type Bridge = {
  [S in keyof Contract]: { [M in keyof Contract[S]]: (params?: unknown) => Promise<unknown> };
} & {
  /** Calls `listener` with each raw event envelope; returns the unsubscribe function. */
  onEvent(listener: (envelope: unknown) => void): () => void;
  /** Desktop only: asks main to attach a session (its one-time token) to a MessagePort posted to the page. */
  attachSession?: (token: string) => Promise<unknown>;
};

export type CallFn = (method: string, params: unknown) => Promise<unknown>;

/** Builds a Bridge from a transport's generic call and event functions. */
export function buildBridge(call: CallFn, onEvent: Bridge['onEvent']): Bridge {
  const services = Object.fromEntries(
    Object.entries(contract).map(([service, methods]) => [
      service,
      Object.fromEntries(
        Object.keys(methods).map((method) => [
          method,
          (params?: unknown) => call(`${service}.${method}`, params ?? {}),
        ]),
      ),
    ]),
  );
  return { ...services, onEvent } as Bridge;
}

type MethodFn<D> = D extends { params: infer P extends z.ZodType; result: infer R extends z.ZodType }
  ? (params: z.input<P>) => Promise<z.output<R>>
  : never;

/** The typed API the UI uses: results are parsed, failures throw OpenPsmError. */
export type OpenPsmApi = {
  [S in keyof Contract]: { [M in keyof Contract[S]]: MethodFn<Contract[S][M]> };
} & {
  /** Subscribes to one event; events that fail their schema are dropped. Returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (data: EventData<E>) => void): () => void;
};

/** Wraps a Bridge into the typed API, checking every reply against the contract. */
export function createApiClient(bridge: Bridge): OpenPsmApi {
  const services = Object.fromEntries(
    Object.entries(contract).map(([service, methods]) => {
      const target = bridge[service as keyof Contract] as Record<string, (params?: unknown) => Promise<unknown>>;
      return [
        service,
        Object.fromEntries(
          Object.entries(methods).map(([method, def]) => [
            method,
            async (params: unknown) => {
              const fn = target[method];
              if (!fn)
                throw new OpenPsmError('UNKNOWN_METHOD', { message: `The app does not offer ${service}.${method}.` });
              const reply = parseOrThrow(replySchema, await fn(params), 'INVALID_RESULT', `${service}.${method} reply`);
              if (!reply.ok)
                throw new OpenPsmError(reply.error.code, {
                  message: reply.error.message,
                  path: reply.error.path,
                  fields: reply.error.fields,
                });
              return parseOrThrow(def.result, reply.result, 'INVALID_RESULT', `${service}.${method} result`);
            },
          ]),
        ),
      ];
    }),
  );
  const on = <E extends EventName>(event: E, listener: (data: EventData<E>) => void) =>
    bridge.onEvent((raw) => {
      const envelope = eventEnvelopeSchema.safeParse(raw);
      if (!envelope.success || envelope.data.event !== event) return;
      const data = eventContract[event].safeParse(envelope.data.data);
      if (data.success) listener(data.data as EventData<E>);
    });
  return { ...services, on } as OpenPsmApi;
}
