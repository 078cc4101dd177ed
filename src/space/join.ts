// Conjunctions `(, p1 … pn)` over ground facts in heap stores, as index
// nested-loop joins: answers (and their order) exactly those of the naive
// left-to-right evaluation over all stored atoms.
import { Atom, VARIABLE, EXPRESSION, atomEq } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { Bindings, varKey, type VarKey } from '../match/bindings.js';
import { PNode, N_CONST, N_SLOT, N_EXPR } from '../match/pattern-node.js';
import type { AtomStore } from './atom-store.js';
import { MemoryStore } from './memory-store.js';
import {
  HeadIndex, INDEX_MIN, bucketLength, exactIndex, headKey, isSymbolHeaded, itemKey, posIndex, type Bucket, type Entry, type Key,
} from './indexes.js';

/** Orders conjunction answers across spaces: a space's position in the visible list, then insertion. */
const SPACE_STRIDE = 2 ** 32;

/** Where `queryRows` wants the answers: the values of `vars`, one row per answer. */
export interface RowsOut {
  readonly vars: readonly Atom[];
  readonly out: Atom[][];
}
const NO_BINDINGS: Bindings[] = [];

/**
 * A conjunction `(, p1 … pn)` over ground facts, as an index nested-loop join:
 * at each step the conjunct with the fewest candidates under the bindings so far
 * goes next. Answers come back exactly as the left-to-right evaluation gives
 * them, in its order (sorted back where the join went in another order).
 * Null when it does not apply (a conjunct that is not a `(symbol …)`
 * expression, or stored atoms with variables that conjuncts could meet).
 */
export function groundJoin(stores: readonly AtomStore[], pattern: Atom, bindings: Bindings, rows: RowsOut | null = null): Bindings[] | null {
  const spaces: MemoryStore[] = [];
  // Only heap stores have the indexes the join walks; other stores take the nested-loop path.
  for (const s of stores) {
    if (!(s instanceof MemoryStore)) return null;
    spaces.push(s);
  }
  const n = pattern.items.length - 1;
  const conj: PNode[] = [];
  const heads: Array<HeadIndex | undefined> = [];
  const slotOf = new Map<VarKey, number>();
  const varAtoms: Atom[] = [];
  for (const s of spaces) if (s.wildNonGround > 0) return null;
  for (let c = 1; c <= n; c++) {
    const p = bindings.apply(pattern.items[c]!);
    if (!isSymbolHeaded(p) || p.items[0] === S.comma) return null;
    const name = p.items[0]!.name;
    for (const s of spaces) {
      const hi = s.byHead.get(name);
      if (hi !== undefined && hi.nonGround > 0) return null;
      heads.push(hi);
    }
    conj.push(compileJoin(p, slotOf, varAtoms));
  }
  const j = new Join(spaces.length, conj, heads, varAtoms.length);
  j.search(0, false);
  if (rows !== null) {
    // Only the values of `rows.vars`: what a caller that binds slots needs, with no Bindings built.
    const at = rows.vars.map((v) => slotOf.get(varKey(v)) ?? -1);
    const nv = varAtoms.length;
    for (let r = 0; r < j.count; r++) {
      const row: Atom[] = [];
      for (let i = 0; i < at.length; i++) row.push(at[i]! < 0 ? rows.vars[i]! : j.values[r * nv + at[i]!]!);
      rows.out.push(row);
    }
    return NO_BINDINGS;
  }
  const out: Bindings[] = [];
  const nv = varAtoms.length;
  const keys = varAtoms.map(varKey);
  for (let r = 0; r < j.count; r++) {
    const m = new Map(bindings.map);
    for (let v = 0; v < nv; v++) m.set(keys[v]!, j.values[r * nv + v]!);
    out.push(new Bindings(m));
  }
  return out;
}

/** A conjunct compiled for the join. Slots are numbered in first-occurrence order, left to right: the order left-to-right unification binds them. */
function compileJoin(a: Atom, slotOf: Map<VarKey, number>, varAtoms: Atom[]): PNode {
  if (a.ground) return new PNode(N_CONST, a, -1, NONE_NODES);
  if (a.kind === VARIABLE) {
    const k = varKey(a);
    let s = slotOf.get(k);
    if (s === undefined) {
      s = varAtoms.length;
      slotOf.set(k, s);
      varAtoms.push(a);
    }
    return new PNode(N_SLOT, a, s, NONE_NODES);
  }
  const items: PNode[] = [];
  for (const x of a.items) items.push(compileJoin(x, slotOf, varAtoms));
  return new PNode(N_EXPR, a, -1, items);
}
const NONE_NODES: PNode[] = [];

/** The index key of what `n` stands for under the slot values, as `itemKey` of the instantiated atom. */
function nodeKey(n: PNode, vals: ReadonlyArray<Atom | null>): Key | null {
  switch (n.kind) {
    case N_CONST:
      return itemKey(n.atom);
    case N_SLOT: {
      const v = vals[n.slot];
      return v === null || v === undefined ? null : itemKey(v);
    }
    default: {
      const h = n.items[0]!;
      if (h.kind === N_CONST) return headKey(h.atom);
      if (h.kind === N_SLOT) {
        const v = vals[h.slot];
        return v === null || v === undefined ? null : headKey(v);
      }
      return null;
    }
  }
}

/** One run of the ground join: slot values with a trail, and the answers found so far. */
class Join {
  private readonly ns: number;
  private readonly conj: readonly PNode[];
  /** heads[c * ns + s]: conjunct c's head index in visible space s. */
  private readonly heads: ReadonlyArray<HeadIndex | undefined>;
  private readonly nv: number;
  private readonly vals: Array<Atom | null>;
  private readonly trail: number[] = [];
  private readonly used: Uint8Array;
  /** The stored atom each conjunct matched, as a global position (space, then insertion). */
  private readonly ord: Float64Array;
  /** Scratch: the candidate lists chosen at each depth, `ns` per depth. */
  private readonly picked: Array<Bucket | undefined>;
  private readonly pickedNow: Array<Bucket | undefined>;
  /** Answers: `nv` slot values each, and `n` positions each. */
  readonly values: Atom[] = [];
  readonly ords: number[] = [];
  count = 0;

  constructor(ns: number, conj: readonly PNode[], heads: ReadonlyArray<HeadIndex | undefined>, nv: number) {
    this.ns = ns;
    this.conj = conj;
    this.heads = heads;
    this.nv = nv;
    this.vals = new Array<Atom | null>(nv).fill(null);
    this.used = new Uint8Array(conj.length);
    this.ord = new Float64Array(conj.length);
    this.picked = new Array<Bucket | undefined>(conj.length * ns).fill(undefined);
    this.pickedNow = new Array<Bucket | undefined>(ns).fill(undefined);
  }

  search(depth: number, sorting: boolean): void {
    const n = this.conj.length, ns = this.ns;
    if (depth === n) {
      for (let v = 0; v < this.nv; v++) this.values.push(this.vals[v]!);
      for (let c = 0; c < n; c++) this.ords.push(this.ord[c]!);
      this.count++;
      return;
    }
    // The next conjunct: fewest candidates; ties go to the earliest (the left-to-right order).
    let best = -1, bestCount = Infinity, first = -1;
    const picked = this.picked, now = this.pickedNow, at = depth * ns;
    for (let c = 0; c < n; c++) {
      if (this.used[c] === 1) continue;
      if (first < 0) first = c;
      const count = this.candidates(c);
      if (count < bestCount) {
        best = c;
        bestCount = count;
        if (count === 0) return;
        for (let s = 0; s < ns; s++) picked[at + s] = now[s];
      }
    }
    const reorder = best !== first && !sorting;
    const start = this.count;
    const node = this.conj[best]!;
    this.used[best] = 1;
    for (let s = 0; s < ns; s++) {
      const l = picked[at + s];
      if (l === undefined) continue;
      if (Array.isArray(l)) {
        for (let i = 0; i < l.length; i++) this.step(node, l[i]!, best, s, depth, sorting || reorder);
      } else this.step(node, l, best, s, depth, sorting || reorder);
    }
    this.used[best] = 0;
    if (reorder && this.count - start > 1) this.sortFrom(start);
  }

  private step(node: PNode, e: Entry, c: number, s: number, depth: number, sorting: boolean): void {
    if (e.removed) return;
    const mark = this.trail.length;
    if (this.match(node, e.atom)) {
      this.ord[c] = s * SPACE_STRIDE + e.seq;
      this.search(depth + 1, sorting);
    }
    const t = this.trail;
    while (t.length > mark) this.vals[t.pop()!] = null;
  }

  /** Candidate count of conjunct `c` under the current slot values; its lists go to `pickedNow`. */
  private candidates(c: number): number {
    const ns = this.ns, node = this.conj[c]!, items = node.items, vals = this.vals;
    let total = 0;
    for (let s = 0; s < ns; s++) {
      const hi = this.heads[c * ns + s];
      if (hi === undefined) {
        this.pickedNow[s] = undefined;
        continue;
      }
      let list: Bucket | undefined = hi.all;
      let count = hi.all.length;
      const h = count >= INDEX_MIN ? nodeHash(node, vals) : null;
      if (h !== null) {
        // Every variable is bound: the atoms with the instantiated conjunct's hash, a hash join's probe.
        list = exactIndex(hi).get(h);
        count = bucketLength(list);
      } else if (count >= INDEX_MIN) {
        for (let i = 1; i < items.length; i++) {
          const k = nodeKey(items[i]!, vals);
          if (k === null) continue;
          // Ground join: no stored atom has a variable, so a position's wildcard list is empty.
          const b = posIndex(hi, i).keyed.get(k);
          const m = bucketLength(b);
          if (m < count) {
            count = m;
            list = b;
            if (m === 0) break;
          }
        }
      }
      this.pickedNow[s] = list;
      total += count;
    }
    return total;
  }

  /** One-way match of a conjunct against a ground stored atom, binding slots (trailed). */
  private match(n: PNode, a: Atom): boolean {
    switch (n.kind) {
      case N_CONST:
        return n.atom === a || atomEq(n.atom, a);
      case N_SLOT: {
        const cur = this.vals[n.slot];
        if (cur === null || cur === undefined) {
          this.vals[n.slot] = a;
          this.trail.push(n.slot);
          return true;
        }
        return cur === a || atomEq(cur, a);
      }
      default: {
        const items = n.items;
        const xs = a.items;
        if (a.kind !== EXPRESSION || xs.length !== items.length) return false;
        for (let i = 0; i < items.length; i++) {
          const m = items[i]!, x = xs[i]!;
          // Constants and bound slots inline (most conjuncts are flat); the rest recursively.
          if (m.kind === N_CONST) {
            if (m.atom !== x && (m.atom.hash !== x.hash || !atomEq(m.atom, x))) return false;
          } else if (!this.match(m, x)) return false;
        }
        return true;
      }
    }
  }

  /** Puts the answers from `start` on in left-to-right order: by matched positions, conjunct by conjunct. */
  private sortFrom(start: number): void {
    const n = this.conj.length, nv = this.nv;
    const k = this.count - start;
    const idx: number[] = [];
    for (let i = 0; i < k; i++) idx.push(start + i);
    const ords = this.ords;
    idx.sort((x, y) => {
      for (let c = 0; c < n; c++) {
        const d = ords[x * n + c]! - ords[y * n + c]!;
        if (d !== 0) return d;
      }
      return 0;
    });
    const vals = this.values.slice(start * nv, this.count * nv);
    const os = ords.slice(start * n, this.count * n);
    for (let i = 0; i < k; i++) {
      const from = idx[i]! - start;
      for (let v = 0; v < nv; v++) this.values[(start + i) * nv + v] = vals[from * nv + v]!;
      for (let c = 0; c < n; c++) ords[(start + i) * n + c] = os[from * n + c]!;
    }
  }
}

/** The structural hash `expr` would give the instantiated node, or null while a slot is unbound. */
function nodeHash(n: PNode, vals: ReadonlyArray<Atom | null>): number | null {
  switch (n.kind) {
    case N_CONST:
      return n.atom.hash;
    case N_SLOT: {
      const v = vals[n.slot];
      return v === null || v === undefined ? null : v.hash;
    }
    default: {
      const items = n.items;
      let h = 0x3c6ef372 ^ items.length;
      for (let i = 0; i < items.length; i++) {
        const x = nodeHash(items[i]!, vals);
        if (x === null) return null;
        h = Math.imul(h ^ x, 0x01000193) + i | 0;
      }
      return h;
    }
  }
}
