import type { GuessLimits } from '@shared/common/api/controlPlane/backoffs';

/** Each limit: what it means, in the server's words, and the variable that sets it. */
const limitRows: Array<{ key: keyof GuessLimits; label: string; variable: string; unit?: string }> = [
  {
    key: 'attemptsBeforeThrottle',
    label: 'Wrong answers per account and address before a wait',
    variable: 'OPENPSM_ATTEMPTS_BEFORE_BACKOFF',
  },
  {
    key: 'accountAttemptsBeforeThrottle',
    label: 'Wrong answers per account from unknown addresses before a wait',
    variable: 'OPENPSM_ACCOUNT_ATTEMPTS_BEFORE_BACKOFF',
  },
  {
    key: 'firstWaitSeconds',
    label: 'First wait (doubles with each further wrong answer)',
    variable: 'OPENPSM_FIRST_BACKOFF_SECONDS',
    unit: 's',
  },
  { key: 'maxWaitSeconds', label: 'Longest wait', variable: 'OPENPSM_MAX_BACKOFF_SECONDS', unit: 's' },
  {
    key: 'attemptWindowSeconds',
    label: 'Wrong answers forgotten after',
    variable: 'OPENPSM_ATTEMPT_WINDOW_SECONDS',
    unit: 's',
  },
  {
    key: 'knownAddressDays',
    label: 'A known address stays exempt for',
    variable: 'OPENPSM_KNOWN_ADDRESS_DAYS',
    unit: 'days',
  },
  {
    key: 'authRequestsPerMinute',
    label: 'Sign-in requests per address per minute (0: off)',
    variable: 'OPENPSM_AUTH_REQUESTS_PER_MINUTE',
  },
  { key: 'authRequestBurst', label: 'Sign-in requests at once', variable: 'OPENPSM_AUTH_REQUEST_BURST' },
];

/** The guessing limits the server was started with: read-only here, set by its variables. */
export function LimitsList({ limits }: { limits: GuessLimits }) {
  return (
    <div className="card">
      <h3>Limits</h3>
      <p>Set by the server&apos;s configuration when it starts; shown here read-only.</p>
      <ul aria-label="Limits">
        {limitRows.map((row) => (
          <li key={row.key}>
            {row.label}: <strong>{`${limits[row.key]}${row.unit ? ` ${row.unit}` : ''}`}</strong>{' '}
            <code>{row.variable}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
