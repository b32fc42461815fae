// Timing figures for the benchmarks (npm run bench, bench:load): percentiles and summaries of repeated
// runs. Pure, apart from `timeRuns`, which only calls the function it is given and reads the clock.

/**
 * The p-th percentile (0..100) of the samples by linear interpolation between closest ranks (the
 * method of NumPy's default and of spreadsheet PERCENTILE.INC). NaN for no samples.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be between 0 and 100, not ${p}`);
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (rank - lower);
}

export interface Summary {
  runs: number;
  min: number;
  median: number;
  p95: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  const runs = samples.length;
  return {
    runs,
    min: runs ? Math.min(...samples) : Number.NaN,
    median: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: runs ? Math.max(...samples) : Number.NaN,
    mean: runs ? samples.reduce((a, b) => a + b, 0) / runs : Number.NaN,
  };
}

/** Rounds to `digits` decimals (for JSON figures); NaN stays NaN. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** a / b, rounded; null when there is no baseline to compare with. */
export function ratio(a: number, b: number, digits = 2): number | null {
  return b > 0 && Number.isFinite(a) ? round(a / b, digits) : null;
}

/** "12.3 ms" (or "1.23 s" from 10 s on, where milliseconds stop being readable). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
}

export type Verdict = "met" | "NOT met" | "no target";

/** Whether a figure meets a target: at most (`max`) or at least (`min`) the given value. */
export function verdict(value: number | null | undefined, target: { max?: number; min?: number } | undefined): Verdict {
  if (!target || value === null || value === undefined || !Number.isFinite(value)) return "no target";
  if (target.max !== undefined && value > target.max) return "NOT met";
  if (target.min !== undefined && value < target.min) return "NOT met";
  return "met";
}

/**
 * Runs `fn` `warmup` times unmeasured, then `runs` times measured (one after another, never
 * overlapping); answers the milliseconds of each measured run.
 */
export async function timeRuns(
  fn: () => Promise<unknown>,
  options: { runs: number; warmup: number; now?: () => number },
): Promise<number[]> {
  const now = options.now ?? (() => performance.now());
  for (let i = 0; i < options.warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const t = now();
    await fn();
    samples.push(now() - t);
  }
  return samples;
}
