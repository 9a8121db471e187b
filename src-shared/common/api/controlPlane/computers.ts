import { z } from 'zod';
import { rdpCertificateSeenSchema, rdpSettingsSchema } from '../rdpSecurity';
import { hostSchema, portSchema, protocolSchema } from '../settings';
import { idSchema, nameSchema, okSchema, usernameSchema } from './basics';
import { defineRoute, idParams, noParams } from './route';

export const newComputerSchema = z.object({
  name: nameSchema,
  protocol: protocolSchema,
  host: hostSchema,
  port: portSchema,
  jitEnabled: z.boolean().default(false),
  recording: z.boolean().default(true),
  liveMonitoring: z.boolean().default(true),
  /** RDP only: security mode and certificate check (default: negotiated, verified against guacd's store). */
  rdp: rdpSettingsSchema.optional(),
});

/** A managed computer as the control plane lists it (the desktop's own computers, direct mode, are settings' computerSchema). */
export const managedComputerSchema = newComputerSchema.extend({ id: z.uuid() });

/** A computer as the administration's pickers list it. */
export const computerSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  protocol: protocolSchema,
  host: z.string(),
});
export type ComputerSummary = z.infer<typeof computerSummarySchema>;

/** The provisioning account that creates JIT accounts on a computer (its secret is never returned). */
export const jitProvisionerSchema = z
  .object({
    /** The SSH port of the computer's provisioning service (usually the computer's own). */
    port: portSchema,
    username: usernameSchema,
    secret: z.string().min(1, 'is required').max(16_384),
    secretKind: z.enum(['password', 'private-key']),
    /** The computer's SSH host key, pinned: SHA-256 in the form `SHA256:…` (ssh-keygen -lf). */
    hostKeySha256: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be SHA256:<43 base64 characters>, as ssh-keygen -lf prints it'),
  })
  .strict();
export type JitProvisionerInput = z.infer<typeof jitProvisionerSchema>;

const admin: ['administrator'] = ['administrator'];

/** Managed computers and their JIT provisioning accounts (shared credentials: credentials.ts). */
export const computersApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/admin/computers',
    summary: 'List managed computers (at most 200), optionally those whose name or host contains a text',
    params: noParams,
    query: z.object({ search: z.string().max(200).optional() }),
    body: null,
    response: z.object({ computers: z.array(computerSummarySchema) }),
    roles: admin,
    errors: [],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/admin/computers',
    summary: 'Add a managed computer',
    params: noParams,
    body: newComputerSchema,
    response: idSchema,
    status: 201,
    roles: admin,
    errors: ['CONFLICT', 'BAD_REQUEST'],
  }),
  readRdpCertificate: defineRoute({
    method: 'POST',
    path: '/api/admin/computers/:id/rdp-certificate',
    summary:
      "Read the certificate an RDP computer presents now (the gateway's RDP negotiation and TLS handshake, no login), to confirm and pin",
    params: idParams,
    body: null,
    response: rdpCertificateSeenSchema,
    roles: admin,
    errors: ['NOT_FOUND', 'BAD_REQUEST', 'RDP_CERTIFICATE_UNREADABLE', 'TARGET_UNREACHABLE'],
  }),
  setRdpSecurity: defineRoute({
    method: 'PUT',
    path: '/api/admin/computers/:id/rdp',
    summary: "Set an RDP computer's security mode and certificate check (verify, pin SHA-256 fingerprints, or ignore)",
    params: idParams,
    body: rdpSettingsSchema,
    response: okSchema,
    roles: admin,
    errors: ['NOT_FOUND', 'BAD_REQUEST'],
  }),
  setJitProvisioner: defineRoute({
    method: 'PUT',
    path: '/api/admin/computers/:id/jit',
    summary: "Set the computer's JIT provisioning account (SSH, host key pinned; the secret is never returned)",
    params: idParams,
    body: jitProvisionerSchema,
    response: okSchema,
    roles: admin,
    errors: ['NOT_FOUND'],
  }),
};
