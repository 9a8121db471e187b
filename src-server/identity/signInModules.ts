import { oidcFederationConfigSchema, type OidcFederationConfig } from '@shared/common/api/controlPlane/federation';
import { ldapConfigSchema, type LdapConfig } from '@shared/common/api/controlPlane/ldap';
import type { ServerStateRepository } from '../db/serverState';
import type { ServerKey } from '../secrets/serverKey';

const ldapKey = 'signIn.ldap';
const sealPurpose = 'ldap-bind-password';
const federationKey = 'signIn.oidc';
const federationPurpose = 'oidc-federation-client-secret';

interface StoredLdap {
  config: LdapConfig;
  bindPasswordSealed: string | null;
}

/** The sign-in modules an administrator configured (seed 004), with their secrets sealed. */
export class SignInModules {
  constructor(
    private readonly state: ServerStateRepository,
    private readonly key: ServerKey,
  ) {}

  /** The LDAP module when it is configured and enabled, with its service password. */
  async ldap(): Promise<{ config: LdapConfig; bindPassword: string | null } | null> {
    const stored = await this.storedLdap();
    if (!stored?.config.enabled) return null;
    return {
      config: stored.config,
      bindPassword: stored.bindPasswordSealed ? this.key.open(sealPurpose, stored.bindPasswordSealed) : null,
    };
  }

  async setLdap(config: LdapConfig, bindPassword: string | null): Promise<void> {
    const previous = await this.storedLdap();
    const bindPasswordSealed =
      bindPassword !== null ? this.key.seal(sealPurpose, bindPassword) : (previous?.bindPasswordSealed ?? null);
    await this.state.setSetting(ldapKey, { config, bindPasswordSealed } satisfies StoredLdap);
  }

  /** The stored service password, enabled or not: for a Test that keeps it (never shown). */
  async storedBindPassword(): Promise<string | null> {
    const sealed = (await this.storedLdap())?.bindPasswordSealed;
    return sealed ? this.key.open(sealPurpose, sealed) : null;
  }

  /** What an administrator may read back: never the password. */
  async viewLdap(): Promise<{ config: LdapConfig | null; hasBindPassword: boolean; warning: string | null }> {
    const stored = await this.storedLdap();
    return {
      config: stored?.config ?? null,
      hasBindPassword: Boolean(stored?.bindPasswordSealed),
      warning: plainWarning(stored?.config),
    };
  }

  /** The federation module when configured and enabled, with its client secret. */
  async federation(): Promise<{ config: OidcFederationConfig; clientSecret: string | null } | null> {
    const stored = await this.storedFederation();
    if (!stored?.config.enabled) return null;
    return {
      config: stored.config,
      clientSecret: stored.clientSecretSealed ? this.key.open(federationPurpose, stored.clientSecretSealed) : null,
    };
  }

  async setFederation(config: OidcFederationConfig, clientSecret: string | null): Promise<void> {
    const previous = await this.storedFederation();
    const clientSecretSealed =
      clientSecret !== null ? this.key.seal(federationPurpose, clientSecret) : (previous?.clientSecretSealed ?? null);
    await this.state.setSetting(federationKey, { config, clientSecretSealed });
  }

  async viewFederation(): Promise<{ config: OidcFederationConfig | null; hasClientSecret: boolean }> {
    const stored = await this.storedFederation();
    return { config: stored?.config ?? null, hasClientSecret: Boolean(stored?.clientSecretSealed) };
  }

  private async storedFederation(): Promise<{
    config: OidcFederationConfig;
    clientSecretSealed: string | null;
  } | null> {
    const raw = await this.state.getSetting<unknown>(federationKey, null);
    if (!raw || typeof raw !== 'object') return null;
    const parsed = oidcFederationConfigSchema.safeParse((raw as { config?: unknown }).config);
    return parsed.success
      ? {
          config: parsed.data,
          clientSecretSealed: (raw as { clientSecretSealed?: string | null }).clientSecretSealed ?? null,
        }
      : null;
  }

  private async storedLdap(): Promise<StoredLdap | null> {
    const raw = await this.state.getSetting<unknown>(ldapKey, null);
    if (!raw || typeof raw !== 'object') return null;
    const parsed = ldapConfigSchema.safeParse((raw as { config?: unknown }).config);
    return parsed.success
      ? {
          config: parsed.data,
          bindPasswordSealed: (raw as { bindPasswordSealed?: string | null }).bindPasswordSealed ?? null,
        }
      : null;
  }
}

/** Plain LDAP is allowed on loopback only, and always says so. */
export function plainWarning(config: LdapConfig | null | undefined): string | null {
  return config?.security === 'plain'
    ? 'The directory connection is not encrypted (plain LDAP). That is allowed only because the directory is on this machine (loopback).'
    : null;
}
