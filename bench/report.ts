/** Prints one benchmark figure in the house format: `BENCH <name> <value> <unit>`. */
export function reportBench(name: string, value: number, unit: string): void {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Bench names are snake_case: ${name}`);
  const shown = Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
  process.stdout.write(`BENCH ${name} ${shown} ${unit}\n`);
}

/** The p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
