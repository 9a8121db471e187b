import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { OpenPsmError } from '@shared/common/errors';

/** The server's root secret and what is derived from it. It never leaves the process. */
export interface ServerKey {
  /** Encrypts a secret for storage (AES-256-GCM, purpose-bound). */
  seal(purpose: string, plaintext: string): string;
  /** Decrypts what `seal` made for the same purpose; throws on tampering. */
  open(purpose: string, sealed: string): string;
  /** A stable 32-byte key for one purpose (HKDF-SHA256). */
  derive(purpose: string): Buffer;
}

export function serverKeyFrom(root: Buffer): ServerKey {
  if (root.length < 32)
    throw new OpenPsmError('SERVER_KEY_MISSING', {
      message: `${new OpenPsmError('SERVER_KEY_MISSING').message} (it holds ${root.length} bytes)`,
    });
  const derive = (purpose: string) =>
    Buffer.from(crypto.hkdfSync('sha256', root, Buffer.alloc(0), `openpsm:${purpose}`, 32));
  return {
    derive,
    seal(purpose, plaintext) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', derive(purpose), iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    open(purpose, sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Not a sealed value');
      const decipher = crypto.createDecipheriv('aes-256-gcm', derive(purpose), Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * Reads the root key, Docker-secret style, from `OPENPSM_SERVER_KEY_FILE`. Without one,
 * a key is generated once into `<dataDir>/secrets/server.key` (owner-only) and the caller
 * is told so it can warn: fine for one machine, not for a team's server.
 */
export function loadServerKey(options: { file?: string | undefined; dataDir: string }): {
  key: ServerKey;
  generatedAt: string | null;
} {
  if (options.file) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(options.file);
    } catch (error) {
      throw new OpenPsmError('SERVER_KEY_MISSING', {
        message: `${new OpenPsmError('SERVER_KEY_MISSING').message} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}: ${options.file})`,
      });
    }
    return { key: serverKeyFrom(Buffer.from(bytes.toString('utf8').trim(), 'utf8')), generatedAt: null };
  }
  const file = path.join(options.dataDir, 'secrets', 'server.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    return { key: serverKeyFrom(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'utf8')), generatedAt: file };
  }
  return { key: serverKeyFrom(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'utf8')), generatedAt: null };
}

/** A secret file's bytes (at least 32), with an error that names the variable to fix. */
function readSecretFile(file: string, what: string, variable: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'utf8');
  } catch (error) {
    throw new Error(
      `The ${what} file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}: ${file}). Set ${variable} to a file holding at least 32 bytes.`,
      { cause: error },
    );
  }
  if (bytes.length < 32) throw new Error(`The ${what} file ${file} holds ${bytes.length} bytes; it needs at least 32.`);
  return bytes;
}

/**
 * The pepper for vault unlock proofs: read from a secret file when one is given (at least
 * 32 bytes), else derived from the server key, so it never sits in the database either way.
 */
export function loadVaultPepper(file: string | undefined, key: ServerKey): Buffer {
  return file ? readSecretFile(file, 'vault pepper', 'OPENPSM_VAULT_PEPPER_FILE') : key.derive('vault-pepper');
}

/**
 * The AES-256 key that seals gateway tickets: HKDF of the secret file's bytes when given,
 * else derived from the server key (itself a secret file), so a ticket outlives a restart
 * only as far as its jti allows. The embedded app passes a random key per launch instead.
 */
export function loadGatewayKey(file: string | undefined, key: ServerKey): Buffer {
  if (!file) return key.derive('gateway-ticket');
  return Buffer.from(
    crypto.hkdfSync(
      'sha256',
      readSecretFile(file, 'gateway key', 'OPENPSM_GATEWAY_KEY_FILE'),
      Buffer.alloc(0),
      'openpsm:gateway-ticket',
      32,
    ),
  );
}
