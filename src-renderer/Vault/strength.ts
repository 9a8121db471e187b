/** A rough strength of a master password, for the meter: 0 (very weak) to 4 (strong). */
export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
  /** What would make it stronger; empty when it is strong. */
  hint: string;
  /** Estimated guessing entropy in bits. */
  bits: number;
}

const common = [
  'password',
  'passw0rd',
  'qwerty',
  'letmein',
  'welcome',
  'admin',
  'openpsm',
  'iloveyou',
  'monkey',
  'dragon',
  'master',
  'secret',
  'abc123',
  '123456',
];
const labels = ['Very weak', 'Weak', 'Fair', 'Good', 'Strong'] as const;

/**
 * Estimates guessing entropy from length and character variety, then takes off for what
 * guessers try first: repeats, runs (abcd, 1234), keyboard rows and common words.
 */
export function passwordStrength(password: string): Strength {
  if (!password) return { score: 0, label: labels[0], hint: 'Type a master password.', bits: 0 };
  const lower = password.toLowerCase();
  let pool = 0;
  if (/[a-z]/.test(password)) pool += 26;
  if (/[A-Z]/.test(password)) pool += 26;
  if (/[0-9]/.test(password)) pool += 10;
  if (/[^A-Za-z0-9]/.test(password)) pool += 33;
  const unique = new Set(password).size;
  // Count only characters that add something: a repeat or a step of a run adds little.
  let effective = 0;
  for (let i = 0; i < password.length; i += 1) {
    const prev = password.charCodeAt(i - 1);
    const here = password.charCodeAt(i);
    effective += i > 0 && (here === prev || Math.abs(here - prev) === 1) ? 0.25 : 1;
  }
  let bits = effective * Math.log2(Math.max(pool, 2)) * Math.min(1, unique / Math.min(password.length, 8));
  for (const word of [...common, 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'])
    if (lower.includes(word)) bits -= word.length * 3;
  // A capitalised word with a number or year after it is the first thing guessers try.
  if (/^[A-Za-z][a-z]*[0-9]+[^A-Za-z0-9]?$/.test(password)) bits = Math.min(bits, 30);
  bits = Math.max(0, Math.round(bits));
  const score = (bits >= 80 ? 4 : bits >= 60 ? 3 : bits >= 40 ? 2 : bits >= 25 ? 1 : 0) as Strength['score'];
  const hint =
    score >= 4
      ? ''
      : password.length < 16
        ? 'Make it longer: four or five unrelated words work well.'
        : 'Avoid common words, repeats and runs like 1234 or abcd.';
  return { score, label: labels[score], hint, bits };
}
