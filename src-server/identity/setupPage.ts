import crypto from 'node:crypto';
import type http from 'node:http';
import { setupSchema } from '@shared/common/api/controlPlane/persons';
import { errorMessage, OpenPsmError, type ErrorCode } from '@shared/common/errors';
import type { Logger } from '@shared/node/logger';
import { httpStatus } from '@shared/node/transport/errorStatus';
import type { PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import { readFields, sendError, sendHtml, sendJson } from '../httpIo';
import { checkNewPassword, passwordRulesOf, passwordRulesText } from './passwordRules';
import { hashPassword } from './passwords';
import { escapeHtml } from './provider';

/** What the one-time setup uses: the persons (to count and create administrators), the audit and the log. */
interface SetupDeps {
  persons: PersonRepository;
  state: ServerStateRepository;
  log: Logger;
}

/** The one-time setup: the first administrator, with the code printed at start. */
export class Setup {
  private code: string | null = null;

  constructor(private readonly deps: SetupDeps) {}

  /** A fresh code while no administrator exists; null once one does. */
  async prepare(): Promise<string | null> {
    if ((await this.deps.persons.countAdministrators()) > 0) return (this.code = null);
    const raw = crypto.randomBytes(6).toString('hex').toUpperCase();
    this.code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
    return this.code;
  }

  /** Creates the first administrator; throws a coded error when closed or the code is wrong. */
  async complete(input: unknown): Promise<{ ok: true } | SetupRefusal> {
    const parsed = setupSchema.safeParse(input);
    if (!parsed.success)
      return refusal(
        'BAD_REQUEST',
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    if (!this.code || (await this.deps.persons.countAdministrators()) > 0) return refusal('SETUP_CLOSED');
    const given = Buffer.from(parsed.data.code.toUpperCase());
    const expected = Buffer.from(this.code);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
      return refusal('SETUP_CODE_INVALID');
    const weak = await this.passwordRefusal(parsed.data.username, parsed.data.password);
    if (weak) return weak;
    const person = await this.deps.persons.create({
      username: parsed.data.username,
      displayName: parsed.data.displayName,
      passwordHash: await hashPassword(parsed.data.password),
      roles: ['administrator'],
    });
    this.code = null;
    await this.deps.state.audit(person.username, 'setup.first_administrator', person.id);
    this.deps.log.info('setup.completed', { username: person.username });
    return { ok: true };
  }

  /** The password rules in force, in words (the form's hint). */
  async passwordHint(): Promise<{ text: string; minLength: number }> {
    const rules = await passwordRulesOf(this.deps.state);
    return { text: passwordRulesText(rules), minLength: rules.minLength };
  }

  /** The refusal of a password that breaks the password rules, naming the rule; null when it passes. */
  private async passwordRefusal(username: string, password: string): Promise<SetupRefusal | null> {
    try {
      await checkNewPassword(this.deps.state, username, password);
      return null;
    } catch (error) {
      if (!(error instanceof OpenPsmError)) throw error;
      return { ...refusal('BAD_REQUEST', error.params.fields), message: error.message };
    }
  }
}

/** Why the first administrator was not created: a code and its message, with the status its answer carries (the one table's). */
export interface SetupRefusal {
  status: number;
  code: ErrorCode;
  message: string;
  fields?: Array<{ path: string; message: string }>;
}

const refusal = (code: ErrorCode, fields?: SetupRefusal['fields']): SetupRefusal => ({
  status: httpStatus(code),
  code,
  message: errorMessage(code),
  ...(fields ? { fields } : {}),
});

/** What the form shows again after a refusal: what was typed, never the password. */
type Typed = Partial<Record<'code' | 'username' | 'displayName', string>>;

function typedOf(input: unknown): Typed {
  const fields = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const kept = (['code', 'username', 'displayName'] as const).filter((k) => typeof fields[k] === 'string');
  return Object.fromEntries(kept.map((k) => [k, fields[k] as string]));
}

function setupForm(
  error: string | null,
  hint: { text: string; minLength: number },
  typed: Typed = {},
  badRepeat = false,
): string {
  const input = (name: keyof Typed, label: string) =>
    `<label for="${name}">${label}</label><input id="${name}" name="${name}" value="${escapeHtml(typed[name] ?? '')}" required>`;
  return (
    '<h1>Set up OpenPSM</h1><p>Create the first administrator. The setup code was printed by the server when it started.</p>' +
    (error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '') +
    '<form method="post" action="/setup" autocomplete="off">' +
    input('code', 'Setup code') +
    input('username', 'Username') +
    input('displayName', 'Full name') +
    '<label for="password">Password</label>' +
    `<input id="password" name="password" type="password" autocomplete="new-password" minlength="${hint.minLength}" aria-describedby="password-rules" required>` +
    `<small id="password-rules">The password rules: ${escapeHtml(hint.text)}.</small>` +
    '<label for="repeatPassword">Password again</label>' +
    `<input id="repeatPassword" name="repeatPassword" type="password" autocomplete="new-password" required${badRepeat ? ' aria-invalid="true"' : ''}>` +
    '<button type="submit">Create administrator</button></form>'
  );
}

/** The form asks for the password twice, as the app's setup does; JSON callers may send it twice too. */
function passwordsDiffer(fields: unknown, fromForm: boolean): boolean {
  const given = (fields && typeof fields === 'object' ? fields : {}) as Record<string, unknown>;
  if (!fromForm && given['repeatPassword'] === undefined) return false;
  return given['repeatPassword'] !== given['password'];
}

/** GET/POST /setup, as a page (forms) or JSON. */
export async function handleSetup(
  setup: Setup,
  persons: PersonRepository,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const wantsJson = (req.headers['content-type'] ?? '').startsWith('application/json');
  if (req.method === 'GET') {
    if ((await persons.countAdministrators()) > 0)
      return sendHtml(res, 200, 'OpenPSM is set up', '<h1>OpenPSM is set up</h1><p>Sign in from the OpenPSM app.</p>');
    return sendHtml(res, 200, 'Set up OpenPSM', setupForm(null, await setup.passwordHint()));
  }
  if (req.method !== 'POST')
    return sendError(res, new OpenPsmError('BAD_REQUEST', { message: 'This method is not allowed here.' }), {}, 405);
  const fields = await readFields(req);
  if (passwordsDiffer(fields, !wantsJson)) {
    const differ = new OpenPsmError('NEW_PASSWORDS_DIFFER', {
      path: 'repeatPassword',
      fields: [{ path: 'repeatPassword', message: 'differs from the password' }],
    });
    if (wantsJson) return sendError(res, differ);
    const hint = await setup.passwordHint();
    return sendHtml(
      res,
      httpStatus(differ.code),
      'Set up OpenPSM',
      setupForm(differ.message, hint, typedOf(fields), true),
    );
  }
  const result = await setup.complete(fields);
  if (wantsJson)
    return 'ok' in result
      ? sendJson(res, 201, result)
      : sendError(res, new OpenPsmError(result.code, { message: result.message, fields: result.fields }));
  if ('ok' in result)
    return sendHtml(
      res,
      201,
      'OpenPSM is set up',
      '<h1>Administrator created</h1><p role="status">You can now sign in from the OpenPSM app.</p>',
    );
  // A password rule's refusal is its own sentence; a schema's names each field.
  const named = result.fields?.filter((f) => f.message !== result.message) ?? [];
  const detail = named.length > 0 ? named.map((f) => `${f.path}: ${f.message}`).join('; ') : result.message;
  return sendHtml(res, result.status, 'Set up OpenPSM', setupForm(detail, await setup.passwordHint(), typedOf(fields)));
}
