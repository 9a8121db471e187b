import type { Kysely } from 'kysely';
import { z } from 'zod';
import { computersApi } from '@shared/common/api/controlPlane/computers';
import type { RdpCertificateSeen, RdpSettings } from '@shared/common/api/rdpSecurity';
import { OpenPsmError } from '@shared/common/errors';
import { computerSecurity, setRdpSettings } from '../db/rdpSecurity';
import type { Database } from '../db/schema';
import type { ServerStateRepository } from '../db/serverState';
import { route, type Route } from './router';

export interface RdpSecurityRouteDeps {
  db: Kysely<Database>;
  state: ServerStateRepository;
  /** Reads the certificate an RDP computer presents (the gateway's own negotiation and TLS handshake). */
  readCertificate(host: string, port: number): Promise<RdpCertificateSeen>;
}

/** How an RDP setting reads in the audit: the mode, and the certificate check with its pins, or a warning. */
export function rdpAuditText(rdp: RdpSettings): string {
  const { certificate } = rdp;
  const check =
    certificate.check === 'pin'
      ? `pinned ${certificate.fingerprints.join(', ')}`
      : certificate.check === 'ignore'
        ? 'IGNORED (warning: any certificate is accepted)'
        : "verified against guacd's store";
  return `security ${rdp.security}, certificate ${check}`;
}

/** The RDP computer with that id, or NOT_FOUND / BAD_REQUEST (another protocol). */
async function rdpComputer(db: Kysely<Database>, params: Record<string, string>) {
  const id = z.uuid().safeParse(params['id']);
  const computer = id.success ? await computerSecurity(db, id.data) : null;
  if (!id.success || !computer) throw new OpenPsmError('NOT_FOUND', { message: 'There is no computer with that id.' });
  if (computer.protocol !== 'rdp')
    throw new OpenPsmError('BAD_REQUEST', { message: `${computer.name} is not an RDP computer.` });
  return { id: id.data, ...computer };
}

/** An RDP computer's security: reading the certificate it presents (trust on first use), and setting mode and check. */
export function rdpSecurityRoutes(deps: RdpSecurityRouteDeps): Route[] {
  const { db, state } = deps;
  return [
    route({
      spec: computersApi.readRdpCertificate,
      handler: async ({ params, caller }) => {
        const computer = await rdpComputer(db, params);
        const seen = await deps.readCertificate(computer.host, computer.port);
        await state.audit(caller.username, 'computer.rdp_certificate_read', `${computer.name}: ${seen.fingerprint}`);
        return seen;
      },
    }),
    route({
      spec: computersApi.setRdpSecurity,
      handler: async ({ params, body, caller }) => {
        const computer = await rdpComputer(db, params);
        await setRdpSettings(db, computer.id, body);
        await state.audit(caller.username, 'computer.rdp_security', `${computer.name}: ${rdpAuditText(body)}`);
        return { ok: true as const };
      },
    }),
  ];
}
