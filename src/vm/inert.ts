// Which ground values evaluate to themselves. The tree-walker evaluates a
// variable's value again wherever the variable is substituted into code; the
// VM skips that for values known to come back unchanged.
import { Atom, SYMBOL, EXPRESSION, GROUNDED } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { isErrorAtom } from '../interp/values.js';
import { operationOf } from '../stdlib/operation.js';
import type { SpaceInfo } from './space-info.js';

/**
 * True when `metta(v)` is surely `[v]`: v is data built from untyped symbols
 * with no `=` rules and from non-operation grounded atoms, with no Empty or
 * Error inside (a tuple drops or aborts on those).
 */
export function isInert(info: SpaceInfo, v: Atom): boolean {
  if (v.kind !== EXPRESSION || v.items.length === 0 || info.inert.has(v)) return true;
  // A flat tuple (the common case: a result row) is checked without remembering it: caching
  // every fresh tuple in the WeakSet cost more (in GC) than the check it saves.
  let flat = true;
  for (let i = 1; i < v.items.length; i++) {
    const it = v.items[i]!;
    if (it === S.empty) return false;
    if (it.kind === EXPRESSION && it.items.length > 0) flat = false;
  }
  if (!headInert(info, v)) return false;
  if (flat) return true;
  const stack: Atom[] = [v];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.kind !== EXPRESSION || x.items.length === 0 || info.inert.has(x)) continue;
    if (!headInert(info, x)) return false;
    for (let i = 1; i < x.items.length; i++) {
      const it = x.items[i]!;
      if (it === S.empty) return false;
      if (it.kind === EXPRESSION) stack.push(it);
    }
  }
  info.inert.add(v);
  return true;
}

/** Does the expression's head make it data: an untyped symbol without rules, or a grounded non-operation? */
function headInert(info: SpaceInfo, x: Atom): boolean {
  if (isErrorAtom(x)) return false;
  const h = x.items[0]!;
  if (h.kind === SYMBOL) {
    if (h === S.empty || info.typed(h)) return false;
    const rules = info.rulesFor(h, x.items.length - 1);
    return rules !== null && rules.length === 0;
  }
  return h.kind === GROUNDED && operationOf(h) === null;
}
