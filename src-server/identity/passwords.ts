import crypto from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';

/** argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane). */
const params = { parallelism: 1, iterations: 2, memorySize: 19 * 1024, hashLength: 32 } as const;

/** Hashes a password into a PHC string (`$argon2id$v=19$m=…`). */
export function hashPassword(password: string): Promise<string> {
  return argon2id({ ...params, password, salt: crypto.randomBytes(16), outputType: 'encoded' });
}

/** True when `password` matches `hash`; false for anything that is not an argon2id hash. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (!hash.startsWith('$argon2id$')) return false;
  try {
    return await argon2Verify({ password, hash });
  } catch {
    return false;
  }
}

/** A hash of a random password, to spend the same time on unknown usernames. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return decoy;
}
