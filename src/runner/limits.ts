import type { Atom } from '../atom/atom.js';
import type { EngineOptions } from './engine.js';

// Resource limits shared by both engines: a run that exceeds one stops with
// this error, and the runner reports it without losing earlier results.
export type LimitKind = 'steps' | 'time' | 'results' | 'size' | 'memory';

export class LimitExceeded extends Error {
  readonly kind: LimitKind;
  /** For a result limit: the results kept, up to the cap (the runner reports them as the form's results). */
  readonly partial: readonly Atom[];
  constructor(kind: LimitKind, message: string, partial: readonly Atom[] = []) {
    super(message);
    this.kind = kind;
    this.partial = partial;
  }
}

/** Throws when a result atom has more than `max` nodes (symbols, variables, grounded atoms, expressions). */
export function checkAtomSize(a: Atom, max: number): void {
  if (max === Infinity) return;
  let n = 0;
  const stack = [a];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (++n > max) throw new LimitExceeded('size', `atom size limit of ${max} nodes exceeded`);
    for (const it of x.items) stack.push(it);
  }
}

/** Every limit of an evaluation, with the defaults filled in (Infinity / 0 = none). */
export interface Limits {
  readonly maxSteps: number;
  readonly maxStackDepth: number;
  readonly deadline: number;
  readonly maxResults: number;
  readonly maxAtomSize: number;
}

export function resolveLimits(o: EngineOptions): Limits {
  return {
    maxSteps: o.maxSteps ?? Infinity,
    maxStackDepth: o.maxStackDepth ?? 0,
    deadline: o.deadline ?? Infinity,
    maxResults: o.maxResults ?? Infinity,
    maxAtomSize: o.maxAtomSize ?? Infinity,
  };
}

/** Checks the wall clock only every this many steps: Date.now() is not free. */
export const CLOCK_CHECK_INTERVAL = 4096;
