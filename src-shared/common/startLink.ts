import { OpenPsmError } from './errors';

/** What a start link asks for (seed 000's connection parameters), checked and normalised. */
export interface StartLink {
  personId: string;
  policyId: string;
  computerId: string;
  advanced: boolean;
  /** Optional choices that pre-fill Advanced Mode. */
  credentialKind: 'shared' | 'personal' | 'jit' | null;
  /** A personal credential in the vault (with CredentialKind=personal). */
  credentialId: string | null;
  accessLevelId: string | null;
}

const guid = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const names = [
  'TargetPersonGuid',
  'AccessRequestPolicyID',
  'TargetComputerGuid',
  'IsAdvanceMode',
  'CredentialKind',
  'CredentialId',
  'AccessLevelId',
  'UseJit',
] as const;
type Name = (typeof names)[number];

const refuse = (name: string, why: string) =>
  new OpenPsmError('INVALID_PARAMETER', {
    message: `The start link's ${name} ${why}. Check the link for a typo, a bad GUID or a missing parameter.`,
    path: name,
  });
/** What a bad value looked like, short and printable (never the whole of a long value). */
const shown = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** A query component, decoded (`+` is a space); null when its percent-encoding is broken. */
function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * Parses `openpsm://start?…` (the desktop's protocol handler) or `http://host/start?…` (the
 * browser host) as untrusted input. Parameter names match without regard to case; each may
 * appear once. Throws INVALID_PARAMETER naming the missing or malformed parameter.
 */
export function parseStartLink(input: string): StartLink {
  if (input.length > 4096) throw refuse('link', 'is too long (at most 4096 characters)');
  // No URL class here (src-shared/common is environment-free): the two shapes are matched exactly.
  const match = /^(?:openpsm:\/\/start|https?:\/\/[^/?#\s]+\/start)\/?(?:\?([^#]*))?(?:#.*)?$/i.exec(input.trim());
  if (!match) throw refuse('link', 'must be openpsm://start?… or /start?…');
  const values = new Map<Name, string>();
  for (const pair of (match[1] ?? '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
    const name = names.find((n) => n.toLowerCase() === key?.toLowerCase());
    if (!name) continue;
    if (value === null) throw refuse(name, 'is not correctly encoded');
    if (values.has(name)) throw refuse(name, 'appears more than once');
    values.set(name, value.trim());
  }
  const required = (name: Name) => {
    const value = values.get(name);
    if (value === undefined || value === '') throw refuse(name, 'is missing');
    return value;
  };
  const asGuid = (name: Name, value: string) => {
    const match = guid.exec(value);
    if (!match?.[1]) throw refuse(name, `is not a GUID (got ${shown(value)})`);
    return match[1].toLowerCase();
  };
  const asBoolean = (name: Name, value: string) => {
    if (/^true$/i.test(value)) return true;
    if (/^false$/i.test(value)) return false;
    throw refuse(name, `must be true or false (got ${shown(value)})`);
  };
  const optional = <T>(name: Name, read: (name: Name, value: string) => T): T | null => {
    const value = values.get(name);
    return value === undefined || value === '' ? null : read(name, value);
  };

  const personId = asGuid('TargetPersonGuid', required('TargetPersonGuid'));
  const policyId = asGuid('AccessRequestPolicyID', required('AccessRequestPolicyID'));
  const computerId = asGuid('TargetComputerGuid', required('TargetComputerGuid'));
  const advanced = asBoolean('IsAdvanceMode', required('IsAdvanceMode'));
  let credentialKind = optional('CredentialKind', (name, value): StartLink['credentialKind'] => {
    const kind = value.toLowerCase();
    if (kind !== 'shared' && kind !== 'personal' && kind !== 'jit')
      throw refuse(name, `must be shared, personal or jit (got ${shown(value)})`);
    return kind;
  });
  const useJit = optional('UseJit', asBoolean);
  if (useJit === true) {
    if (credentialKind !== null && credentialKind !== 'jit')
      throw refuse('UseJit', `contradicts CredentialKind=${credentialKind}`);
    credentialKind = 'jit';
  }
  const credentialId = optional('CredentialId', asGuid);
  if (credentialId !== null && credentialKind !== 'personal')
    throw refuse('CredentialId', 'is only for CredentialKind=personal');
  return {
    personId,
    policyId,
    computerId,
    advanced,
    credentialKind,
    credentialId,
    accessLevelId: optional('AccessLevelId', asGuid),
  };
}

/** The desktop app's link for a checked start link (`openpsm://start?…`), with the seed's parameter names. */
export function desktopStartLink(link: StartLink): string {
  const params: Array<[Name, string | null]> = [
    ['TargetPersonGuid', link.personId],
    ['AccessRequestPolicyID', link.policyId],
    ['TargetComputerGuid', link.computerId],
    ['IsAdvanceMode', String(link.advanced)],
    ['CredentialKind', link.credentialKind],
    ['CredentialId', link.credentialId],
    ['AccessLevelId', link.accessLevelId],
  ];
  const query = params.flatMap(([name, value]) => (value === null ? [] : [`${name}=${encodeURIComponent(value)}`]));
  return `openpsm://start?${query.join('&')}`;
}
