import { z } from 'zod';
import { rdpCertificateSeenSchema, rdpSettingsSchema } from '../rdpSecurity';
import { portSchema } from '../settings';
import { okSchema, usernameSchema } from './basics';
import {
  computerDetailSchema,
  computerListQuery,
  computerPageSchema,
  computerPatchSchema,
  newComputerSchema,
} from './computerFields';
import { defineRoute, idParams, noParams } from './route';

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
    summary:
      'List managed computers by name, a page at a time (limit, offset) with the total: those whose name or host contains a text, of a protocol, with a tag',
    params: noParams,
    query: computerListQuery,
    body: null,
    response: computerPageSchema,
    roles: admin,
    errors: [],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/admin/computers',
    summary: 'Add a managed computer with its tags and protocol options',
    params: noParams,
    body: newComputerSchema,
    response: computerDetailSchema,
    status: 201,
    roles: admin,
    errors: ['CONFLICT', 'BAD_REQUEST'],
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/admin/computers/:id',
    summary:
      "A computer's every field: tags, protocol options, revision, and whether JIT has a provisioning account (never its secret)",
    params: idParams,
    body: null,
    response: computerDetailSchema,
    roles: admin,
    errors: ['NOT_FOUND'],
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/admin/computers/:id',
    summary: 'Change a computer on the revision read (409 STALE_REVISION when someone changed it meanwhile)',
    params: idParams,
    body: computerPatchSchema,
    response: computerDetailSchema,
    roles: admin,
    errors: ['NOT_FOUND', 'STALE_REVISION', 'CONFLICT', 'BAD_REQUEST'],
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/admin/computers/:id',
    summary:
      'Delete a computer; refused with COMPUTER_IN_USE while sessions to it run, unless endSessions=true ends them first',
    params: idParams,
    query: z.object({ endSessions: z.enum(['true', 'false']).optional() }),
    body: null,
    response: z.object({ ok: z.literal(true), endedSessions: z.number().int() }),
    roles: admin,
    errors: ['NOT_FOUND', 'COMPUTER_IN_USE'],
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
