import { z } from 'zod';
import type { ServiceContract } from './rpc';
import { protocolSchema } from './settings';

/** The screen a session view offers: size, density and time zone. */
export const screenSchema = z.object({
  width: z.number().int().min(64).max(8192),
  height: z.number().int().min(64).max(8192),
  dpi: z.number().int().min(48).max(480),
  timezone: z.string().min(1).max(64),
});
export type Screen = z.infer<typeof screenSchema>;

/** An opened session: the socket to attach to it and a one-time token for that socket. */
export const openedSessionSchema = z.object({
  sessionId: z.uuid(),
  /** One-time token for the session socket; short-lived. */
  token: z.string().min(20),
  name: z.string(),
  protocol: protocolSchema,
  readOnly: z.boolean(),
  /** Clipboard rules of the computer, for the UI (the relay enforces them too). */
  disableCopy: z.boolean(),
  disablePaste: z.boolean(),
});
export type OpenedSession = z.infer<typeof openedSessionSchema>;

export const sessionsContract = {
  /**
   * Opens a session to a computer defined on this device (direct mode): main runs guacd's
   * handshake with the kept credential and answers once guacd is ready. Fails with
   * COMPUTER_NOT_FOUND, GUACD_UNREACHABLE, GUACD_TLS_FAILED, GUACD_NO_ANSWER or GUACD_NOT_READY.
   */
  open: { params: screenSchema.extend({ computerId: z.uuid() }).strict(), result: openedSessionSchema },
  /**
   * Connect (embedded and remote mode): agrees to the terms, gets a ticket from the control
   * plane and opens the session through its gateway. The ticket, and a personal credential's
   * secret, never leave main. Fails with a connect refusal (connectRefusals.ts), VAULT_LOCKED,
   * TICKET_* or the gateway's guacd errors.
   */
  connect: {
    params: screenSchema
      .extend({
        policyId: z.uuid(),
        computerId: z.uuid(),
        /** After Advanced Mode: the terms page's approval, and the vault credential it chose (main reads its secret). */
        advanced: z
          .object({ approval: z.string().min(1).max(4096), personalCredentialId: z.uuid().nullable() })
          .strict()
          .optional(),
        /** The policy revision whose terms the person agreed to (the server refuses POLICY_CHANGED after an edit). */
        policyRevision: z.number().int().min(1).optional(),
      })
      .strict(),
    result: openedSessionSchema,
  },
  /** Opens a read-only view of a running session (a guacd join). Fails with SESSION_NOT_FOUND. */
  watch: { params: screenSchema.extend({ sessionId: z.uuid() }).strict(), result: openedSessionSchema },
  /** Ends a session (or a watch view). Ending an unknown one is not an error. */
  close: { params: z.object({ sessionId: z.uuid() }).strict(), result: z.object({ closed: z.literal(true) }) },
} satisfies ServiceContract;
