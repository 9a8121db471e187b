import type { Kysely } from 'kysely';
import {
  defaultRdpSettings,
  rdpCertificateSchema,
  rdpSecurityModeSchema,
  type RdpSettings,
} from '@shared/common/api/rdpSecurity';
import type { Database } from './schema';

/** The columns a computer's RDP settings are kept in. */
export function rdpColumns(rdp: RdpSettings = defaultRdpSettings) {
  return { rdp_security: rdp.security, rdp_certificate: JSON.stringify(rdp.certificate) };
}

function jsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A computer's RDP settings from its columns (a row the schema does not accept reads as the default: verify). */
function rdpOf(row: { rdp_security: string; rdp_certificate: string }): RdpSettings {
  const security = rdpSecurityModeSchema.safeParse(row.rdp_security);
  const certificate = rdpCertificateSchema.safeParse(jsonOrNull(row.rdp_certificate));
  return {
    security: security.success ? security.data : defaultRdpSettings.security,
    certificate: certificate.success ? certificate.data : defaultRdpSettings.certificate,
  };
}

/** Where a computer listens, its protocol and RDP settings; null when there is no such computer. */
export async function computerSecurity(db: Kysely<Database>, id: string) {
  const row = await db
    .selectFrom('computers')
    .select(['name', 'protocol', 'host', 'port', 'rdp_security', 'rdp_certificate'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return { name: row.name, protocol: row.protocol, host: row.host, port: Number(row.port), rdp: rdpOf(row) };
}

/** Replaces a computer's RDP settings; false when there is no such computer. */
export async function setRdpSettings(db: Kysely<Database>, id: string, rdp: RdpSettings): Promise<boolean> {
  const result = await db
    .updateTable('computers')
    .set(rdpColumns(rdp))
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The protocol options a session to the computer starts with: RDP's security and domain, SSH's
 * pinned host key, VNC's colour depth (each null when unset; the defaults when there is no such computer).
 */
export async function targetOptions(db: Kysely<Database>, id: string) {
  const row = await db
    .selectFrom('computers')
    .select(['rdp_security', 'rdp_certificate', 'rdp_domain', 'ssh_host_key', 'vnc_color_depth'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  const depth = row?.vnc_color_depth ?? null;
  return {
    rdp: row ? rdpOf(row) : defaultRdpSettings,
    rdpDomain: row?.rdp_domain ?? null,
    sshHostKey: row?.ssh_host_key ?? null,
    vncColorDepth: depth === null ? null : Number(depth),
  };
}
