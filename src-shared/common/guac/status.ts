/** Guacamole status codes (protocol-types.h), decimal on the wire. */
export const guacStatus = {
  SUCCESS: 0x0000,
  UNSUPPORTED: 0x0100,
  SERVER_ERROR: 0x0200,
  SERVER_BUSY: 0x0201,
  UPSTREAM_TIMEOUT: 0x0202,
  UPSTREAM_ERROR: 0x0203,
  RESOURCE_NOT_FOUND: 0x0204,
  RESOURCE_CONFLICT: 0x0205,
  RESOURCE_CLOSED: 0x0206,
  UPSTREAM_NOT_FOUND: 0x0207,
  UPSTREAM_UNAVAILABLE: 0x0208,
  SESSION_CONFLICT: 0x0209,
  SESSION_TIMEOUT: 0x020a,
  SESSION_CLOSED: 0x020b,
  CLIENT_BAD_REQUEST: 0x0300,
  CLIENT_UNAUTHORIZED: 0x0301,
  CLIENT_FORBIDDEN: 0x0303,
  CLIENT_TIMEOUT: 0x0308,
  CLIENT_OVERRUN: 0x030d,
  CLIENT_BAD_TYPE: 0x030f,
  CLIENT_TOO_MANY: 0x031d,
} as const;

export type GuacStatusName = keyof typeof guacStatus;

const byCode = new Map<number, GuacStatusName>(
  Object.entries(guacStatus).map(([name, code]) => [code, name as GuacStatusName]),
);

/** The status name for a code as it arrives on the wire (decimal text or number); undefined when unknown. */
export function statusName(code: string | number): GuacStatusName | undefined {
  const value = typeof code === 'number' ? code : /^\d{1,5}$/.test(code) ? Number(code) : Number.NaN;
  return byCode.get(value);
}
