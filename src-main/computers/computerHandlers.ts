import { readRdpCertificate } from '@shared/node/rdp/certificateProbe';
import type { Handlers } from '../rpc/dispatcher';
import type { ComputerService } from './computerService';

/** `computers.*`: the computers defined on this device (direct mode), and reading an RDP certificate to pin. */
export function computerHandlers(
  computers: Pick<ComputerService, 'list' | 'save' | 'remove'>,
  certificateReadMs: number,
): Handlers['computers'] {
  return {
    list: () => computers.list(),
    save: (input) => computers.save(input),
    remove: ({ id }) => computers.remove(id),
    readCertificate: ({ host, port }) => readRdpCertificate(host, port, certificateReadMs),
  };
}
