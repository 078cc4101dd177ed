// Resource limits shared by both engines: a run that exceeds one stops with
// this error, and the runner reports it without losing earlier results.
export type LimitKind = 'steps' | 'time' | 'results' | 'size';

export class LimitExceeded extends Error {
  readonly kind: LimitKind;
  constructor(kind: LimitKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** Throws when a result atom has more than `max` nodes (symbols, variables, grounded atoms, expressions). */
export function checkAtomSize(a: import('../atom/atom.js').Atom, max: number): void {
  if (max === Infinity) return;
  let n = 0;
  const stack = [a];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (++n > max) throw new LimitExceeded('size', `atom size limit of ${max} nodes exceeded`);
    for (const it of x.items) stack.push(it);
  }
}

/** Checks the wall clock only every this many steps: Date.now() is not free. */
export const CLOCK_CHECK_INTERVAL = 4096;
