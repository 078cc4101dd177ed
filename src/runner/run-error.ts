// What `MeTTa#run` throws when a program did not run in full, so nothing is
// lost silently: the results it did get, what stopped it, and what did not run.
import type { Atom } from '../atom/atom.js';
import { format } from '../syntax/printer.js';
import type { LimitKind } from './limits.js';

/** A top-level form of the source that was never run (or, for an atom, never added). */
export interface SkippedForm {
  /** The form as written, without its `!`. */
  readonly source: Atom;
  /** True for a `!` form. */
  readonly exec: boolean;
  readonly line: number;
}

/** Why a run did not run in full: a limit, a parse error, or a stop at an Error result with forms left. */
export type RunProblem = LimitKind | 'parse' | 'error';

/** The parts of a run report a MettaRunError carries (a RunReport has them all). */
export interface IncompleteRun {
  readonly forms: readonly { readonly results: Atom[] }[];
  readonly errors: readonly string[];
  readonly notRun: readonly SkippedForm[];
  readonly limit: { readonly kind: LimitKind; readonly source: Atom; readonly line: number } | null;
}

/**
 * Thrown by `run` and `runAsync` when a program did not run in full. `results`
 * holds one array per `!` form that ran (for a result limit, the capped form's
 * results up to the cap come last); `messages` says what went wrong, in order;
 * `notRun` lists the forms that never ran.
 */
export class MettaRunError extends Error {
  /** What stopped the run (a limit kind, or 'error' for an Error result with forms left), else 'parse'. */
  readonly kind: RunProblem;
  readonly results: Atom[][];
  readonly messages: readonly string[];
  readonly notRun: readonly SkippedForm[];
  /** The form a limit stopped (steps, time, size: it has no results; results: its results are capped). */
  readonly stoppedForm: Atom | null;

  constructor(kind: RunProblem, run: IncompleteRun) {
    const lines = [...run.errors];
    if (run.notRun.length > 0) {
      const first = run.notRun[0]!;
      lines.push(`${run.notRun.length} form(s) not run, from line ${first.line}: ${first.exec ? '!' : ''}${format(first.source)}`);
    }
    super(lines.join('\n'));
    this.name = 'MettaRunError';
    this.kind = kind;
    this.results = run.forms.map((f) => f.results);
    this.messages = lines;
    this.notRun = run.notRun;
    this.stoppedForm = run.limit?.source ?? null;
  }
}

/** Throws MettaRunError unless every form of the run was read and ran to completion. */
export function throwIfIncomplete(run: IncompleteRun): void {
  if (run.errors.length === 0 && run.notRun.length === 0) return;
  const kind: RunProblem = run.limit !== null ? run.limit.kind : run.notRun.length > 0 ? 'error' : 'parse';
  throw new MettaRunError(kind, run);
}
