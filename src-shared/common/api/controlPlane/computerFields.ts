import { z } from 'zod';
import { rdpSettingsSchema } from '../rdpSecurity';
import { hostSchema, portSchema, protocolSchema } from '../settings';
import { nameSchema } from './basics';

/** A tag that groups computers (policies may name computers by tag): letters, digits and `. _ : -`. */
export const computerTagSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(/^[\p{L}\p{N}._:-]+$/u, 'may hold letters, digits and . _ : - only');

/** The SSH key types guacd (libssh2) can hold in a known_hosts line. */
const hostKeyTypes = ['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'];

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The bytes of a base64 text (padding ignored), as numbers. */
function base64Bytes(text: string): number[] {
  const bits = [...text.replace(/=+$/, '')].map((c) => base64.indexOf(c).toString(2).padStart(6, '0')).join('');
  return (bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2));
}

/** Whether `blob` (base64) is an SSH public key of `type`: its first field names the type again. */
function keyBlobNames(type: string, blob: string): boolean {
  const bytes = base64Bytes(blob.slice(0, 4 * Math.ceil((4 + type.length) / 3)));
  const length = bytes.slice(0, 4).reduce((n, b) => n * 256 + b, 0);
  return length === type.length && String.fromCharCode(...bytes.slice(4, 4 + length)) === type;
}

/**
 * A pinned SSH host key as known_hosts holds it: `<type> <base64>` (`ssh-ed25519 AAAA…`), as
 * ssh-keyscan prints it or a host's /etc/ssh/ssh_host_*_key.pub holds it. A host name in front
 * (ssh-keyscan's first field) and a comment behind are dropped; what is kept is type and key.
 */
export const sshHostKeySchema = z
  .string()
  .trim()
  .max(16_384, 'must be at most 16384 characters')
  .transform((text, ctx) => {
    const words = text.split(/\s+/);
    const at = words.findIndex((w) => hostKeyTypes.includes(w));
    const type = words[at] ?? '';
    const blob = words[at + 1] ?? '';
    if (at < 0 || at > 1 || !/^[A-Za-z0-9+/]+={0,2}$/.test(blob) || !keyBlobNames(type, blob)) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a public host key as known_hosts holds it: "ssh-ed25519 AAAA…" (${hostKeyTypes.join(', ')})`,
      });
      return z.NEVER;
    }
    return `${type} ${blob}`;
  });

/** VNC colour depth in bits; null lets the VNC server choose. */
export const vncColorDepthSchema = z.union([z.literal(8), z.literal(16), z.literal(24), z.literal(32)]);

/** A computer's editable fields, none defaulted (a new computer's defaults: newComputerSchema; an edit: computerPatchSchema). */
const computerFields = {
  name: nameSchema,
  protocol: protocolSchema,
  host: hostSchema,
  port: portSchema,
  tags: z.array(computerTagSchema).max(32, 'must be at most 32 tags'),
  jitEnabled: z.boolean(),
  recording: z.boolean(),
  liveMonitoring: z.boolean(),
  /** RDP only: security mode and certificate check (default: negotiated, verified against guacd's store). */
  rdp: rdpSettingsSchema,
  /** RDP only: the Windows domain the login belongs to (null: none). */
  rdpDomain: z.string().trim().max(200, 'must be at most 200 characters').nullable(),
  /** SSH only: the host key guacd accepts, known_hosts style (null: not pinned, guacd accepts any). */
  sshHostKey: sshHostKeySchema.nullable(),
  /** VNC only: the colour depth guacd asks for (null: the server's own). */
  vncColorDepth: vncColorDepthSchema.nullable(),
};

export const newComputerSchema = z.object({
  ...computerFields,
  tags: computerFields.tags.default([]),
  jitEnabled: computerFields.jitEnabled.default(false),
  recording: computerFields.recording.default(true),
  liveMonitoring: computerFields.liveMonitoring.default(true),
  rdp: computerFields.rdp.optional(),
  rdpDomain: computerFields.rdpDomain.optional(),
  sshHostKey: computerFields.sshHostKey.optional(),
  vncColorDepth: computerFields.vncColorDepth.optional(),
});
export type NewComputer = z.output<typeof newComputerSchema>;

/** An edit: the revision the page read, and the fields it changes (the others stay). */
export const computerPatchSchema = z
  .object(computerFields)
  .partial()
  .extend({ revision: z.number().int().min(1) });
export type ComputerPatch = z.output<typeof computerPatchSchema>;

/** The provisioning account of a JIT computer as the administration sees it: never its secret. */
export const jitProvisionerShownSchema = z.object({
  username: z.string(),
  port: z.number().int(),
  secretKind: z.enum(['password', 'private-key']),
  hostKeySha256: z.string(),
});

/** A computer with every field the administration edits, its revision, and whether JIT has a provisioning account. */
export const computerDetailSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  protocol: protocolSchema,
  host: z.string(),
  port: z.number().int(),
  tags: z.array(z.string()),
  jitEnabled: z.boolean(),
  recording: z.boolean(),
  liveMonitoring: z.boolean(),
  rdp: rdpSettingsSchema,
  rdpDomain: z.string().nullable(),
  sshHostKey: z.string().nullable(),
  vncColorDepth: vncColorDepthSchema.nullable(),
  revision: z.number().int(),
  /** The JIT provisioning account (set with PUT …/jit); null when none is set. */
  jitProvisioner: jitProvisionerShownSchema.nullable(),
});
export type ComputerDetail = z.infer<typeof computerDetailSchema>;

/** A computer as the list and the pickers show it. */
export const computerSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  protocol: protocolSchema,
  host: z.string(),
  port: z.number().int(),
  tags: z.array(z.string()),
});
export type ComputerSummary = z.infer<typeof computerSummarySchema>;

/** The list's filters and page: name or host containing a text, a protocol, a tag; `limit` rows from `offset`. */
export const computerListQuery = z.object({
  search: z.string().max(200).optional(),
  protocol: protocolSchema.optional(),
  tag: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ComputerListFilter = z.output<typeof computerListQuery>;

export const computerPageSchema = z.object({
  computers: z.array(computerSummarySchema),
  /** How many computers match the filters, over all pages. */
  total: z.number().int(),
  offset: z.number().int(),
});
export type ComputerPage = z.infer<typeof computerPageSchema>;
