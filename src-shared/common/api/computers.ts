import { z } from 'zod';
import type { ServiceContract } from './rpc';
import { rdpCertificateSeenSchema } from './rdpSecurity';
import { computerSchema, hostSchema, portSchema } from './settings';

/** What the user enters for a computer; the password travels only inbound, never back. */
export const computerInputSchema = computerSchema
  .omit({ id: true, hasPassword: true })
  .extend({
    /** Absent for a new computer. */
    id: z.uuid().optional(),
    /** A new password; null removes the kept one; absent keeps it. */
    password: z.string().max(1024).nullable().optional(),
  })
  .strict();
export type ComputerInput = z.infer<typeof computerInputSchema>;

export const computersContract = {
  /** The computers defined on this device (direct mode), each with hasPassword only. */
  list: { params: z.object({}).strict(), result: z.array(computerSchema) },
  /** Adds or changes a computer; the password goes to the OS keychain (or memory). Fails with INVALID_PARAMS naming the field. */
  save: { params: computerInputSchema, result: computerSchema },
  /** Removes a computer and its kept password. Fails with COMPUTER_NOT_FOUND. */
  remove: { params: z.object({ id: z.uuid() }).strict(), result: z.object({ removed: z.literal(true) }) },
  /**
   * Reads an RDP computer's certificate (negotiation, then a TLS handshake; no login), for the
   * user to confirm and pin. Fails with RDP_CERTIFICATE_UNREADABLE or TARGET_UNREACHABLE.
   */
  readCertificate: {
    params: z.object({ host: hostSchema, port: portSchema }).strict(),
    result: rdpCertificateSeenSchema,
  },
} satisfies ServiceContract;
