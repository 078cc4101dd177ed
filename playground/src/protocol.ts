// Messages between the playground page and its evaluation worker. Plain data
// only: they cross postMessage.
import type { EngineName } from '../../src/index.js';

/** Page → worker: run a whole program in a fresh runner. */
export interface RunRequest {
  readonly kind: 'run';
  readonly id: number;
  readonly source: string;
  readonly engine: EngineName;
}

/** One line of the output pane. */
export type OutputLine =
  /** println! output. */
  | { readonly kind: 'print'; readonly text: string }
  /** The results of the `!` form on `line`, as `[a, b]`; `error` when one of them is an Error atom. */
  | { readonly kind: 'result'; readonly text: string; readonly line: number; readonly error: boolean }
  /** trace!, parse errors, limits, internal errors. */
  | { readonly kind: 'error'; readonly text: string };

/** Worker → page. Output comes in batches so a chatty program cannot flood the page. */
export type WorkerMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'output'; readonly id: number; readonly lines: readonly OutputLine[] }
  | { readonly kind: 'done'; readonly id: number; readonly ms: number; readonly forms: number; readonly stopped: boolean };
