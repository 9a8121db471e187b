/**
 * A redacting, levelled logger: one JSON line per event. Secrets never reach the sink,
 * at any level (architecture rule 12): fields whose names look secret are replaced, and
 * registered secret values are cut out of every string.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogFields = Record<string, unknown>;

export interface Logger {
  error(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  debug(event: string, fields?: LogFields): void;
  /** Registers a value (a launch secret, a password) that must never appear in the log. */
  addSecret(value: string): void;
  setLevel(level: LogLevel): void;
}

const rank: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };
const secretName = /pass(word)?|secret|token|key|authorization|cookie|credential|ticket/i;
const redacted = '[redacted]';

export function createLogger(options: {
  name: string;
  level?: LogLevel;
  sink?: (line: string) => void;
  now?: () => Date;
}): Logger {
  let level: LogLevel = options.level ?? 'info';
  const secrets = new Set<string>();
  const sink = options.sink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  const scrubString = (text: string): string => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join(redacted);
    return out;
  };
  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return scrubString(value);
    if (value instanceof Error) return { name: value.name, message: scrubString(value.message) };
    if (depth > 4 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, secretName.test(k) ? redacted : scrub(v, depth + 1)]),
    );
  };
  const write = (at: LogLevel, event: string, fields?: LogFields) => {
    if (rank[at] > rank[level]) return;
    const record = {
      time: now().toISOString(),
      level: at,
      logger: options.name,
      event: scrubString(event),
      ...(scrub(fields ?? {}, 0) as LogFields),
    };
    sink(JSON.stringify(record));
  };
  return {
    error: (e, f) => write('error', e, f),
    warn: (e, f) => write('warn', e, f),
    info: (e, f) => write('info', e, f),
    debug: (e, f) => write('debug', e, f),
    addSecret: (value) => {
      if (value.length >= 4) secrets.add(value);
    },
    setLevel: (next) => {
      level = next;
    },
  };
}
