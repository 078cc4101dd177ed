// Messages between the suite and the worker thread that runs one program on
// one engine. A worker is used so that a run past its cap can be stopped
// (worker.terminate) even inside a long grounded operation such as a match.
import type { Tier } from './engines.js';

export type Job =
  | {
      readonly kind: 'case';
      readonly id: string;
      readonly engine: Tier;
      readonly size: number;
      /** Time to spend sampling after the first (probe) run. */
      readonly budgetMs: number;
      readonly quick: boolean;
    }
  | {
      /**
       * A typed program case against its untyped twin on the VM: after one run of each, both run
       * alternately in this one worker, up to `runs` times each within `budgetMs`, each as the
       * case's own job runs it (a fresh runner where tabling applies), and both medians are reported.
       */
      readonly kind: 'case-pair';
      readonly typedId: string;
      readonly untypedId: string;
      readonly size: number;
      readonly runs: number;
      readonly budgetMs: number;
    }
  | {
      readonly kind: 'shared';
      /** Absolute path of the .metta file. */
      readonly file: string;
      readonly engine: Tier;
      /** Run its typed copy (bench/typed-shared.ts) instead. */
      readonly typed?: boolean;
      /**
       * With `typed`: after the first run, runs the untyped and the typed copy alternately, each
       * in a fresh runner, up to this many times each (short programs only), and reports both medians.
       */
      readonly paired?: number;
    };

/** A paired typed job repeats its runs only when the first took under this, and for at most this long (worker.ts). */
export const REPEAT_BELOW_MS = 3000;
export const REPEAT_BUDGET_MS = 20000;

export type Report =
  /** Definitions are loaded; the cap on the probe run starts now. */
  | { readonly type: 'ready' }
  /** The first timed run finished and its result is correct. */
  | { readonly type: 'probe'; readonly ms: number; readonly fallbacks: number; readonly heapBytes?: number; readonly counters?: Counters }
  | {
      readonly type: 'done';
      readonly medianNs: number;
      readonly samples: number;
      /** A digest of every result, for comparing engines where no answer is known. */
      readonly digest: string;
      /** A shared program's results, one entry per `!` form (for checking peers' answers). */
      readonly answers?: readonly FormAnswer[];
      /** With `paired`: the untyped copy's median and its counters. */
      readonly paired?: { readonly medianNs: number; readonly samples: number; readonly fallbacks: number; readonly counters: Counters };
    }
  | { readonly type: 'failed'; readonly message: string };

/** The VM's tabling and JS-tier counts in the probe run (typed and untyped copies should agree). */
export interface Counters {
  readonly tableHits: number;
  readonly jitCalls: number;
}

/** One `!` form's results as this runtime prints them. */
export interface FormAnswer {
  readonly results: readonly string[];
}
