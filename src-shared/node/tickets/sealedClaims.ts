import crypto from 'node:crypto';
import type { z } from 'zod';

export type Opened<T> = { ok: true; claims: T } | { ok: false; code: 'TICKET_INVALID' | 'TICKET_EXPIRED' };

/** Seals claims with AES-256-GCM under `key`, bound to `aad` (what kind of token it is): base64url(nonce ‖ ciphertext ‖ tag). */
export function sealClaims<S extends z.ZodType<{ exp: number }>>(
  key: Buffer,
  aad: string,
  schema: S,
  claims: z.input<S>,
): string {
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(schema.parse(claims)), 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
}

/**
 * Opens a sealed token as untrusted input: TICKET_INVALID for anything forged, changed,
 * sealed under another key or for another purpose, longer than `maxLength` or malformed;
 * TICKET_EXPIRED past `exp`. Never throws.
 */
export function openClaims<S extends z.ZodType<{ exp: number }>>(
  key: Buffer,
  aad: string,
  schema: S,
  token: unknown,
  nowSeconds: number,
  maxLength: number,
): Opened<z.output<S>> {
  const invalid = { ok: false, code: 'TICKET_INVALID' } as const;
  if (typeof token !== 'string' || token.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(token)) return invalid;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length < 12 + 16 + 2) return invalid;
  let text: string;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    text = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return invalid;
  }
  let parsed: ReturnType<S['safeParse']>;
  try {
    parsed = schema.safeParse(JSON.parse(text)) as ReturnType<S['safeParse']>;
  } catch {
    return invalid;
  }
  if (!parsed.success) return invalid;
  const claims = parsed.data as z.output<S>;
  if (claims.exp <= nowSeconds) return { ok: false, code: 'TICKET_EXPIRED' };
  return { ok: true, claims };
}
