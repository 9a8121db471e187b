import type { Handlers } from '../rpc/dispatcher';
import type { ComputerService } from './computerService';

/** `computers.*`: the computers defined on this device (direct mode). */
export function computerHandlers(computers: Pick<ComputerService, 'list' | 'save' | 'remove'>): Handlers['computers'] {
  return {
    list: () => computers.list(),
    save: (input) => computers.save(input),
    remove: ({ id }) => computers.remove(id),
  };
}
