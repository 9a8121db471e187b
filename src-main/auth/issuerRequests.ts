import * as oidc from 'openid-client';
import { desktopClientId } from '@shared/common/api/controlPlane/basics';
import { meSchema, personsApi, type Me } from '@shared/common/api/controlPlane/persons';
import { OpenPsmError } from '@shared/common/errors';

/** Fetches the control plane's OIDC configuration for the desktop client (plain HTTP allowed, as on loopback). */
export async function discoverIssuer(issuer: string): Promise<oidc.Configuration> {
  const url = new URL(issuer);
  const loopbackHttp = url.protocol === 'http:';
  try {
    return await oidc.discovery(
      url,
      desktopClientId,
      undefined,
      oidc.None(),
      loopbackHttp ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
    );
  } catch (error) {
    throw new OpenPsmError('SERVER_UNREACHABLE', {
      message: `${new OpenPsmError('SERVER_UNREACHABLE').message} (${(error as Error).message})`,
    });
  }
}

/** Who an access token belongs to, as the control plane says; TOKEN_INVALID when it refuses the token. */
export async function whoAmI(issuer: string, token: string): Promise<Me> {
  const res = await fetch(new URL(personsApi.me.path, issuer), {
    headers: { authorization: `Bearer ${token}` },
    redirect: 'error',
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status === 401) throw new OpenPsmError('TOKEN_INVALID');
  if (!res.ok)
    throw new OpenPsmError('SIGN_IN_FAILED', {
      message: `${new OpenPsmError('SIGN_IN_FAILED').message} The server answered HTTP ${res.status}.`,
    });
  return meSchema.parse(await res.json());
}
