import type http from 'node:http';
import { redeemOneTimeCodeSchema } from '@shared/common/api/controlPlane/persons';
import { OpenPsmError } from '@shared/common/errors';
import { httpStatus } from '@shared/node/transport/errorStatus';
import { readFields } from '../httpIo';
import { redeemOneTimeCode, type OneTimeCodeSignInDeps } from './oneTimeCodeSignIn';
import { passwordRulesOf, passwordRulesText } from './passwordRules';
import { escapeHtml } from './provider';

/** What the page shows again after a refusal: the username and code as typed, never a password. */
type Typed = Partial<Record<'username' | 'code', string>>;

/** A page to show, or the username whose password was just set (the login form follows). */
export type CodePageOutcome =
  { page: { status: number; body: string; retryAfterSeconds?: number | undefined } } | { passwordSet: string };

/** The "I have a one-time code" form of a login interaction, with a refusal's message and its bad fields marked. */
async function codeForm(
  deps: Pick<OneTimeCodeSignInDeps, 'state'>,
  uid: string,
  refusal: OpenPsmError | null,
  typed: Typed = {},
): Promise<string> {
  const rules = await passwordRulesOf(deps.state);
  const bad = new Set((refusal?.params.fields ?? []).map((f) => f.path));
  const named = (refusal?.params.fields ?? []).filter((f) => f.message !== refusal?.message);
  const input = (name: string, label: string, attrs: string) =>
    `<label for="${name}">${label}</label><input id="${name}" name="${name}" ${attrs}${bad.has(name) ? ' aria-invalid="true"' : ''} required>`;
  const text = (name: keyof Typed) => `value="${escapeHtml(typed[name] ?? '')}"`;
  return (
    '<h1>Set your password</h1><p>Type the one-time code an administrator gave you, and choose your password.</p>' +
    (refusal ? `<p class="error" role="alert">${escapeHtml(refusal.message)}</p>` : '') +
    (named.length > 0
      ? `<ul aria-label="Fields to fix">${named.map((f) => `<li>${escapeHtml(`${f.path}: ${f.message}`)}</li>`).join('')}</ul>`
      : '') +
    `<form method="post" action="/interaction/${escapeHtml(uid)}/code" autocomplete="off">` +
    input('username', 'Username', text('username')) +
    input('code', 'One-time code', `${text('code')} autocapitalize="characters"`) +
    input(
      'newPassword',
      'New password',
      `type="password" minlength="${rules.minLength}" aria-describedby="password-rules"`,
    ) +
    `<small id="password-rules">The password rules: ${escapeHtml(passwordRulesText(rules))}.</small>` +
    input('repeatPassword', 'Repeat the new password', 'type="password"') +
    '<button type="submit">Set password</button></form>' +
    `<p><a href="/interaction/${escapeHtml(uid)}">Back to sign-in</a></p>`
  );
}

/** GET shows the form; POST sets the password with the code (throttled like a password), or shows the form again saying why not. */
export async function handleCodePage(
  deps: OneTimeCodeSignInDeps,
  req: http.IncomingMessage,
  uid: string,
  address: string,
): Promise<CodePageOutcome> {
  if (req.method !== 'POST') return { page: { status: 200, body: await codeForm(deps, uid, null) } };
  const fields = (await readFields(req)) as Record<string, unknown>;
  const typed: Typed = {
    username: typeof fields['username'] === 'string' ? fields['username'].slice(0, 64) : '',
    code: typeof fields['code'] === 'string' ? fields['code'].slice(0, 64) : '',
  };
  try {
    const parsed = redeemOneTimeCodeSchema.safeParse(fields);
    if (!parsed.success)
      throw new OpenPsmError('BAD_REQUEST', {
        fields: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    await redeemOneTimeCode(deps, parsed.data, address);
    return { passwordSet: parsed.data.username };
  } catch (error) {
    if (!(error instanceof OpenPsmError)) throw error;
    const body = await codeForm(deps, uid, error, typed);
    return { page: { status: httpStatus(error.code), body, retryAfterSeconds: error.params.retryAfterSeconds } };
  }
}
