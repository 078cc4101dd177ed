// Two-way unification of atoms under existing bindings, and alpha-equivalence.
import { Atom, SYMBOL, VARIABLE, EXPRESSION, GROUNDED, atomEq, variable, expr, freshVariable, type GroundedValue } from '../atom/atom.js';
import { Bindings, varKey, occursIn, renameVariables, type VarKey } from './bindings.js';
import { mapVariables } from '../atom/traverse.js';

/** A grounded value that matches by its own rules (a space matches by querying itself). */
export interface CustomMatcher extends GroundedValue {
  matchAtom(other: Atom, bindings: Bindings): Bindings[];
}
export function customMatcherOf(a: Atom): CustomMatcher | null {
  if (a.kind !== GROUNDED) return null;
  const v = a.value as Partial<CustomMatcher>;
  return typeof v.matchAtom === 'function' ? (v as CustomMatcher) : null;
}

/**
 * Bindings under construction. New bindings go to a small overlay over the
 * starting map, so a unification that fails (most candidates of a query do)
 * never copies the bindings it started from; the Bindings value is made only
 * when asked for, from then on over a private map that later binds extend.
 */
class Binder {
  private base: Map<VarKey, Atom>;
  /** Bindings made since `base` was taken (null: none). */
  private overlay: Map<VarKey, Atom> | null = null;
  /** `base` is this Binder's own copy: binds may go straight into it. */
  private owned = false;
  /** The Bindings of the state now; null after a bind until asked for. */
  private made: Bindings | null;
  constructor(b: Bindings) {
    this.base = b.map as Map<VarKey, Atom>;
    this.made = b;
  }
  /** The binding of key k so far. */
  get(k: VarKey): Atom | undefined {
    if (this.overlay !== null) {
      const t = this.overlay.get(k);
      if (t !== undefined) return t;
    }
    return this.base.get(k);
  }
  /** Follows variable-to-variable links until a non-variable or an unbound variable. */
  walk(a: Atom): Atom {
    while (a.kind === VARIABLE) {
      const next = this.get(varKey(a));
      if (next === undefined) return a;
      a = next;
    }
    return a;
  }
  bind(v: Atom, t: Atom): boolean {
    if (!t.ground && occursIn(this, v, t)) return false;
    if (this.owned) this.base.set(varKey(v), t);
    else (this.overlay ??= new Map()).set(varKey(v), t);
    this.made = null;
    return true;
  }
  /** The bindings so far. */
  get cur(): Bindings {
    if (this.made !== null) return this.made;
    if (this.overlay !== null) {
      const m = new Map(this.base);
      for (const [k, t] of this.overlay) m.set(k, t);
      this.base = m;
      this.overlay = null;
      this.owned = true;
    }
    return (this.made = new Bindings(this.base));
  }
  /** Adopts bindings computed elsewhere (from `cur`, so nothing is pending in the overlay). */
  adopt(r: Bindings): void {
    if (r === this.made) return;
    this.made = r;
    this.base = r.map as Map<VarKey, Atom>;
    this.overlay = null;
    this.owned = true;
  }
}

/**
 * Compares two non-variable atoms: false on a mismatch; for expressions with
 * variables, pushes their item pairs on `stack` for the caller to unify.
 */
function sameShape(x: Atom, y: Atom, stack: Atom[]): boolean {
  if (x.kind !== y.kind) return false;
  switch (x.kind) {
    case SYMBOL:
      return x.name === y.name;
    case EXPRESSION: {
      const xs = x.items, ys = y.items;
      if (xs.length !== ys.length) return false;
      if (x.ground && y.ground) return x.hash === y.hash && atomEq(x, y);
      for (let i = xs.length - 1; i >= 0; i--) stack.push(xs[i]!, ys[i]!);
      return true;
    }
    default:
      return x.value!.equals(y.value!);
  }
}

/**
 * Unifies `a` with `b`, extending `bindings`. Returns the new bindings or null.
 * A variable of `b` is preferably bound to `a`'s side, so results keep the caller's names.
 * Iterative: deep atoms do not use the JS stack.
 */
export function unify(a: Atom, b: Atom, bindings: Bindings): Bindings | null {
  const bd = new Binder(bindings);
  const stack: Atom[] = [a, b];
  while (stack.length > 0) {
    let y = stack.pop()!;
    let x = stack.pop()!;
    if (x.kind === VARIABLE) x = bd.walk(x);
    if (y.kind === VARIABLE) y = bd.walk(y);
    if (x === y) continue;
    if (y.kind === VARIABLE) {
      if (x.kind === VARIABLE && varKey(x) === varKey(y)) continue;
      if (!bd.bind(y, x)) return null;
    } else if (x.kind === VARIABLE) {
      if (!bd.bind(x, y)) return null;
    } else if (!sameShape(x, y, stack)) return null;
  }
  return bd.cur;
}

/**
 * All ways `a` and `b` unify: like `unify`, but a custom-matching grounded atom
 * at the top (a space) may give several binding sets.
 */
export function unifyAll(a: Atom, b: Atom, bindings: Bindings): Bindings[] {
  // A variable binds first, to the space itself (hyperon's matcher does the same):
  // only a non-variable pattern queries a space.
  if (a.kind === VARIABLE || b.kind === VARIABLE) {
    const r = unify(a, b, bindings);
    return r === null ? [] : [r];
  }
  const ca = customMatcherOf(a);
  if (ca !== null) return ca.matchAtom(b, bindings);
  const cb = customMatcherOf(b);
  if (cb !== null) return cb.matchAtom(a, bindings);
  const r = unify(a, b, bindings);
  return r === null ? [] : [r];
}

/** Merges two binding sets; null when they conflict. */
export function mergeBindings(a: Bindings, b: Bindings): Bindings | null {
  if (b.map.size === 0) return a;
  if (a.map.size === 0) return b;
  let cur: Bindings | null = a;
  for (const [k, t] of b.map) {
    // Only the key matters for unification; the name is for printing.
    const v = typeof k === 'number' ? variable('v', k) : variable(k, 0);
    cur = unify(v, t, cur);
    if (cur === null) return null;
  }
  return cur;
}

/** Alpha-equivalence: equal up to a consistent one-to-one renaming of variables. */
export function alphaEq(a: Atom, b: Atom): boolean {
  const ab = new Map<VarKey, VarKey>();
  const ba = new Map<VarKey, VarKey>();
  const stack: Atom[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    if (x === y && x.ground) continue;
    if (x.kind !== y.kind) return false;
    switch (x.kind) {
      case VARIABLE: {
        const kx = varKey(x), ky = varKey(y);
        const m1 = ab.get(kx), m2 = ba.get(ky);
        if (m1 === undefined && m2 === undefined) {
          ab.set(kx, ky);
          ba.set(ky, kx);
        } else if (m1 !== ky || m2 !== kx) return false;
        break;
      }
      case EXPRESSION: {
        if (x.items.length !== y.items.length) return false;
        for (let i = x.items.length - 1; i >= 0; i--) stack.push(x.items[i]!, y.items[i]!);
        break;
      }
      default:
        if (!atomEq(x, y)) return false;
    }
  }
  return true;
}

/**
 * Unifies `query` with a stored atom as if the stored atom's variables had been
 * renamed fresh: `rename` maps each stored variable to its fresh copy, made on
 * first sight. Stored atoms that do not match are never copied.
 */
export function unifyStored(query: Atom, stored: Atom, bindings: Bindings, rename: Map<VarKey, Atom>): Bindings | null {
  const bd = new Binder(bindings);
  // Pairs of (query-side atom, raw stored-side atom): stored atoms are renamed only where
  // they get bound, so the rest of a non-matching stored atom is never copied.
  const stack: Atom[] = [query, stored];
  while (stack.length > 0) {
    const y = stack.pop()!;
    let x = stack.pop()!;
    if (x.kind === VARIABLE) x = bd.walk(x);
    if (y.kind === VARIABLE) {
      const w = bd.walk(freshFor(y, rename));
      if (w.kind === VARIABLE) {
        if (x.kind === VARIABLE && varKey(x) === varKey(w)) continue;
        if (!bd.bind(w, x)) return null;
        continue;
      }
      // Already bound: both sides are now ordinary (renamed) terms.
      const r = unify(x, w, bd.cur);
      if (r === null) return null;
      bd.adopt(r);
    } else if (x.kind === VARIABLE) {
      if (!bd.bind(x, renameVariables(y, rename))) return null;
    } else if (!sameShape(x, y, stack)) return null;
  }
  return bd.cur;
}

function freshFor(v: Atom, rename: Map<VarKey, Atom>): Atom {
  const k = varKey(v);
  let f = rename.get(k);
  if (f === undefined) {
    f = freshVariable(v.name);
    rename.set(k, f);
  }
  return f;
}

/** Renames a stored atom through `rename` and applies `b`, in one pass. */
export function instantiate(a: Atom, rename: Map<VarKey, Atom>, b: Bindings): Atom {
  return mapVariables(a, (v) => b.apply(freshFor(v, rename)));
}
