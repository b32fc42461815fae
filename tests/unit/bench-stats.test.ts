import { describe, expect, it } from "vitest";
import { formatMs, percentile, ratio, round, summarize, timeRuns, verdict } from "../../bench/lib/stats";

describe("percentile", () => {
  it("interpolates between closest ranks (as NumPy and PERCENTILE.INC do)", () => {
    const xs = [15, 20, 35, 40, 50];
    expect(percentile(xs, 0)).toBe(15);
    expect(percentile(xs, 50)).toBe(35);
    expect(percentile(xs, 100)).toBe(50);
    expect(percentile(xs, 40)).toBeCloseTo(29, 10);
    expect(percentile(xs, 95)).toBeCloseTo(48, 10);
  });
  it("does not care about the order of the samples and leaves them as they were", () => {
    const xs = [5, 1, 4, 2, 3];
    expect(percentile(xs, 50)).toBe(3);
    expect(xs).toEqual([5, 1, 4, 2, 3]);
  });
  it("one sample is every percentile; none is NaN; p must be 0..100", () => {
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
  it("p95 of 1..100 is 95.05 and the median 50.5", () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 95)).toBeCloseTo(95.05, 10);
    expect(percentile(xs, 50)).toBe(50.5);
  });
});

describe("summarize", () => {
  it("gives runs, min, median, p95, max and mean", () => {
    const s = summarize([4, 1, 3, 2]);
    expect(s).toMatchObject({ runs: 4, min: 1, median: 2.5, max: 4, mean: 2.5 });
    expect(s.p95).toBeCloseTo(3.85, 10);
  });
  it("of nothing: zero runs and NaN figures", () => {
    const s = summarize([]);
    expect(s.runs).toBe(0);
    expect(s.median).toBeNaN();
    expect(s.max).toBeNaN();
  });
});

describe("figures", () => {
  it("round, ratio (null without a baseline), formatMs", () => {
    expect(round(12.345, 1)).toBe(12.3);
    expect(round(12.35, 0)).toBe(12);
    expect(ratio(3, 1.5)).toBe(2);
    expect(ratio(3, 0)).toBeNull();
    expect(formatMs(3.14159)).toBe("3.14 ms");
    expect(formatMs(123.456)).toBe("123.5 ms");
    expect(formatMs(12_345)).toBe("12.35 s");
    expect(formatMs(Number.NaN)).toBe("n/a");
  });
  it("verdict against at-most and at-least targets", () => {
    expect(verdict(150, { max: 150 })).toBe("met");
    expect(verdict(150.1, { max: 150 })).toBe("NOT met");
    expect(verdict(10_000, { min: 10_000 })).toBe("met");
    expect(verdict(9_999, { min: 10_000 })).toBe("NOT met");
    expect(verdict(null, { max: 1 })).toBe("no target");
    expect(verdict(5, undefined)).toBe("no target");
  });
});

describe("timeRuns", () => {
  it("runs the warm-up unmeasured, then measures each run one after another", async () => {
    let clock = 0;
    let calls = 0;
    let running = 0;
    const samples = await timeRuns(
      async () => {
        expect(running).toBe(0);
        running++;
        calls++;
        clock += calls; // run k takes k ms
        await Promise.resolve();
        running--;
      },
      { runs: 3, warmup: 2, now: () => clock },
    );
    expect(calls).toBe(5);
    expect(samples).toEqual([3, 4, 5]);
  });
});
