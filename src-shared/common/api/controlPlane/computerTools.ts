import { z } from 'zod';
import { rdpCertificateSeenSchema, rdpSecurityModeSchema } from '../rdpSecurity';
import { hostSchema, portSchema, protocolSchema, type Protocol } from '../settings';
import { nameSchema } from './basics';
import { computerTagSchema } from './computerFields';
import { defineRoute, noParams } from './route';

/** The connection fields to test, as typed in the form (saved or not). */
export const connectionTestInputSchema = z
  .object({
    /** The saved computer these fields belong to, when there is one (the audit names it). */
    computerId: z.uuid().optional(),
    protocol: protocolSchema,
    host: hostSchema,
    port: portSchema,
    /** RDP only: the security mode; with `rdp` (RDP's own encryption) there is no certificate to read. */
    rdpSecurity: rdpSecurityModeSchema.optional(),
  })
  .strict();
export type ConnectionTestInput = z.infer<typeof connectionTestInputSchema>;

/** An SSH server's host key, read during the key exchange (no login is tried). */
export const sshHostKeySeenSchema = z.object({
  /** e.g. `ssh-ed25519`. */
  algorithm: z.string().max(64),
  /** The key blob in base64, as the second field of a known_hosts line. */
  key: z.string().max(16_384),
  /** The key as known_hosts has it: `<algorithm> <base64>`; what the computer's pin holds. */
  knownHostsKey: z.string().max(16_384),
  /** `SHA256:<43 base64 characters>`, as `ssh-keygen -lf` prints it. */
  fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
  /** The server's identification line, e.g. `SSH-2.0-OpenSSH_9.2p1`. */
  banner: z.string().max(255),
});
export type SshHostKeySeen = z.infer<typeof sshHostKeySeenSchema>;

/** What Test connection found: the port answered (how fast), and per protocol what to pin or what answered. */
export const connectionTestResultSchema = z.object({
  protocol: protocolSchema,
  host: z.string(),
  port: z.number().int(),
  /** How long the TCP connection took, in milliseconds. */
  connectMs: z.number().min(0),
  ssh: sshHostKeySeenSchema.optional(),
  rdp: rdpCertificateSeenSchema.optional(),
  /** The VNC server's RFB version banner, e.g. `RFB 003.008`. */
  vnc: z.object({ version: z.string().max(12) }).optional(),
  /** One line for the page, e.g. "10.0.0.5:22 answered in 3 ms: an SSH server (ssh-ed25519 SHA256:…)". */
  summary: z.string(),
});
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

/** The columns a computers CSV may have (the first line names them, in any order); README "Importing computers". */
export const computerImportColumns = [
  'name',
  'protocol',
  'host',
  'port',
  'tags',
  'recording',
  'live_monitoring',
] as const;
export type ComputerImportColumn = (typeof computerImportColumns)[number];

/** The port each protocol uses when a line leaves it empty. */
export const protocolDefaultPorts: Record<Protocol, number> = { ssh: 22, rdp: 3389, vnc: 5900, telnet: 23 };

const yesNo = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => /^(|true|false|yes|no|1|0)$/.test(v), 'must be true or false (or yes/no, 1/0; empty: true)')
  .transform((v) => v === '' || v === 'true' || v === 'yes' || v === '1');

const tagList = z
  .string()
  .transform((v) =>
    v
      .split(';')
      .map((t) => t.trim())
      .filter((t) => t !== ''),
  )
  .pipe(z.array(computerTagSchema).max(32, 'at most 32 tags'))
  .transform((tags) => [...new Set(tags)]);

const portCell = z
  .string()
  .trim()
  .refine((v) => /^\d{0,5}$/.test(v), 'must be a number 1-65535 (empty: the protocol’s usual port)')
  .transform((v) => (v === '' ? undefined : Number(v)))
  .pipe(portSchema.optional());

/** One line of a computers CSV, its cells by column (missing optional columns are empty). */
export const csvComputerSchema = z
  .object({
    name: nameSchema,
    protocol: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['ssh', 'rdp', 'vnc', 'telnet'], 'must be ssh, rdp, vnc or telnet')),
    host: hostSchema,
    port: portCell,
    tags: tagList,
    recording: yesNo,
    live_monitoring: yesNo,
  })
  .transform((row) => ({
    name: row.name,
    protocol: row.protocol,
    host: row.host,
    port: row.port ?? protocolDefaultPorts[row.protocol],
    tags: row.tags,
    recording: row.recording,
    liveMonitoring: row.live_monitoring,
  }));
export type CsvComputer = z.output<typeof csvComputerSchema>;

export const computerImportInputSchema = z.object({ csv: z.string() }).strict();

const admin: ['administrator'] = ['administrator'];

/** The Computers page's tools: Test connection (from the server, where sessions run) and CSV import. */
export const computerToolsApi = {
  test: defineRoute({
    method: 'POST',
    path: '/api/admin/computers/test',
    summary:
      "Test a computer's connection fields from the server (saved or not): whether host:port answers, the SSH host key or the RDP certificate to pin, the VNC banner; no login",
    params: noParams,
    body: connectionTestInputSchema,
    response: connectionTestResultSchema,
    roles: admin,
    errors: [
      'NOT_FOUND',
      'TARGET_UNREACHABLE',
      'TARGET_REFUSED',
      'TARGET_HOST_UNKNOWN',
      'TARGET_TIMEOUT',
      'NOT_SSH',
      'NOT_VNC',
      'RDP_CERTIFICATE_UNREADABLE',
      'COMPUTER_TESTS_LIMITED',
    ],
  }),
  import: defineRoute({
    method: 'POST',
    path: '/api/admin/computers/import',
    summary:
      'Import computers from CSV (text/csv, or JSON {csv}): all lines or none, in one transaction; a refusal lists each bad line with its field',
    params: noParams,
    body: computerImportInputSchema,
    response: z.object({ imported: z.number().int() }),
    status: 201,
    roles: admin,
    errors: ['IMPORT_REFUSED', 'IMPORT_TOO_LARGE', 'CONFLICT'],
  }),
};
