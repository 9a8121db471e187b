import { errorMessage, OpenPsmError } from '../../common/errors';
import type { GuacInstruction } from '../../common/guac';
import type { GuacdTimers } from './guacdTimers';

export interface ConnectOptions {
  /** A protocol for a new connection, or `$<id>` to join one. */
  select: string;
  /** connect values by parameter name; names guacd does not list are ignored, missing ones sent empty. */
  values: Record<string, string>;
  width: number;
  height: number;
  dpi: number;
  timezone: string;
  /** The user's display name (sent when guacd speaks 1.5.0 or later). */
  name: string;
  timers?: Partial<GuacdTimers>;
  /** Values guacd may ask for later with `required` (e.g. a VNC password); asked by name. */
  credentials?: Record<string, string>;
  /** Arguments guacd must list in `args` (security settings): without one, the session is refused, not weakened. */
  needs?: string[];
  /** RDP with NLA: guacd's "Server refused connection" means the credentials were refused (rdpValues.ts, nlaRefusal). */
  nla?: boolean;
  /** SSH with a pinned host key: guacd's abort at connect means the key was refused (computerOptionValues.ts). */
  hostKeyPinned?: boolean;
  /** Opcodes the reader of the session's batches acts on, decoded for it (see `onBatch`). */
  pick?: string[];
}

const versions = ['VERSION_1_0_0', 'VERSION_1_1_0', 'VERSION_1_3_0', 'VERSION_1_5_0'];
export const ours = 'VERSION_1_5_0';

/** min(guacd's version, ours), as guacd negotiates; an unknown version counts as 1.0.0. */
export function negotiateVersion(offered: string): string {
  const index = versions.indexOf(offered);
  return versions[Math.min(index < 0 ? 0 : index, versions.indexOf(ours))] as string;
}

/** GUACD_LACKS_ARGUMENT naming what this guacd has no argument for, and the version it speaks. */
export function lacksArgument(protocol: string, version: string, lacking: string[]): OpenPsmError {
  const names = lacking.map((name) => `"${name}"`).join(', ');
  return new OpenPsmError('GUACD_LACKS_ARGUMENT', {
    message: `${errorMessage('GUACD_LACKS_ARGUMENT')} (This guacd speaks ${version || 'an unknown protocol version'} and has no ${names} argument for ${protocol.toUpperCase()}.)`,
  });
}

/** What a new user sends after `args`: its screen, formats, time zone, name, and the values in guacd's order. */
export function handshakeInstructions(options: ConnectOptions, version: string, argNames: string[]): GuacInstruction[] {
  const out: GuacInstruction[] = [
    ['size', String(options.width), String(options.height), String(options.dpi)],
    ['audio', 'audio/L8', 'audio/L16'],
    ['video'],
    ['image', 'image/png', 'image/jpeg', 'image/webp'],
    ['timezone', options.timezone],
  ];
  if (version === 'VERSION_1_5_0') out.push(['name', options.name]);
  out.push(['connect', version, ...argNames.map((name) => options.values[name] ?? '')]);
  return out;
}
