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

/**
 * A stored atom with variables, compiled once: ground parts (L_CONST), its
 * variables numbered in first-occurrence order (L_VAR, one cell of a local
 * array instead of a map by name), and expressions of those.
 */
const L_CONST = 0, L_VAR = 1, L_EXPR = 2;
class LocalNode {
  readonly kind: number;
  readonly atom: Atom;
  readonly local: number;
  readonly items: readonly LocalNode[];
  constructor(kind: number, atom: Atom, local: number, items: readonly LocalNode[]) {
    this.kind = kind;
    this.atom = atom;
    this.local = local;
    this.items = items;
  }
}
class CompiledStored {
  readonly root: LocalNode;
  readonly locals: number;
  constructor(root: LocalNode, locals: number) {
    this.root = root;
    this.locals = locals;
  }
}
const NO_LOCAL_NODES: LocalNode[] = [];

function compileStored(a: Atom, ids: Map<VarKey, number>): LocalNode {
  if (a.ground) return new LocalNode(L_CONST, a, -1, NO_LOCAL_NODES);
  if (a.kind === VARIABLE) {
    const k = varKey(a);
    let i = ids.get(k);
    if (i === undefined) {
      i = ids.size;
      ids.set(k, i);
    }
    return new LocalNode(L_VAR, a, i, NO_LOCAL_NODES);
  }
  return new LocalNode(L_EXPR, a, -1, a.items.map((x) => compileStored(x, ids)));
}

/** Stored atoms are immutable: each is compiled the first time a join meets it. */
const compiled = new WeakMap<Atom, CompiledStored>();
function compiledOf(a: Atom): CompiledStored {
  let c = compiled.get(a);
  if (c === undefined) {
    const ids = new Map<VarKey, number>();
    const root = compileStored(a, ids);
    c = new CompiledStored(root, ids.size);
    compiled.set(a, c);
  }
  return c;
}

export class OpenMatcher {
  /** The stored atom's variables' values in the current match (null: unbound). */
  private local: Array<Atom | null> = [];
  private readonly pendingSlot: number[] = [];
  private readonly pendingNode: LocalNode[] = [];
  private gaveUp = false;

  /**
   * Matches `node` against the stored atom `a`, binding unbound slots of
   * `vals` (each pushed on `trail`). On OPEN_FAIL or OPEN_GIVE_UP the caller
   * unwinds the trail as after any failed match.
   */
  match(node: PNode, a: Atom, vals: Array<Atom | null>, trail: number[]): OpenResult {
    const c = compiledOf(a);
    if (this.local.length < c.locals) this.local = new Array<Atom | null>(c.locals).fill(null);
    else this.local.fill(null, 0, c.locals);
    if (this.pendingSlot.length > 0) {
      this.pendingSlot.length = 0;
      this.pendingNode.length = 0;
    }
    this.gaveUp = false;
    const ok = this.unify(node, c.root, vals, trail);
    if (this.gaveUp) return OPEN_GIVE_UP;
    if (!ok) return OPEN_FAIL;
    for (let i = 0; i < this.pendingSlot.length; i++) {
      const v = this.resolve(this.pendingNode[i]!);
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

  private unify(n: PNode, l: LocalNode, vals: Array<Atom | null>, trail: number[]): boolean {
    if (n.kind === N_CONST) return this.bindStored(l, n.atom);
    if (n.kind === N_SLOT) {
      const cur = vals[n.slot];
      if (cur !== null && cur !== undefined) return this.bindStored(l, cur);
      if (l.kind === L_CONST) {
        vals[n.slot] = l.atom;
        trail.push(n.slot);
        return true;
      }
      if (l.kind === L_VAR || this.pendingSlot.includes(n.slot)) {
        // A variable bound to a variable, or one slot meeting two open subterms: not for this matcher.
        this.gaveUp = true;
        return false;
      }
      this.pendingSlot.push(n.slot);
      this.pendingNode.push(l);
      return true;
    }
    if (l.kind === L_VAR) {
      const v = instantiate(n, vals);
      if (v === null) {
        this.gaveUp = true;
        return false;
      }
      return this.bindStored(l, v);
    }
    const items = n.items;
    if (l.kind !== L_EXPR || l.items.length !== items.length) {
      // A ground stored expression against a conjunct expression with slots.
      if (l.kind === L_CONST) return this.matchGround(n, l.atom, vals, trail);
      return false;
    }
    for (let i = 0; i < items.length; i++) if (!this.unify(items[i]!, l.items[i]!, vals, trail)) return false;
    return true;
  }

  /** A conjunct node against a ground stored subterm: one-way, binding slots. */
  private matchGround(n: PNode, a: Atom, vals: Array<Atom | null>, trail: number[]): boolean {
    if (n.kind === N_CONST) return n.atom === a || atomEq(n.atom, a);
    if (n.kind === N_SLOT) {
      const cur = vals[n.slot];
      if (cur === null || cur === undefined) {
        vals[n.slot] = a;
        trail.push(n.slot);
        return true;
      }
      return cur === a || atomEq(cur, a);
    }
    const items = n.items;
    if (a.kind !== EXPRESSION || a.items.length !== items.length) return false;
    for (let i = 0; i < items.length; i++) if (!this.matchGround(items[i]!, a.items[i]!, vals, trail)) return false;
    return true;
  }

  /** One-way match of stored `l` (local variables) against the ground value `v`. */
  private bindStored(l: LocalNode, v: Atom): boolean {
    if (l.kind === L_CONST) return l.atom === v || atomEq(l.atom, v);
    if (l.kind === L_VAR) {
      const cur = this.local[l.local];
      if (cur === null || cur === undefined) {
        this.local[l.local] = v;
        return true;
      }
      return cur === v || atomEq(cur, v);
    }
    const items = l.items;
    if (v.kind !== EXPRESSION || v.items.length !== items.length) return false;
    for (let i = 0; i < items.length; i++) if (!this.bindStored(items[i]!, v.items[i]!)) return false;
    return true;
  }

  /** Stored subterm `l` with the local bindings applied, or null while a variable in it is unbound. */
  private resolve(l: LocalNode): Atom | null {
    if (l.kind === L_CONST) return l.atom;
    if (l.kind === L_VAR) return this.local[l.local] ?? null;
    // Sized up front: an answer keeps this array, and pushing would over-allocate it.
    const xs = l.items, items = new Array<Atom>(xs.length);
    for (let i = 0; i < xs.length; i++) {
      const r = this.resolve(xs[i]!);
      if (r === null) return null;
      items[i] = r;
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
