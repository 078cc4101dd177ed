// The one place timings are taken: tinybench runs a function after a warm-up
// and we keep the median of its samples (robust to GC pauses and to the
// other processes on this shared 2-core machine).
import { Bench } from 'tinybench';

export interface Timing {
  readonly medianNs: number;
  readonly samples: number;
}

export interface MeasureOptions {
  /** Sampling keeps going until this much time has passed... */
  readonly timeMs: number;
  /** ...and at least this many samples were taken. */
  readonly minSamples: number;
  /** Warm-up time before sampling; 0 skips warm-up (the caller already ran the function). */
  readonly warmupMs: number;
}

/** Times `fn` (synchronous); an exception from it (a failed result check) propagates. */
export function measure(name: string, fn: () => void, o: MeasureOptions): Timing {
  const bench = new Bench({
    time: o.timeMs,
    iterations: o.minSamples,
    warmup: o.warmupMs > 0,
    warmupTime: o.warmupMs,
    // tinybench's default of 16 warm-up calls would cost minutes on a slow case.
    warmupIterations: o.warmupMs > 0 ? 4 : 0,
    timestampProvider: 'hrtimeNow',
    throws: true,
  });
  bench.add(name, fn);
  bench.runSync();
  const task = bench.tasks[0];
  const r = task?.result;
  if (r === undefined || (r.state !== 'completed' && r.state !== 'aborted-with-statistics')) {
    throw new Error(`benchmark ${name} did not complete (${r?.state ?? 'no task'})`);
  }
  return { medianNs: r.latency.p50 * 1e6, samples: r.latency.samplesCount };
}

/** One call of `fn`, timed: its value and the milliseconds it took. */
export function timed<T>(fn: () => T): { readonly ms: number; readonly value: T } {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}
