import type { Kysely } from 'kysely';
import type { JitProvisionerInput } from '@shared/common/api/controlPlane/computers';
import type { ServerKey } from '../secrets/serverKey';
import type { Database } from './schema';

const purpose = 'jit-provisioner';

/** How the server reaches a computer to create JIT accounts: its provisioning account (secret sealed with the server key). */
export type ProvisionerConfig = JitProvisionerInput;

/** Whether a JIT account on the computer is not removed yet (it needs the provisioning account to be removed). */
export async function hasOpenJitAccount(db: Kysely<Database>, computerId: string): Promise<boolean> {
  const open = await db
    .selectFrom('jit_accounts')
    .select('username')
    .where('computer_id', '=', computerId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return open !== undefined;
}

/** JIT provisioning accounts per computer, and every JIT account from before its creation to its removal. */
export class JitRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly key: ServerKey,
  ) {}

  async setProvisioner(computerId: string, input: ProvisionerConfig): Promise<void> {
    const values = {
      port: input.port,
      username: input.username,
      secret_sealed: this.key.seal(`${purpose}:${computerId}`, input.secret),
      secret_kind: input.secretKind,
      host_key_sha256: input.hostKeySha256,
    };
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('jit_provisioners').where('computer_id', '=', computerId).execute();
      await tx
        .insertInto('jit_provisioners')
        .values({ computer_id: computerId, ...values })
        .execute();
    });
  }

  async hasProvisioner(computerId: string): Promise<boolean> {
    return (
      (await this.db
        .selectFrom('jit_provisioners')
        .select('computer_id')
        .where('computer_id', '=', computerId)
        .executeTakeFirst()) !== undefined
    );
  }

  /** The provisioning account with its secret, for the provisioner only (never for an API response). */
  async provisioner(computerId: string): Promise<ProvisionerConfig | null> {
    const row = await this.db
      .selectFrom('jit_provisioners')
      .selectAll()
      .where('computer_id', '=', computerId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      port: row.port,
      username: row.username,
      secret: this.key.open(`${purpose}:${computerId}`, row.secret_sealed),
      secretKind: row.secret_kind === 'private-key' ? 'private-key' : 'password',
      hostKeySha256: row.host_key_sha256,
    };
  }

  /** Written before the account is created, so a crash in between still leaves it to be removed. */
  async planned(username: string, computerId: string, sessionId: string): Promise<void> {
    await this.db
      .insertInto('jit_accounts')
      .values({
        username,
        computer_id: computerId,
        session_id: sessionId,
        created_at: new Date().toISOString(),
        removed_at: null,
        last_error: null,
      })
      .execute();
  }

  async removed(username: string): Promise<void> {
    const account = await this.db
      .selectFrom('jit_accounts')
      .select('computer_id')
      .where('username', '=', username)
      .executeTakeFirst();
    await this.db
      .updateTable('jit_accounts')
      .set({ removed_at: new Date().toISOString(), last_error: null })
      .where('username', '=', username)
      .execute();
    if (account) await this.forgetDeletedProvisioner(account.computer_id);
  }

  /**
   * A deleted computer keeps its provisioning account while JIT accounts are still on it (they
   * need it to be removed); once the last one is gone, the provisioning account goes too.
   */
  private async forgetDeletedProvisioner(computerId: string): Promise<void> {
    const deleted = await this.db
      .selectFrom('computers')
      .select('id')
      .where('id', '=', computerId)
      .where('deleted_at', 'is not', null)
      .executeTakeFirst();
    if (!deleted || (await hasOpenJitAccount(this.db, computerId))) return;
    await this.db.deleteFrom('jit_provisioners').where('computer_id', '=', computerId).execute();
  }

  async failed(username: string, error: string): Promise<void> {
    await this.db
      .updateTable('jit_accounts')
      .set({ last_error: error.slice(0, 1000) })
      .where('username', '=', username)
      .execute();
  }

  /** Accounts not yet removed (a failed removal, or a server stopped mid-session). */
  async leftovers(): Promise<Array<{ username: string; computerId: string; lastError: string | null }>> {
    const rows = await this.db
      .selectFrom('jit_accounts')
      .select(['username', 'computer_id', 'last_error'])
      .where('removed_at', 'is', null)
      .execute();
    return rows.map((r) => ({ username: r.username, computerId: r.computer_id, lastError: r.last_error }));
  }
}
