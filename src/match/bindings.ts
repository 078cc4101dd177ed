// Variable bindings as a triangular substitution: each bound variable maps to
// a term that may itself mention bound variables (walk to resolve). Bindings
// are values: every update returns a new object and never mutates a shared one.
import { Atom, VARIABLE, EXPRESSION, freshVariable, variable } from '../atom/atom.js';
import { mapVariables } from '../atom/traverse.js';

/** Identity of a variable: fresh variables by their unique id, written ones by name. */
export type VarKey = number | string;
export const varKey = (v: Atom): VarKey => (v.id !== 0 ? v.id : v.name);

export class Bindings {
  readonly map: ReadonlyMap<VarKey, Atom>;
  constructor(map: ReadonlyMap<VarKey, Atom>) {
    this.map = map;
  }
  static readonly EMPTY = new Bindings(new Map());

  get size(): number {
    return this.map.size;
  }
  isEmpty(): boolean {
    return this.map.size === 0;
  }
  lookup(v: Atom): Atom | undefined {
    return this.map.get(varKey(v));
  }
  /** Follows variable-to-variable links until a non-variable or an unbound variable. */
  walk(a: Atom): Atom {
    while (a.kind === VARIABLE) {
      const next = this.map.get(varKey(a));
      if (next === undefined) return a;
      a = next;
    }
    return a;
  }
  /** Fully substitutes bound variables in `a`. */
  apply(a: Atom): Atom {
    if (a.ground || this.map.size === 0) return a;
    return applyDeep(this, a);
  }
  /** Binding pairs, resolved, for display and for host APIs. */
  entries(): Array<[Atom, Atom]> {
    const out: Array<[Atom, Atom]> = [];
    for (const [k, v] of this.map) {
      const name = typeof k === 'number' ? `v` : k;
      const id = typeof k === 'number' ? k : 0;
      out.push([variable(name, id), this.apply(v)]);
    }
    return out;
  }
}

function applyDeep(b: Bindings, a: Atom): Atom {
  return mapVariables(a, (v) => {
    const t = b.map.get(varKey(v));
    return t === undefined ? v : applyDeep(b, t);
  });
}

/** Does variable `v` occur in `a` under bindings `b`? Used to reject looping bindings. */
export function occurs(b: Bindings, v: Atom, a: Atom): boolean {
  return occursIn(b.map, v, a);
}

/** `occurs` over anything that looks bindings up by key (a map, or bindings under construction). */
export function occursIn(map: { get(k: VarKey): Atom | undefined }, v: Atom, a: Atom): boolean {
  const key = varKey(v);
  const stack: Atom[] = [a];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.ground) continue;
    if (x.kind === VARIABLE) {
      if (varKey(x) === key) return true;
      const next = map.get(varKey(x));
      if (next !== undefined) stack.push(next);
    } else if (x.kind === EXPRESSION) {
      for (const it of x.items) stack.push(it);
    }
  }
  return false;
}

/** Replaces every variable of `a` with a fresh one (the same fresh one for repeated occurrences). */
export function renameVariables(a: Atom, mapping: Map<VarKey, Atom> = new Map()): Atom {
  return mapVariables(a, (v) => {
    const k = varKey(v);
    let f = mapping.get(k);
    if (f === undefined) {
      f = freshVariable(v.name);
      mapping.set(k, f);
    }
    return f;
  });
}

/** Collects the variable keys that occur in `a` into `into`. */
export function collectVars(a: Atom, into: Set<VarKey>): Set<VarKey> {
  if (a.ground) return into;
  const stack: Atom[] = [a];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.ground) continue;
    if (x.kind === VARIABLE) into.add(varKey(x));
    else for (const it of x.items) stack.push(it);
  }
  return into;
}

/** The distinct variables of `a`, each once (its first occurrence's atom), in no particular order. */
export function distinctVariables(a: Atom): Atom[] {
  const out: Atom[] = [];
  if (a.ground) return out;
  const seen = new Set<VarKey>();
  const stack: Atom[] = [a];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.ground) continue;
    if (x.kind === VARIABLE) {
      const k = varKey(x);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(x);
      }
    } else for (const it of x.items) stack.push(it);
  }
  return out;
}

/**
 * Keeps only the variables in `keep`, each bound to its fully applied value.
 * Values then mention only unbound variables, so dropping the others loses nothing.
 */
export function retainVars(b: Bindings, keep: ReadonlySet<VarKey>): Bindings {
  if (b.map.size === 0) return b;
  let m: Map<VarKey, Atom> | null = null;
  for (const k of b.map.keys()) {
    if (!keep.has(k)) {
      m = new Map();
      break;
    }
  }
  if (m === null) return b;
  for (const [k, v] of b.map) {
    if (keep.has(k)) m.set(k, b.apply(v));
  }
  return new Bindings(m);
}
