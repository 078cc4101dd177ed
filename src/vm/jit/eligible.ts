// Which procedures the JavaScript tier takes, and the static kind (Number or
// Bool) of every argument and result. The emitted code works on raw JS
// numbers and booleans, so every value must have one kind known in advance;
// anything else stays on the VM. A procedure qualifies only with everything it
// calls, because compiled code cannot call back into the VM.
import { GROUNDED, type Atom } from '../../atom/atom.js';
import { NumberValue, BoolValue } from '../../atom/grounded.js';
import type { Program, Proc } from '../compiler.js';
import type { Ir } from '../ir.js';
import { N_SLOT } from '../patterns.js';
import { TY_NUMBER, TY_BOOL } from '../opcodes.js';

/** N: a safe integer (a JS number); B: a Bool (a JS boolean). */
export type Kind = 'N' | 'B';

export interface Shape {
  readonly proc: Proc;
  readonly params: readonly Kind[];
  readonly ret: Kind;
  /** Kinds of the slots bound by `let` (slot → kind). */
  readonly lets: ReadonlyMap<number, Kind>;
}

/** The procedure or something it reaches is outside the tier. */
export class NotJittable extends Error {}

export const kindOfTy = (ty: number): Kind | null => (ty === TY_NUMBER ? 'N' : ty === TY_BOOL ? 'B' : null);

/** The kind of a constant the tier can hold, or null (floats, big integers, symbols…). */
export function constKind(a: Atom): Kind | null {
  if (a.kind !== GROUNDED) return null;
  const v = a.value;
  if (v instanceof NumberValue) return !v.isFloat && typeof v.n === 'number' && Number.isSafeInteger(v.n) ? 'N' : null;
  return v instanceof BoolValue ? 'B' : null;
}

/** Shapes of `root` and of every procedure it reaches; throws NotJittable. */
export function shapesFrom(program: Program, root: number): Map<number, Shape> {
  const procs = reachable(program, root);
  const params = new Map<number, Kind[]>();
  for (const p of procs) params.set(p.id, paramKinds(p));
  // Result kinds: an optimistic fixpoint (a recursive call's kind is unknown until a base case gives it).
  const ret = new Map<number, Kind>();
  const lets = new Map<number, Map<number, Kind>>();
  for (let changed = true; changed;) {
    changed = false;
    for (const p of procs) {
      const rule = p.lowered![0]!;
      const slots = new Map<number, Kind>();
      params.get(p.id)!.forEach((k, i) => slots.set(i, k));
      const k = kindOf(rule.body, slots, ret);
      lets.set(p.id, slots);
      if (k !== null && ret.get(p.id) !== k) {
        if (ret.has(p.id)) throw new NotJittable('results of two kinds');
        ret.set(p.id, k);
        changed = true;
      }
    }
  }
  const out = new Map<number, Shape>();
  for (const p of procs) {
    const r = ret.get(p.id);
    if (r === undefined) throw new NotJittable('no base case gives a result kind');
    const ps = params.get(p.id)!;
    const ls = new Map([...lets.get(p.id)!].filter(([s]) => s >= ps.length));
    out.set(p.id, { proc: p, params: ps, ret: r, lets: ls });
  }
  return out;
}

/** Every procedure called from `root`, transitively; each must be a deterministic single rule over plain variables. */
function reachable(program: Program, root: number): Proc[] {
  const seen = new Set<number>();
  const out: Proc[] = [];
  const todo = [root];
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const p = program.procs[id]!;
    const rules = p.lowered;
    if (p.failed || p.nondet || rules === null || rules.length !== 1) throw new NotJittable('not a deterministic single rule');
    if (rules[0]!.pats.some((x) => x !== null)) throw new NotJittable('argument patterns');
    out.push(p);
    walk(rules[0]!.body, (ir) => {
      if (ir.t === 'call') todo.push(ir.proc);
    });
  }
  return out;
}

/** Argument kinds from the type checks the body makes on them; an argument nothing checks is taken as a Number. */
function paramKinds(p: Proc): Kind[] {
  const kinds: Array<Kind | null> = new Array<Kind | null>(p.arity).fill(null);
  walk(p.lowered![0]!.body, (ir) => {
    const checks = ir.t === 'native' || ir.t === 'if' ? ir.checks : ir.t === 'call' ? ir.typed?.checks : undefined;
    if (checks === undefined) return;
    for (const c of checks) {
      if (c.slot >= p.arity) continue;
      const k = kindOfTy(c.ty);
      if (k === null) throw new NotJittable('an untyped check');
      if (kinds[c.slot] !== null && kinds[c.slot] !== k) throw new NotJittable('an argument of two kinds');
      kinds[c.slot] = k;
    }
  });
  return kinds.map((k) => k ?? 'N');
}

/** The kind of an IR node's value; null while it depends on a result kind not known yet. */
function kindOf(ir: Ir, slots: Map<number, Kind>, ret: ReadonlyMap<number, Kind>): Kind | null {
  switch (ir.t) {
    case 'const': {
      const k = constKind(ir.atom);
      if (k === null) throw new NotJittable('a constant that is not an Int or a Bool');
      return k;
    }
    case 'slot': {
      const k = slots.get(ir.slot);
      if (k === undefined) throw new NotJittable('a slot read before it is bound');
      return k;
    }
    case 'native':
      for (const a of ir.args) kindOf(a, slots, ret);
      return ir.op.ret === TY_NUMBER ? 'N' : 'B';
    case 'call':
      for (const a of ir.args) kindOf(a, slots, ret);
      return ret.get(ir.proc) ?? null;
    case 'if': {
      kindOf(ir.cond, slots, ret);
      const a = kindOf(ir.then, slots, ret), b = kindOf(ir.else, slots, ret);
      if (a !== null && b !== null && a !== b) throw new NotJittable('branches of two kinds');
      return a ?? b;
    }
    case 'let': {
      if (ir.pat.root.kind !== N_SLOT) throw new NotJittable('a let pattern that is not a variable');
      const v = kindOf(ir.value, slots, ret);
      if (v === null) return null;
      slots.set(ir.pat.root.slot, v);
      return kindOf(ir.body, slots, ret);
    }
    default:
      throw new NotJittable(`an IR node of kind ${ir.t}`);
  }
}

/** Visits every node of the IR subset the tier reads (others are rejected by kindOf). */
function walk(ir: Ir, f: (ir: Ir) => void): void {
  f(ir);
  switch (ir.t) {
    case 'native': case 'call': for (const a of ir.args) walk(a, f); break;
    case 'if': walk(ir.cond, f); walk(ir.then, f); walk(ir.else, f); break;
    case 'let': walk(ir.value, f); walk(ir.body, f); break;
    default: break;
  }
}
