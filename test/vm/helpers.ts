// Shared helpers for the VM tests: run a program on both engines and compare.
import { MeTTa } from '../../src/runner/metta.js';
import { format } from '../../src/syntax/printer.js';
import { StepLimitExceeded } from '../../src/interp/machine.js';
import type { EngineStats } from '../../src/runner/engine.js';

export interface EngineRun {
  /** Per `!` form, its results printed (fresh variable ids normalised), or a thrown error's name. */
  readonly forms: string[][] | string;
  readonly stats: EngineStats;
  readonly formCount: number;
}

const normalise = (s: string): string => s.replace(/#\d+/g, '#');

/** `jit: false` runs the VM without its JavaScript tier (src/vm/jit). */
export function runOn(engine: 'tree' | 'vm', src: string, maxSteps?: number, jit = true): EngineRun {
  const m = new MeTTa({ engine, print: () => {}, jit, ...(maxSteps !== undefined ? { maxSteps } : {}) });
  try {
    const r = m.runReport(src, '<test>', { stopOnError: false });
    const forms = r.errors.length > 0 ? r.errors.map((e) => (e.includes('step limit') ? 'StepLimit' : e)).join(';')
      : r.forms.map((f) => f.results.map((a) => normalise(format(a))));
    return { forms, stats: m.stats, formCount: r.forms.length };
  } catch (e) {
    return { forms: e instanceof StepLimitExceeded ? 'StepLimit' : `throw ${(e as Error).message}`, stats: m.stats, formCount: 0 };
  }
}

/** Results as multisets: each form's results sorted. */
export function asMultisets(forms: string[][] | string): string {
  return typeof forms === 'string' ? forms : JSON.stringify(forms.map((f) => [...f].sort()));
}

/** Runs on the VM only and returns each form's results, printed. */
export function vmResults(src: string): { forms: string[][]; stats: EngineStats } {
  const m = new MeTTa({ engine: 'vm', print: () => {} });
  const forms = m.run(src).map((f) => f.map(format));
  return { forms, stats: m.stats };
}
