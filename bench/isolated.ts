// Runs one job in a worker thread under a wall-clock cap. The engines' own
// deadline is only checked between evaluation steps, and one grounded
// operation (a big match) can run for minutes; terminating the worker is the
// only cap that always holds.
import { Worker } from 'node:worker_threads';
import { REPEAT_BELOW_MS, REPEAT_BUDGET_MS, type Counters, type FormAnswer, type Job, type Report } from './protocol.js';

export type Outcome =
  | {
      readonly status: 'ok';
      readonly medianNs: number;
      readonly samples: number;
      readonly fallbacks: number;
      readonly digest: string;
      readonly note: string;
      readonly heapBytes: number | null;
      /** A shared program's tabling and JS-tier counts (absent for program cases). */
      readonly counters?: Counters;
      /** A shared program's per-form results (absent for program cases). */
      readonly answers?: readonly FormAnswer[];
      /** A paired typed job's untyped figures (protocol.ts). */
      readonly paired?: { readonly medianNs: number; readonly samples: number; readonly fallbacks: number; readonly counters: Counters };
    }
  | { readonly status: 'capped'; readonly note: string }
  | { readonly status: 'failed'; readonly note: string };

/** Loading definitions (e.g. parsing 40,000 facts) before the probe run starts. */
const SETUP_MS = 60_000;

export function runJob(job: Job, capMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: job });
    let settled = false;
    let probe: { ms: number; fallbacks: number; heapBytes: number | null; counters?: Counters } | null = null;
    const finish = (o: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(o);
    };
    const capNote = `n/a (>${(capMs / 1000).toFixed(0)}s)`;
    let timer = setTimeout(() => finish({ status: 'capped', note: `${capNote}, still loading` }), SETUP_MS + capMs);
    const rearm = (ms: number, onTimeout: () => Outcome): void => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(onTimeout()), ms);
    };
    worker.on('message', (r: Report) => {
      switch (r.type) {
        case 'ready':
          rearm(capMs, () => ({ status: 'capped', note: capNote }));
          break;
        case 'probe': {
          probe = { ms: r.ms, fallbacks: r.fallbacks, heapBytes: r.heapBytes ?? null, ...(r.counters === undefined ? {} : { counters: r.counters }) };
          const p = probe;
          // A case samples for its budget; a paired typed job repeats its runs for up to REPEAT_BUDGET_MS.
          const budget = job.kind !== 'shared' ? job.budgetMs : job.paired !== undefined && p.ms < REPEAT_BELOW_MS ? REPEAT_BUDGET_MS : 0;
          // Sampling that overruns badly (a slow machine) keeps the probe as the one sample.
          rearm(budget * 2 + p.ms * 6 + 10_000, () => ({
            status: 'ok', medianNs: p.ms * 1e6, samples: 1, fallbacks: p.fallbacks, digest: '', note: 'sampling cut short',
            heapBytes: p.heapBytes,
          }));
          break;
        }
        case 'done':
          finish({
            status: 'ok', medianNs: r.medianNs, samples: r.samples, fallbacks: probe?.fallbacks ?? 0, digest: r.digest, note: '',
            heapBytes: probe?.heapBytes ?? null, ...(r.answers === undefined ? {} : { answers: r.answers }),
            ...(probe?.counters === undefined ? {} : { counters: probe.counters }),
            ...(r.paired === undefined ? {} : { paired: r.paired }),
          });
          break;
        case 'failed':
          finish({ status: 'failed', note: r.message });
          break;
      }
    });
    worker.on('error', (e) => finish({ status: 'failed', note: `worker crashed: ${e.message}` }));
    worker.on('exit', (code) => finish({ status: 'failed', note: `worker exited (code ${code}) without a result` }));
  });
}
