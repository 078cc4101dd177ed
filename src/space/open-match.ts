// Matching a join conjunct against a stored atom that has variables of its own,
// such as `(E $a $b 1 ($a x $b))`: the stored variables are local to that atom
// (a fresh copy per match, as unification renames them), bound to the values
// the conjunct brings; conjunct slots meeting stored subterms with variables get
// those subterms with the local bindings applied. Everything bound stays
// ground. Where that cannot hold (a slot still unbound against a stored
// variable, a subterm left with a variable) the matcher gives up and the caller
// evaluates the conjunction the plain way.
import { Atom, VARIABLE, EXPRESSION, atomEq, expr } from '../atom/atom.js';
import { varKey, type VarKey } from '../match/bindings.js';
import { PNode, N_CONST, N_SLOT } from '../match/pattern-node.js';

export const OPEN_FAIL = 0;
export const OPEN_OK = 1;
export const OPEN_GIVE_UP = 2;
export type OpenResult = typeof OPEN_FAIL | typeof OPEN_OK | typeof OPEN_GIVE_UP;

export class OpenMatcher {
  private readonly local = new Map<VarKey, Atom>();
  private readonly pendingSlot: number[] = [];
  private readonly pendingAtom: Atom[] = [];
  private gaveUp = false;

  /**
   * Matches `node` against the stored atom `a`, binding unbound slots of
   * `vals` (each pushed on `trail`). On OPEN_FAIL or OPEN_GIVE_UP the caller
   * unwinds the trail as after any failed match.
   */
  match(node: PNode, a: Atom, vals: Array<Atom | null>, trail: number[]): OpenResult {
    this.local.clear();
    this.pendingSlot.length = 0;
    this.pendingAtom.length = 0;
    this.gaveUp = false;
    const ok = this.unify(node, a, vals, trail);
    if (this.gaveUp) return OPEN_GIVE_UP;
    if (!ok) return OPEN_FAIL;
    for (let i = 0; i < this.pendingSlot.length; i++) {
      const v = this.resolve(this.pendingAtom[i]!);
      if (v === null) return OPEN_GIVE_UP;
      const slot = this.pendingSlot[i]!;
      const cur = vals[slot];
      if (cur === null || cur === undefined) {
        vals[slot] = v;
        trail.push(slot);
      } else if (!atomEq(cur, v)) return OPEN_FAIL;
    }
    return OPEN_OK;
  }

  private unify(n: PNode, a: Atom, vals: Array<Atom | null>, trail: number[]): boolean {
    if (n.kind === N_CONST) return this.bindStored(a, n.atom);
    if (n.kind === N_SLOT) {
      const cur = vals[n.slot];
      if (cur !== null && cur !== undefined) return this.bindStored(a, cur);
      if (a.ground) {
        vals[n.slot] = a;
        trail.push(n.slot);
        return true;
      }
      if (a.kind === VARIABLE || this.pendingSlot.includes(n.slot)) {
        // A variable bound to a variable, or one slot meeting two open subterms: not for this matcher.
        this.gaveUp = true;
        return false;
      }
      this.pendingSlot.push(n.slot);
      this.pendingAtom.push(a);
      return true;
    }
    if (a.kind === VARIABLE) {
      const v = instantiate(n, vals);
      if (v === null) {
        this.gaveUp = true;
        return false;
      }
      return this.bindStored(a, v);
    }
    const items = n.items;
    if (a.kind !== EXPRESSION || a.items.length !== items.length) return false;
    for (let i = 0; i < items.length; i++) if (!this.unify(items[i]!, a.items[i]!, vals, trail)) return false;
    return true;
  }

  /** One-way match of stored `a` (local variables) against the ground value `v`. */
  private bindStored(a: Atom, v: Atom): boolean {
    if (a.ground) return a === v || atomEq(a, v);
    if (a.kind === VARIABLE) {
      const k = varKey(a);
      const cur = this.local.get(k);
      if (cur === undefined) {
        this.local.set(k, v);
        return true;
      }
      return cur === v || atomEq(cur, v);
    }
    if (a.kind !== EXPRESSION || v.kind !== EXPRESSION || a.items.length !== v.items.length) return false;
    for (let i = 0; i < a.items.length; i++) if (!this.bindStored(a.items[i]!, v.items[i]!)) return false;
    return true;
  }

  /** Stored subterm `a` with the local bindings applied, or null while a variable in it is unbound. */
  private resolve(a: Atom): Atom | null {
    if (a.ground) return a;
    if (a.kind === VARIABLE) return this.local.get(varKey(a)) ?? null;
    if (a.kind !== EXPRESSION) return null;
    const items: Atom[] = [];
    for (const x of a.items) {
      const r = this.resolve(x);
      if (r === null) return null;
      items.push(r);
    }
    return expr(items);
  }
}

/** The atom `n` stands for under the slot values, or null while a slot in it is unbound. */
function instantiate(n: PNode, vals: ReadonlyArray<Atom | null>): Atom | null {
  if (n.kind === N_CONST) return n.atom;
  if (n.kind === N_SLOT) return vals[n.slot] ?? null;
  const items: Atom[] = [];
  for (const x of n.items) {
    const r = instantiate(x, vals);
    if (r === null) return null;
    items.push(r);
  }
  return expr(items);
}
