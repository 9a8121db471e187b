import { errorMessage } from '@shared/common/errors';
import QRCode from 'qrcode';
import type { Logger } from '@shared/node/logger';
import type { MfaRepository } from '../db/mfa';
import type { ServerStateRepository } from '../db/serverState';
import { escapeHtml } from './provider';
import { newTotpSecret, otpauthUri, verifyTotp } from '../secrets/totp';
import { guardedAttempt, type GuardDeps } from '../limits/guardedAttempt';

/** One step either side of now: a phone clock up to 30 s off still works. */
const totpWindowSteps = 1;
const maxAttempts = 5;
export const mfaRequiredKey = 'mfaRequiredForSignIn';

interface Pending {
  personId: string;
  username: string;
  stage: 'verify' | 'enrol' | 'codes';
  secret: string | null;
  attempts: number;
  expires: number;
}

export type MfaOutcome =
  { page: { status: number; title: string; body: string; retryAfterSeconds?: number } } | { accountId: string };

const page = (title: string, body: string, status = 200) => ({ page: { status, title, body } });
const throttled = (outcome: MfaOutcome, retryAfterSeconds: number): MfaOutcome =>
  'page' in outcome ? { page: { ...outcome.page, status: 429, retryAfterSeconds } } : outcome;
const codeField = (label: string) =>
  `<label for="code">${label}</label><input id="code" name="code" autocomplete="one-time-code" required autofocus>`;

/**
 * The second step of a sign-in, between the password and the finished login: TOTP
 * verification, or enrolment (QR code, one valid code to finish, recovery codes shown once)
 * when the person opted in or the sign-in policy requires MFA.
 */
export class MfaFlow {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly deps: {
      mfa: MfaRepository;
      state: ServerStateRepository;
      log: Pick<Logger, 'info'>;
      limiter: GuardDeps['limiter'];
      ttlMs: number;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** After a right password: the next page, or the account when no second step is due. */
  async afterPassword(uid: string, person: { id: string; username: string }, optIn: boolean): Promise<MfaOutcome> {
    this.sweep();
    const base = { personId: person.id, username: person.username, attempts: 0, expires: this.now() + this.deps.ttlMs };
    if (await this.deps.mfa.isEnrolled(person.id)) {
      this.pending.set(uid, { ...base, stage: 'verify', secret: null });
      return this.verifyPage(uid, null);
    }
    const required = await this.deps.state.getSetting(mfaRequiredKey, false);
    if (!required && !optIn) return { accountId: person.id };
    const secret = newTotpSecret();
    this.pending.set(uid, { ...base, stage: 'enrol', secret });
    return this.enrolPage(uid, secret, person.username, required, null);
  }

  /**
   * A posted step: `totp` (verify), `enrol` (confirm the first code) or `done` (codes saved).
   * Verification is counted by the guessing limiter per account and `address`, across sign-ins.
   */
  async answer(uid: string, action: 'totp' | 'enrol' | 'done', code: string, address: string): Promise<MfaOutcome> {
    this.sweep();
    const pending = this.pending.get(uid);
    if (!pending)
      return page(
        'Sign-in expired',
        '<h1>This sign-in step has expired</h1><p>Close this tab and start the sign-in again from OpenPSM.</p>',
        400,
      );
    if (action === 'done' && pending.stage === 'codes') {
      this.pending.delete(uid);
      return { accountId: pending.personId };
    }
    if (action === 'totp' && pending.stage === 'verify') return this.verify(uid, pending, code, address);
    if (action === 'enrol' && pending.stage === 'enrol' && pending.secret) {
      const step = verifyTotp(pending.secret, code.trim(), {
        now: this.now(),
        window: totpWindowSteps,
        lastUsedStep: null,
      });
      if (step === null) {
        const required = await this.deps.state.getSetting(mfaRequiredKey, false);
        const secret = pending.secret;
        return this.refuse(uid, pending, 'wrong', () =>
          this.enrolPage(
            uid,
            secret,
            pending.username,
            required,
            'That code is not right. Scan the QR code again (or type the key), then enter the code the app shows now.',
          ),
        );
      }
      const codes = await this.deps.mfa.enrol(pending.personId, pending.secret, step);
      this.pending.set(uid, { ...pending, stage: 'codes', secret: null });
      await this.deps.state.audit(pending.username, 'mfa.enrolled', pending.personId);
      return page(
        'Save your recovery codes',
        '<h1>Save your recovery codes</h1><p>Two-step verification is on. If you lose your phone, each of these codes signs you in once. Keep them somewhere safe: <strong>they are shown only now</strong>.</p>' +
          `<ol data-testid="recovery-codes">${codes.map((c) => `<li><code>${c}</code></li>`).join('')}</ol>` +
          `<form method="post" action="/interaction/${escapeHtml(uid)}/done"><button type="submit">I saved them, continue</button></form>`,
      );
    }
    return page(
      'Sign-in step out of order',
      '<h1>This step does not fit the sign-in</h1><p>Close this tab and start the sign-in again from OpenPSM.</p>',
      400,
    );
  }

  /** The sign-in TOTP step under the limiter: a wait shows the code page again, 429, with when to try. */
  private async verify(uid: string, pending: Pending, code: string, address: string): Promise<MfaOutcome> {
    const guarded = await guardedAttempt(
      this.deps,
      { kind: 'mfa', account: pending.username, address },
      () => this.deps.mfa.verify(pending.personId, code, this.now(), totpWindowSteps),
      (r) => (r === 'ok' ? 'right' : 'wrong'),
    );
    if (guarded.refused)
      return throttled(
        this.verifyPage(
          uid,
          errorMessage('TOO_MANY_ATTEMPTS', { guessed: 'code', retryAfterSeconds: guarded.retryAfterSeconds }),
        ),
        guarded.retryAfterSeconds,
      );
    const { result, retryAfterSeconds: wait } = guarded;
    if (result === 'ok') {
      this.pending.delete(uid);
      await this.deps.state.audit(pending.username, 'mfa.verified', pending.personId);
      return { accountId: pending.personId };
    }
    const why =
      result === 'replayed'
        ? 'That code was already used. Wait for the next code (a new one appears every 30 seconds), or use another recovery code.'
        : 'That code is not right. Use the current code for OpenPSM from your authenticator app, or a recovery code.';
    const outcome = await this.refuse(
      uid,
      pending,
      result,
      () =>
        this.verifyPage(
          uid,
          wait === null
            ? why
            : `${why} ${errorMessage('TOO_MANY_ATTEMPTS', { guessed: 'code', retryAfterSeconds: wait })}`,
        ),
      wait,
    );
    return wait === null ? outcome : throttled(outcome, wait);
  }

  /** Counts a wrong code for this sign-in; past its tries the sign-in ends, saying when to try again if the limiter holds the next one back. */
  private async refuse(
    uid: string,
    pending: Pending,
    result: 'wrong' | 'replayed',
    again: () => MfaOutcome | Promise<MfaOutcome>,
    wait: number | null = null,
  ): Promise<MfaOutcome> {
    pending.attempts += 1;
    await this.deps.state.audit(
      pending.username,
      result === 'replayed' ? 'mfa.replay_refused' : 'mfa.refused',
      pending.personId,
    );
    this.deps.log.info('auth.mfa_refused', { username: pending.username, reason: result, attempt: pending.attempts });
    if (pending.attempts >= maxAttempts) {
      this.pending.delete(uid);
      const when =
        wait === null
          ? ''
          : ` ${escapeHtml(errorMessage('TOO_MANY_ATTEMPTS', { guessed: 'code', retryAfterSeconds: wait }))}`;
      return page(
        'Too many wrong codes',
        `<h1>Too many wrong codes</h1><p role="alert">Close this tab and start the sign-in again from OpenPSM.${when}</p>`,
        401,
      );
    }
    const next = await again();
    return 'page' in next ? { page: { ...next.page, status: 401 } } : next;
  }

  private verifyPage(uid: string, error: string | null): MfaOutcome {
    return page(
      'Two-step verification',
      '<h1>Two-step verification</h1>' +
        (error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '') +
        `<form method="post" action="/interaction/${escapeHtml(uid)}/totp" autocomplete="off">${codeField('Code from your authenticator app, or a recovery code')}<button type="submit">Verify</button></form>`,
    );
  }

  private async enrolPage(
    uid: string,
    secret: string,
    username: string,
    required: boolean,
    error: string | null,
  ): Promise<MfaOutcome> {
    const svg = await QRCode.toString(otpauthUri(secret, 'OpenPSM', username), { type: 'svg', margin: 1, width: 200 });
    return page(
      'Set up two-step verification',
      '<h1>Set up two-step verification</h1>' +
        (required ? '<p>This server requires a second step at sign-in.</p>' : '') +
        (error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '') +
        '<p>Scan this QR code with an authenticator app (for example FreeOTP, Aegis or Google Authenticator).</p>' +
        `<div aria-label="QR code for your authenticator app" role="img" data-testid="totp-qr">${svg}</div>` +
        `<p>Or type this key: <code data-testid="totp-secret">${secret}</code></p>` +
        `<form method="post" action="/interaction/${escapeHtml(uid)}/enrol" autocomplete="off">${codeField('The 6-digit code the app shows now')}<button type="submit">Turn on</button></form>`,
    );
  }

  private sweep(): void {
    const now = this.now();
    for (const [uid, pending] of this.pending) if (pending.expires < now) this.pending.delete(uid);
  }
}
