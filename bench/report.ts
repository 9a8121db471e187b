/** How a figure is shown: three significant digits, whole numbers from 100 up. */
function shown(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

function checkedName(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Bench names are snake_case: ${name}`);
  return name;
}

/**
 * Prints a figure that is one value by nature (a ratio of two configured constants, a
 * percentile over all probes of one run): `BENCH <name> <value> <unit>`. Anything
 * measured more than once goes through reportSamples instead.
 */
export function reportBench(name: string, value: number, unit: string): void {
  process.stdout.write(`BENCH ${checkedName(name)} ${shown(value)} ${unit}\n`);
}

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Prints a figure measured in repeats: `BENCH <name> <median> <unit> min <min> max <max>`.
 * Throws with fewer than 3 samples: a figure is the median of at least 3 repeats.
 */
export function reportSamples(name: string, samples: number[], unit: string): void {
  checkedName(name);
  if (samples.length < 3) throw new Error(`${name}: ${samples.length} samples; every figure needs at least 3`);
  if (samples.some((s) => !Number.isFinite(s))) throw new Error(`${name}: a sample is not a number: ${samples}`);
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  process.stdout.write(`BENCH ${name} ${shown(median(samples))} ${unit} min ${shown(min)} max ${shown(max)}\n`);
}

/** The p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
