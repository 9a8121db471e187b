import { z } from 'zod';
import { errorCatalog, type ErrorCode } from '../errors';

/** One method of a service: what it takes and what it answers. */
export interface MethodContract<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  params: P;
  result: R;
}

/** One service: its methods by name. */
export type ServiceContract = Record<string, MethodContract>;

const errorCodes = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];

/** An error code as every wire schema types it: one of the catalog's. */
export const errorCodeSchema = z.enum(errorCodes);

export const errorInfoSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  path: z.string().optional(),
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** What a transport answers for one call: a result or a coded error. */
export const replySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorInfoSchema }),
]);
export type Reply = z.infer<typeof replySchema>;

/** A call as it travels over the browser host's API socket. */
export const wireRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().min(1).max(100),
  params: z.unknown().optional(),
});

/** Every message the API socket sends: replies carry the call's id, events carry a name. */
export const wireMessageSchema = z.union([
  z.object({ id: z.number().int().nonnegative().nullable(), reply: replySchema }),
  z.object({ event: z.string(), data: z.unknown() }),
]);
export type WireMessage = z.infer<typeof wireMessageSchema>;

/** Channel names of the Electron transport. */
export const ipcChannels = {
  call: 'openpsm:call',
  event: 'openpsm:event',
  /** The renderer asks main to attach a session (one-time token) to a MessagePort. */
  sessionAttach: 'openpsm:session-attach',
  /** Main hands the renderer that port. */
  sessionPort: 'openpsm:session-port',
} as const;

/** The message the preload posts to the page with a session's port. */
export const sessionPortMessageKey = 'openpsmSessionPort';

/** The last message on a session port, since a MessagePort has no close event in the page. */
export const portClosedTag = 'openpsm.closed';

export const ipcCallSchema = z.object({ method: z.string().min(1).max(100), params: z.unknown().optional() });

/** Sub-protocols of the API socket: the first names the API, the second carries the launch secret. */
export const apiSocketProtocol = 'openpsm.v1';
export const secretProtocolPrefix = 'openpsm.secret.';

/** Sub-protocols of a session socket: the session protocol, the launch secret, the one-time token. */
export const sessionSocketProtocol = 'openpsm.session.v1';
export const tokenProtocolPrefix = 'openpsm.token.';
