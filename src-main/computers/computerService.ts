import crypto from 'node:crypto';
import type { ComputerInput } from '@shared/common/api/computers';
import type { Computer } from '@shared/common/api/settings';
import { OpenPsmError } from '@shared/common/errors';
import type { SecretStore } from '../secrets/secretStore';
import type { SettingsService } from '../settings/settingsService';

/** The computers defined on this device for direct mode. Their passwords live only in the secret store. */
export class ComputerService {
  constructor(
    private readonly settings: Pick<SettingsService, 'get' | 'setComputers'>,
    private readonly secrets: SecretStore,
  ) {}

  list(): Computer[] {
    // hasPassword reflects the store: a memory-kept password is gone after a restart.
    return this.settings
      .get()
      .direct.computers.map((c) => ({ ...c, hasPassword: this.secrets.get(account(c.id)) !== null }));
  }

  save(input: ComputerInput): Computer {
    const computers = this.settings.get().direct.computers;
    const existing = input.id ? computers.find((c) => c.id === input.id) : undefined;
    if (input.id && !existing) throw new OpenPsmError('COMPUTER_NOT_FOUND');
    const id = existing?.id ?? crypto.randomUUID();
    if (input.password === null) this.secrets.delete(account(id));
    else if (input.password !== undefined && input.password !== '') this.secrets.set(account(id), input.password);
    const { password: _password, ...fields } = input;
    const computer: Computer = { ...fields, id, hasPassword: this.secrets.get(account(id)) !== null };
    this.settings.setComputers(
      existing ? computers.map((c) => (c.id === id ? computer : c)) : [...computers, computer],
    );
    return computer;
  }

  remove(id: string): { removed: true } {
    const computers = this.settings.get().direct.computers;
    if (!computers.some((c) => c.id === id)) throw new OpenPsmError('COMPUTER_NOT_FOUND');
    this.secrets.delete(account(id));
    this.settings.setComputers(computers.filter((c) => c.id !== id));
    return { removed: true };
  }

  /** The computer and its kept password, for main's own use (never returned by the API). */
  withSecret(id: string): { computer: Computer; password: string | null } {
    const computer = this.list().find((c) => c.id === id);
    if (!computer) throw new OpenPsmError('COMPUTER_NOT_FOUND');
    return { computer, password: this.secrets.get(account(id)) };
  }
}

function account(id: string): string {
  return `computer:${id}`;
}
