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
  const stack: Atom[] = [v];
  let nested = false;
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.kind !== EXPRESSION || x.items.length === 0 || info.inert.has(x)) continue;
    if (isErrorAtom(x)) return false;
    const h = x.items[0]!;
    if (h.kind === SYMBOL) {
      if (h === S.empty || info.typed(h)) return false;
      const rules = info.rulesFor(h, x.items.length - 1);
      if (rules === null || rules.length > 0) return false;
    } else if (h.kind === GROUNDED) {
      // eval matches a value-headed call such as `(7 plus 1)` against rules.
      if (operationOf(h) !== null || info.space.hasValueHeadedRules()) return false;
    } else if (h.kind === EXPRESSION && h.items.length > 0 && (h.items[0]!.kind === SYMBOL || h.items[0]!.kind === GROUNDED)) {
      // A list of data, `((r 1 2) (r 2 3))`: the head is data itself (checked like the items),
      // its type is no function type unless some expression has a declared type, and no rule
      // applies to the list unless one has a variable or expression call pattern.
      if (info.exprTypeDecls || info.exprCallRules()) return false;
      stack.push(h);
      nested = true;
    } else {
      return false;
    }
    for (let i = 1; i < x.items.length; i++) {
      const it = x.items[i]!;
      if (it === S.empty) return false;
      if (it.kind === EXPRESSION) {
        stack.push(it);
        nested = true;
      }
    }
  }
  // A flat tuple is checked as fast as it is looked up; remembering every one
  // (a match can build thousands) only loads the weak set and the collector.
  if (nested) info.inert.add(v);
  return true;
}
