// Which ground values evaluate to themselves. The tree-walker evaluates a
// variable's value again wherever the variable is substituted into code; the
// VM skips that for values known to come back unchanged.
import { Atom, SYMBOL, EXPRESSION, GROUNDED } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { Bindings } from '../match/bindings.js';
import { getAtomTypes, getValidTypes, isFunctionType, isMetaType, matchTypes, metaTypeOf } from '../space/types.js';
import { typeOfSpec, typeSpec } from './type-specs.js';
import { isErrorAtom } from '../interp/values.js';
import { operationOf } from '../stdlib/operation.js';
import { MINIMAL_INSTRUCTIONS, type SpaceInfo } from './space-info.js';

/** Tuples whose check walked more subterms than this are remembered as inert. */
const REMEMBER_AFTER = 8;

/**
 * True when `metta(v)` is surely `[v]`: v is data built from untyped symbols
 * with no `=` rules and from non-operation grounded atoms, with no Empty or
 * Error inside (a tuple drops or aborts on those).
 */
export function isInert(info: SpaceInfo, v: Atom): boolean {
  if (v.kind !== EXPRESSION || v.items.length === 0 || info.inert.has(v)) return true;
  const stack: Atom[] = [v];
  let visited = 0;
  while (stack.length > 0) {
    const x = stack.pop()!;
    visited++;
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
    } else if (h.kind === EXPRESSION && h.items.length > 0) {
      // A list of data, `((r 1 2) (r 2 3))` or a tree of them, `(((a b) (c d)) ((e f) (g h)))`:
      // hyperon evaluates it as a tuple (its head's type is no function type unless some
      // expression has a declared type), each item in turn, then looks for a rule for the
      // whole, which only a variable or expression call pattern can be. So it is inert when
      // the head, checked like the items (at any depth), is.
      if (info.exprTypeDecls || info.exprCallRules()) return false;
      stack.push(h);
    } else {
      return false;
    }
    for (let i = 1; i < x.items.length; i++) {
      const it = x.items[i]!;
      if (it === S.empty) return false;
      if (it.kind === EXPRESSION) stack.push(it);
    }
  }
  // A small tuple is checked about as fast as it is looked up; remembering every one
  // (a match can build thousands, a tree of results millions) only loads the weak set
  // and the collector. A walk stops at remembered subterms, so it stays short.
  if (visited > REMEMBER_AFTER) info.inert.add(v);
  return true;
}

/** Past this nesting a constructor term is not proven (it goes to the tree-walker). */
const MAX_TYPED_DEPTH = 1000;

/**
 * True when `metta(v, type)` is surely `[v]` for a term built by typed
 * constructors, `(Cons 1 (Cons 2 Nil))` with `(: Cons (-> Number List List))`:
 * every head has one ground function type and no rules, every argument fits
 * its formal type and evaluates to itself against it, and the result type
 * fits `type` (the spec `ty`).
 */
export function isTypedInert(info: SpaceInfo, v: Atom, ty: number, depth = 0): boolean {
  if (v.kind !== EXPRESSION || v.items.length === 0 || !v.ground || depth > MAX_TYPED_DEPTH) return false;
  if (info.typedInert.get(v) === ty) return true;
  const h = v.items[0]!;
  if (h.kind !== SYMBOL || h === S.empty || MINIMAL_INSTRUCTIONS.has(h.name) || !info.typed(h)) return false;
  const ts = getAtomTypes(info.space, h);
  if (ts.length !== 1 || !isFunctionType(ts[0]!.type) || !ts[0]!.type.ground) return false;
  const fn = ts[0]!.type;
  const n = v.items.length - 1;
  if (fn.items.length !== n + 2) return false;
  const rules = info.rulesFor(h, n);
  if (rules === null || rules.length > 0) return false;
  const ret = fn.items[n + 1]!;
  if (isMetaType(ret) && ret !== S.expressionType) return false;
  if (matchTypes(typeOfSpec(ty), ret, Bindings.EMPTY) === null) return false;
  for (let i = 1; i <= n; i++) {
    const a = v.items[i]!;
    const f = fn.items[i]!;
    if (f === S.atomType || (isMetaType(f) && metaTypeOf(a) === f)) continue;
    if (isMetaType(f) || a === S.empty) return false;
    if (a.kind === EXPRESSION) {
      if (!isTypedInert(info, a, typeSpec(f), depth + 1)) return false;
      continue;
    }
    const at = getValidTypes(info.space, a);
    if (!at.some((t) => matchTypes(f, t, Bindings.EMPTY) !== null)) return false;
  }
  info.typedInert.set(v, ty);
  return true;
}

