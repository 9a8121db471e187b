import type { z } from 'zod';
import { findMethod, type Contract } from '@shared/common/api/contract';
import { parseOrThrow } from '@shared/common/api/parse';
import type { Reply } from '@shared/common/api/rpc';
import { OpenPsmError } from '@shared/common/errors';
import type { Logger } from '@shared/node/logger';

type Handler<D> = D extends { params: infer P extends z.ZodType; result: infer R extends z.ZodType }
  ? (params: z.output<P>) => Promise<z.input<R>> | z.input<R>
  : never;

/** The main-process implementation of every contract method (the type proves none is missing; one missing anyway, through a cast, answers UNKNOWN_METHOD). */
export type Handlers = { [S in keyof Contract]: { [M in keyof Contract[S]]: Handler<Contract[S][M]> } };

export interface Dispatcher {
  /** Runs one call whose method and params are untrusted; always resolves with a reply. */
  dispatch(method: unknown, params: unknown): Promise<Reply>;
}

/** Wraps the handlers so that every call is parsed in and out, and every failure is a coded reply. */
export function createDispatcher(handlers: Handlers, log: Pick<Logger, 'warn' | 'error'>): Dispatcher {
  const dispatch = async (method: unknown, params: unknown): Promise<Reply> => {
    const name = typeof method === 'string' ? method : '';
    try {
      const found = findMethod(name);
      if (!found)
        throw new OpenPsmError('UNKNOWN_METHOD', {
          message: `There is no method named "${name.slice(0, 100)}".`,
          path: 'method',
        });
      const input = parseOrThrow(found.def.params, params ?? {}, 'INVALID_PARAMS', `${name} params`);
      const service = handlers[found.service] as Record<string, (p: unknown) => unknown>;
      const fn = service[found.method];
      if (!fn) throw new OpenPsmError('UNKNOWN_METHOD', { message: `${name} is not implemented.` });
      const output = await fn.call(service, input);
      return { ok: true, result: parseOrThrow(found.def.result, output, 'INVALID_RESULT', `${name} result`) };
    } catch (error) {
      if (error instanceof OpenPsmError) {
        // One line, without the payload: the params may hold anything the caller typed.
        log.warn('api.call_refused', { method: name.slice(0, 100), code: error.code, path: error.path });
        return { ok: false, error: error.toInfo() };
      }
      log.error('api.call_failed', { method: name.slice(0, 100), error });
      return { ok: false, error: new OpenPsmError('INTERNAL').toInfo() };
    }
  };
  return { dispatch };
}
