// Conjunctions `(, p1 … pn)` in heap stores, as index nested-loop joins in an
// order fixed once by estimated candidate counts: answers (and their order)
// exactly those of the naive left-to-right evaluation over all stored atoms.
// Stored atoms with variables are met by the open matcher (open-match.ts);
// conjuncts without a symbol head use the store's index by arity.
import { Atom, VARIABLE, EXPRESSION, atomEq, expr, exprHashSeed, exprHashStep } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { Bindings, varKey, type VarKey } from '../match/bindings.js';
import { PNode, N_CONST, N_SLOT, N_EXPR } from '../match/pattern-node.js';
import type { AtomStore } from './atom-store.js';
import { MemoryStore } from './memory-store.js';
import {
  HeadIndex, INDEX_MIN, SlotList, bucketAt, bucketLength, exactIndex, headKey, isSymbolHeaded, itemKey, posIndex, type AtomTable, type Bucket, type Key,
} from './indexes.js';
import { planOrder } from './join-plan.js';
import { OpenMatcher, OPEN_OK, OPEN_GIVE_UP } from './open-match.js';

/**
 * A fully bound conjunct probes the whole-atom hash index when its head has at
 * most this many stored atoms with variables (they are checked beside the bucket).
 */
const OPEN_BESIDE_MAX = 8;

/**
 * The ground atoms of a hash bucket merged, in insertion order, with the stored
 * atoms with variables of `hi` whose argument keys fit the bound conjunct `node`
 * (the only other ones that can unify with it). The bucket itself when none fits.
 */
function withOpen(b: Bucket | undefined, atoms: AtomTable, open: readonly number[], node: PNode, vals: ReadonlyArray<Atom | null>): Bucket | undefined {
  let fit: number[] | null = null;
  for (const s of open) {
    const a = atoms.at(s);
    if (a !== null && keysFit(a, node, vals)) (fit ??= []).push(s);
  }
  const n = bucketLength(b);
  let openInBucket = false;
  for (let i = 0; i < n; i++) if (atoms.at(bucketAt(b!, i))?.ground === false) openInBucket = true;
  if (fit === null && !openInBucket) return b;
  const out = new SlotList();
  const more = fit ?? [];
  let i = 0, j = 0;
  for (;;) {
    while (i < n && atoms.at(bucketAt(b!, i))?.ground === false) i++;
    const x = i < n ? bucketAt(b!, i) : -1, y = j < more.length ? more[j]! : -1;
    if (x < 0 && y < 0) return out;
    if (y < 0 || (x >= 0 && x < y)) {
      out.push(x);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
}

/** Can stored atom `a` unify with the bound conjunct `items`, as far as index keys tell? */
function keysFit(a: Atom, node: PNode, vals: ReadonlyArray<Atom | null>): boolean {
  // A conjunct with no variables at all is one constant node: its atom's items are the keys.
  const ground = node.kind === N_CONST ? node.atom : null;
  const n = ground !== null ? (ground.kind === EXPRESSION ? ground.items.length : -1) : node.items.length;
  if (a.kind !== EXPRESSION || a.items.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const k = itemKey(a.items[i]!);
    if (k === null) continue;
    const q = ground !== null ? itemKey(ground.items[i]!) : nodeKey(node.items[i]!, vals);
    if (q !== null && q !== k) return false;
  }
  return true;
}

/** A single fully bound pattern whose best argument bucket is bigger than this gets the whole-atom hash index. */
const EXACT_AFTER = 64;

/** Orders conjunction answers across spaces: a space's position in the visible list, then insertion. */
const SPACE_STRIDE = 2 ** 32;

/** Where `queryRows` wants the answers: the values of `vars`, one row per answer. */
export interface RowsOut {
  readonly vars: readonly Atom[];
  readonly out: Atom[][];
  /**
   * For a single pattern: each row also ends with the pattern as that answer
   * instantiates it, which is the stored atom itself when that atom is ground
   * (no copy: a `match` whose template is its pattern gives the stored atoms).
   */
  readonly whole?: boolean;
  /** When given, the rows go here one after another (no array per row), and `out` stays empty. */
  readonly cells?: Atom[];
  /**
   * When given instead, each row is handed here as it is found (in a scratch array the
   * callee must not keep), nothing is stored, and the rows come in no particular order:
   * for callers that only count or check the answers.
   */
  readonly each?: (row: readonly Atom[]) => void;
  /** How many rows were given. */
  count: number;
  /** Variables of the query left out of the rows whose values must be ground (see `open`). */
  readonly ground?: readonly Atom[] | undefined;
  /** Set when some answer may bind a variable of `ground` to an atom that is not ground. */
  open?: boolean;
}

/** Gives one row to `rows` (as an array, or cell by cell). */
export function pushRow(rows: RowsOut, row: Atom[]): void {
  rows.count++;
  if (rows.each !== undefined) rows.each(row);
  else if (rows.cells === undefined) rows.out.push(row);
  else for (const x of row) rows.cells.push(x);
}
const NO_BINDINGS: Bindings[] = [];

/** The heap stores of `stores`, or null when one is not a heap store (only those have the indexes the join walks). */
function heapStores(stores: readonly AtomStore[]): MemoryStore[] | null {
  const out: MemoryStore[] = [];
  for (const s of stores) {
    if (!(s instanceof MemoryStore)) return null;
    out.push(s);
  }
  return out;
}

/**
 * Whether conjunct `c` under `bindings` can only meet ground stored atoms (what
 * the ground join needs): stores other than heap stores take the nested-loop path.
 */
export function joinable(stores: readonly AtomStore[], c: Atom, bindings: Bindings): boolean {
  const p = bindings.apply(c);
  if (p.kind !== EXPRESSION || p.items.length === 0 || p.items[0] === S.comma) return false;
  const spaces = heapStores(stores);
  if (spaces === null) return false;
  for (const s of spaces) if (s.wildNonGround > 0) return false;
  // Stored atoms with variables are matched by the join too; where it cannot, it gives up (null).
  return true;
}

/**
 * The conjunction of `conjuncts` (a whole `(, p1 … pn)`, or one pattern as a
 * conjunction of one) over heap stores, as an index nested-loop join in an order
 * fixed once by estimated candidate counts (planOrder). Answers come back
 * exactly as the left-to-right evaluation gives them, in its order (sorted back
 * where the join went in another order). Null when it does not apply (a store
 * that is not a heap store, a conjunct that is not an expression, stored atoms
 * that match by their own rules, or stored atoms with variables that conjuncts
 * could meet beyond what the open matcher handles).
 */
export function groundJoinOf(stores: readonly AtomStore[], conjuncts: readonly Atom[], bindings: Bindings, rows: RowsOut | null = null): Bindings[] | null {
  const spaces = heapStores(stores);
  if (spaces === null) return null;
  const n = conjuncts.length;
  const conj: PNode[] = [];
  const heads: Array<HeadIndex | undefined> = [];
  const slotOf = new Map<VarKey, number>();
  const varAtoms: Atom[] = [];
  for (const s of spaces) if (s.wildNonGround > 0 || s.wildMatchers > 0) return null;
  for (let c = 1; c <= n; c++) {
    const p = bindings.apply(conjuncts[c - 1]!);
    if (p.kind !== EXPRESSION || p.items.length === 0 || p.items[0] === S.comma) return null;
    if (isSymbolHeaded(p)) {
      const name = p.items[0]!.name;
      for (const s of spaces) heads.push(s.byHead.get(name));
    } else for (const s of spaces) heads.push(s.arityIndex(p.items.length));
    conj.push(compileJoin(p, slotOf, varAtoms));
  }
  // Each answer is one row of cells in its final layout: the values of `rows.vars` (a variable
  // the conjunction does not bind stands for itself), then the whole instance where asked;
  // without `rows`, every slot's value, for the Bindings made below.
  const cols = rows === null ? varAtoms.map((_, v) => v) : rows.vars.map((v) => slotOf.get(varKey(v)) ?? -1);
  const fixed = rows === null ? [] : rows.vars;
  const whole = rows !== null && rows.whole === true && n === 1;
  // One conjunct never reorders: its rows are written straight into the caller's cells, room
  // reserved. Several conjuncts append rows to the caller's array (sorted back in place where needed).
  const direct = rows !== null && rows.cells !== undefined && n === 1 ? rows.cells : null;
  const into = direct === null ? rows?.cells : undefined;
  const mark = (direct ?? into)?.length ?? 0;
  const j = new Join(spaces.length, conj, heads, varAtoms.length, cols, fixed, whole, into ?? []);
  // The slots of the variables left out of the rows whose values must be ground (see RowsOut.ground).
  for (const v of rows?.ground ?? []) {
    const s = slotOf.get(varKey(v));
    if (s !== undefined) j.groundSlots.push(s);
  }
  if (direct !== null) j.writeCells(direct);
  if (rows?.each !== undefined) j.streamTo(rows.each);
  j.search(0, false);
  if (direct !== null) direct.length = j.gaveUp ? mark : j.cellEnd;
  if (j.gaveUp) {
    if (into !== undefined) into.length = mark;
    return null;
  }
  if (rows !== null) rows.count += j.count;
  if (rows !== null && j.openAnswer) rows.open = true;
  if (direct !== null || into !== undefined || rows?.each !== undefined) return NO_BINDINGS;
  const w = j.width, cells = j.values;
  if (rows !== null) {
    for (let r = 0; r < j.count; r++) rows.out.push(cells.slice(r * w, r * w + w));
    return NO_BINDINGS;
  }
  const out: Bindings[] = [];
  const keys = varAtoms.map(varKey);
  for (let r = 0; r < j.count; r++) {
    const m = new Map(bindings.map);
    for (let v = 0; v < w; v++) m.set(keys[v]!, cells[r * w + v]!);
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

/** How many items the conjunct `n` has (a conjunct with no variables is one constant node: its atom's). */
function argCount(n: PNode): number {
  if (n.kind !== N_CONST) return n.items.length;
  return n.atom.kind === EXPRESSION ? n.atom.items.length : 0;
}

/** The index key of item `i` of the conjunct `n` under the slot values. */
function argKey(n: PNode, i: number, vals: ReadonlyArray<Atom | null>): Key | null {
  return n.kind === N_CONST ? itemKey(n.atom.items[i]!) : nodeKey(n.items[i]!, vals);
}

/** The most cells a one-pattern query reserves at once. */
const RESERVE_MAX = 1 << 24;

/** One run of the ground join: slot values with a trail, and the answers found so far. */
class Join {
  private readonly ns: number;
  private readonly conj: readonly PNode[];
  /** heads[c * ns + s]: conjunct c's head index in visible space s. */
  private readonly heads: ReadonlyArray<HeadIndex | undefined>;
  private readonly vals: Array<Atom | null>;
  private readonly trail: number[] = [];
  /** The stored atom each conjunct matched, as a global position (space, then slot). */
  private readonly ord: Float64Array;
  /** Scratch: the candidate lists chosen at each depth, `ns` per depth. */
  private readonly picked: Array<Bucket | undefined>;
  private readonly pickedNow: Array<Bucket | undefined>;
  /**
   * Answers, one row of `width` cells each from `base` on: per column the value of
   * slot `cols[i]` (or `fixed[i]` where that is -1), then the whole instance with `whole`.
   */
  readonly values: Atom[];
  private readonly base: number;
  readonly width: number;
  private readonly cols: readonly number[];
  private readonly fixed: readonly Atom[];
  /** With `whole` (one conjunct): the conjunct as the answer being made instantiates it. */
  private readonly whole: boolean;
  private wholeNow: Atom | null = null;
  /** n matched positions per answer, kept only for answers under a reordered step (the ones sortFrom reads). */
  private ords = new Float64Array(0);
  count = 0;
  /** Set when a stored atom with variables was beyond the open matcher: the answers are then incomplete. */
  gaveUp = false;
  /** Set when a stored atom with variables met a conjunct (only then can a slot hold something not ground). */
  metOpen = false;
  /** Slots whose values every answer must have ground, and whether one answer's was not. */
  readonly groundSlots: number[] = [];
  openAnswer = false;
  private readonly open = new OpenMatcher();
  /**
   * openFit[c * ns + s]: the slots of the atoms with variables of conjunct c's head index in
   * space s whose keys fit c's constant arguments (only those can meet c beside its hash bucket): mostly none.
   */
  private readonly openFit: ReadonlyArray<readonly number[]>;

  /** With writeCells: the array each answer's row is written into, cell by cell, from cellEnd on. */
  private cells: Atom[] | null = null;

  /** Sends each answer's row straight to `cells` (a join whose answers come in order: one conjunct). */
  writeCells(cells: Atom[]): void {
    this.cells = cells;
    this.cellEnd = cells.length;
  }

  /** With streamTo: where each answer's row goes as it is found, and the scratch row it is written into. */
  private each: ((row: readonly Atom[]) => void) | null = null;
  private row: Atom[] = [];

  /** Hands each answer's row to `each` as it is found, in no particular order (so nothing is ever sorted). */
  streamTo(each: (row: readonly Atom[]) => void): void {
    this.each = each;
    this.row = new Array<Atom>(this.width);
  }

  /** Writes this answer's row into `to` from `at` on; returns where it ends. */
  private writeRow(to: Atom[], at: number): number {
    const cols = this.cols, fixed = this.fixed, vals = this.vals;
    for (let i = 0; i < cols.length; i++) to[at++] = cols[i]! < 0 ? fixed[i]! : vals[cols[i]!]!;
    if (this.whole) to[at++] = this.wholeNow!;
    return at;
  }

  /** Where the next row's cells go; the cells written so far end here (the array may be longer: room reserved). */
  cellEnd = 0;

  constructor(
    ns: number, conj: readonly PNode[], heads: ReadonlyArray<HeadIndex | undefined>, nv: number,
    cols: readonly number[], fixed: readonly Atom[], whole: boolean, values: Atom[],
  ) {
    this.cols = cols;
    this.fixed = fixed;
    this.whole = whole;
    this.width = cols.length + (whole ? 1 : 0);
    this.values = values;
    this.base = values.length;
    this.ns = ns;
    this.conj = conj;
    this.heads = heads;
    this.vals = new Array<Atom | null>(nv).fill(null);
    this.ord = new Float64Array(conj.length);
    this.picked = new Array<Bucket | undefined>(conj.length * ns).fill(undefined);
    this.pickedNow = new Array<Bucket | undefined>(ns).fill(undefined);
    const unbound = new Array<Atom | null>(nv).fill(null);
    this.openFit = heads.map((hi, k) => {
      if (hi === undefined || hi.nonGround === 0) return NO_SLOTS;
      const node = conj[Math.floor(k / ns)]!;
      const fit: number[] = [];
      for (let i = 0; i < hi.open.length; i++) {
        const slot = hi.open.at(i), a = hi.atoms.at(slot);
        if (a !== null && keysFit(a, node, unbound)) fit.push(slot);
      }
      return fit.length === 0 ? NO_SLOTS : fit;
    });
    // A conjunct that may meet stored atoms with variables waits until its slots are bound,
    // so the open matcher meets values, not unbound slots.
    const open = (c: number): boolean => {
      for (let s = 0; s < ns; s++) if ((heads[c * ns + s]?.nonGround ?? 0) > 0) return true;
      return false;
    };
    this.order = planOrder(conj.map((node) => slotsIn(node, [])), nv, (c, bound) => this.estimate(c, bound), open);
    // The leftmost conjunct not yet matched at each depth (what left-to-right would take there).
    const used = new Uint8Array(conj.length);
    this.firstAt = this.order.map((c) => {
      let first = 0;
      while (used[first] === 1) first++;
      used[c] = 1;
      return first;
    });
    // A conjunct whose slots are all bound when its turn comes, and that no stored atom with
    // variables can meet, is a membership test: a hash probe, compared without binding anything.
    const bound = new Uint8Array(nv);
    this.testAt = new Uint8Array(conj.length);
    this.boundAt = new Uint8Array(conj.length);
    this.flatAt = [];
    this.order.forEach((c, d) => {
      const slots = slotsIn(conj[c]!, []);
      this.boundAt[d] = slots.every((x) => bound[x] === 1) ? 1 : 0;
      let test = conj.length > 1 && this.boundAt[d] === 1;
      for (let s = 0; s < ns; s++) if (this.openFit[c * ns + s]!.length > 0) test = false;
      this.testAt[d] = test ? 1 : 0;
      // A membership test compares only (it binds nothing): its flat form gives its hash and its comparison.
      this.flatAt.push(test || !open(c) ? flatMatch(conj[c]!, bound) : null);
      for (const x of slots) bound[x] = 1;
    });
  }

  /** flatAt[d]: the conjunct at depth d as a flat match, when it is one and meets ground atoms only. */
  private readonly flatAt: Array<FlatMatch | null>;

  /** The conjuncts in the order the search takes them (see planOrder). */
  private readonly order: readonly number[];
  private readonly firstAt: readonly number[];
  /** testAt[d]: the conjunct at depth d is a membership test (see the constructor). */
  private readonly testAt: Uint8Array;
  /** boundAt[d]: every slot of the conjunct at depth d is bound when its turn comes (only then has it a hash to probe). */
  private readonly boundAt: Uint8Array;

  /** Estimated candidates of conjunct `c` when the slots marked in `bound` have values. */
  private estimate(c: number, bound: Uint8Array): number {
    const ns = this.ns, node = this.conj[c]!, items = node.items;
    const all = slotsIn(node, []).every((s) => bound[s] === 1);
    let total = 0;
    for (let s = 0; s < ns; s++) {
      const hi = this.heads[c * ns + s];
      if (hi === undefined) continue;
      let est = hi.all.length;
      if (est < INDEX_MIN) {
        total += est;
        continue;
      }
      if (all && hi.nonGround <= OPEN_BESIDE_MAX) est = Math.min(est, 1 + hi.nonGround);
      for (let i = hi.first; i < items.length; i++) {
        const it = items[i]!;
        const h = it.kind === N_EXPR ? it.items[0]! : it;
        if (h === undefined || (h.kind === N_SLOT ? bound[h.slot] === 0 : h.kind !== N_CONST)) continue;
        // The key's bucket (known for a constant, on average for a slot) plus the atoms with a variable there.
        const p = posIndex(hi, i);
        const k = h.kind === N_CONST ? (it.kind === N_EXPR ? headKey(h.atom) : itemKey(h.atom)) : null;
        const e = p.wild.length + (k !== null ? bucketLength(p.keyed.get(k)) : (hi.all.length - p.wild.length) / Math.max(1, p.keyed.size));
        if (e < est) est = e;
      }
      total += est;
    }
    return total;
  }

  search(depth: number, sorting: boolean): void {
    const n = this.conj.length, ns = this.ns;
    if (this.gaveUp) return;
    if (depth === n) {
      const cells = this.cells, vals = this.vals;
      if (this.metOpen) for (const s of this.groundSlots) if (vals[s]?.ground !== true) this.openAnswer = true;
      if (this.each !== null) {
        this.writeRow(this.row, 0);
        this.count++;
        this.each(this.row);
        return;
      }
      if (cells !== null) {
        this.cellEnd = this.writeRow(cells, this.cellEnd);
        this.count++;
        return;
      }
      this.writeRow(this.values, this.values.length);
      if (sorting) this.keepOrds();
      this.count++;
      return;
    }
    // The next conjunct as planned; the leftmost not yet matched is the one left-to-right would take.
    const picked = this.picked, now = this.pickedNow, at = depth * ns;
    const best = this.order[depth]!;
    if (this.testAt[depth] === 1) return this.test(depth, best, sorting);
    const total = this.candidates(best, depth);
    if (total === 0) return;
    // Room for every candidate's row at once: growing the array row by row left twice its size behind.
    // (Past RESERVE_MAX cells V8 might make the array a dictionary: it grows as it is written.)
    if (this.cells !== null) {
      const want = this.cellEnd + total * this.width;
      if (this.cells.length < want && want <= RESERVE_MAX) this.cells.length = want;
    }
    for (let s = 0; s < ns; s++) picked[at + s] = now[s];
    const reorder = best !== this.firstAt[depth]! && !sorting && this.each === null;
    const start = this.count;
    const node = this.conj[best]!;
    const flat = this.flatAt[depth]!;
    for (let s = 0; s < ns; s++) {
      const l = picked[at + s];
      if (l === undefined) continue;
      const atoms = this.heads[best * ns + s]!.atoms;
      if (flat !== null) this.flatSteps(flat, l, atoms, best, s, depth, sorting || reorder);
      else if (typeof l === 'number') this.step(node, atoms, l, best, s, depth, sorting || reorder);
      else for (let i = 0; i < l.length; i++) this.step(node, atoms, l.at(i), best, s, depth, sorting || reorder);
    }
    // A flat match binds without a trail: its slots are let go once every candidate was tried.
    if (flat !== null) for (const x of flat.binds) this.vals[x] = null;
    if (reorder && this.count - start > 1) this.sortFrom(start);
  }

  /**
   * The candidates `l` of conjunct `c` matched as a flat match (ground stored
   * atoms only): each item compared or bound in place, the slots it binds
   * written over by the next candidate.
   */
  private flatSteps(f: FlatMatch, l: Bucket, atoms: AtomTable, c: number, s: number, depth: number, sorting: boolean): void {
    const vals = this.vals, ops = f.ops, consts = f.consts, n = consts.length;
    const one = typeof l === 'number';
    const m = one ? 1 : l.length;
    for (let k = 0; k < m; k++) {
      const slot = one ? l : l.at(k);
      const atom = atoms.at(slot);
      if (atom === null || atom.kind !== EXPRESSION) continue;
      const xs = atom.items;
      if (xs.length !== n) continue;
      let i = 0;
      for (; i < n; i++) {
        const op = ops[i]!, x = xs[i]!;
        if (op >= 0) {
          vals[op] = x;
          continue;
        }
        const want = op === FLAT_CONST ? consts[i]! : vals[-op - 2]!;
        if (want !== x && (want.hash !== x.hash || !atomEq(want, x))) break;
      }
      if (i < n) continue;
      this.ord[c] = s * SPACE_STRIDE + slot;
      if (this.whole) this.wholeNow = atom;
      this.search(depth + 1, sorting);
    }
  }

  /** Depth `depth` is the membership test of the fully bound conjunct `c`: each equal ground stored atom is an answer step. */
  private test(depth: number, c: number, sorting: boolean): void {
    const ns = this.ns, node = this.conj[c]!, vals = this.vals;
    const f = this.flatAt[depth]!;
    const h = f !== null ? flatHash(f, vals) : nodeHash(node, vals)!;
    const reorder = c !== this.firstAt[depth]! && !sorting && this.each === null;
    const start = this.count;
    for (let s = 0; s < ns; s++) {
      const hi = this.heads[c * ns + s];
      if (hi === undefined) continue;
      // The hash bucket (no stored atom with variables can meet the conjunct, however many there are), or every atom of a small head.
      const b = hi.all.length < INDEX_MIN ? hi.all : exactIndex(hi).get(h);
      const n = bucketLength(b), atoms = hi.atoms;
      for (let i = 0; i < n; i++) {
        const slot = bucketAt(b!, i), a = atoms.at(slot);
        if (a !== null && a.ground && (f !== null ? flatSame(f, a, vals) : sameGround(node, a, vals))) {
          this.ord[c] = s * SPACE_STRIDE + slot;
          this.search(depth + 1, sorting || reorder);
        }
      }
    }
    if (reorder && this.count - start > 1) this.sortFrom(start);
  }

  private step(node: PNode, atoms: AtomTable, slot: number, c: number, s: number, depth: number, sorting: boolean): void {
    const atom = atoms.at(slot);
    if (atom === null) return;
    const mark = this.trail.length;
    let ok: boolean;
    if (atom.ground) ok = this.match(node, atom);
    else {
      const r = this.open.match(node, atom, this.vals, this.trail);
      if (r === OPEN_GIVE_UP) this.gaveUp = true;
      ok = r === OPEN_OK;
      if (ok) this.metOpen = true;
    }
    if (ok) {
      this.ord[c] = s * SPACE_STRIDE + slot;
      if (this.whole) this.wholeNow = atom.ground ? atom : instantiateNode(node, this.vals);
      this.search(depth + 1, sorting);
    }
    const t = this.trail;
    while (t.length > mark) this.vals[t.pop()!] = null;
  }

  /** Candidate count of conjunct `c`, taken at `depth`, under the current slot values; its lists go to `pickedNow`. */
  private candidates(c: number, depth: number): number {
    const bound = this.boundAt[depth] === 1;
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
      // Stored atoms with variables unify with more than their hash's bucket (merging them in did not pay: experiments.md).
      const h = bound && count >= INDEX_MIN && hi.nonGround <= OPEN_BESIDE_MAX ? nodeHash(node, vals) : null;
      // Every variable is bound: the atoms with the instantiated conjunct's hash, a hash join's probe.
      // A query of one fully bound pattern probes once: there an argument's bucket does, unless it is
      // big, rather than a hash index over the whole head (a million entries for one answer).
      const exact = h !== null && (hi.exact !== null || this.conj.length > 1 || this.positional(hi, node, vals) > EXACT_AFTER);
      if (exact) {
        list = exactIndex(hi).get(h);
        // A few stored atoms with variables (a program's rules of the same arity as `(1 != 2)`) may
        // unify too: those whose keys fit the conjunct's join the bucket, in insertion order.
        if (hi.nonGround > 0) list = withOpen(list, hi.atoms, this.openFit[c * ns + s]!, node, vals);
        count = bucketLength(list);
      } else if (count >= INDEX_MIN) {
        for (let i = hi.first, n = argCount(node); i < n; i++) {
          const k = argKey(node, i, vals);
          if (k === null) continue;
          // A position's wildcard list is empty under a head symbol (a ground join); where it is not,
          // its atoms (with variables) could match any key, so that position's bucket is not enough.
          const p = posIndex(hi, i);
          if (p.wild.length > 0) continue;
          const b = p.keyed.get(k);
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

  /** The smallest argument bucket of a conjunct under the slot values (the head's size when no argument is keyed). */
  private positional(hi: HeadIndex, node: PNode, vals: ReadonlyArray<Atom | null>): number {
    let count = hi.all.length;
    for (let i = hi.first, n = argCount(node); i < n; i++) {
      const k = argKey(node, i, vals);
      if (k === null) continue;
      const p = posIndex(hi, i);
      if (p.wild.length > 0) continue;
      count = Math.min(count, bucketLength(p.keyed.get(k)));
    }
    return count;
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
        return cur === a || (cur.hash === a.hash && atomEq(cur, a));
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

  private keepOrds(): void {
    const n = this.conj.length, at = this.count * n;
    if (this.ords.length < at + n) {
      const grown = new Float64Array(Math.max(64, (at + n) * 2));
      grown.set(this.ords);
      this.ords = grown;
    }
    for (let c = 0; c < n; c++) this.ords[at + c] = this.ord[c]!;
  }

  /** Puts the answers from `start` on in left-to-right order: by matched positions, conjunct by conjunct. */
  private sortFrom(start: number): void {
    const n = this.conj.length, w = this.width, at = this.base;
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
    const vals = this.values.slice(at + start * w, at + this.count * w);
    const os = ords.slice(start * n, this.count * n);
    for (let i = 0; i < k; i++) {
      const from = idx[i]! - start;
      for (let v = 0; v < w; v++) this.values[at + (start + i) * w + v] = vals[from * w + v]!;
      for (let c = 0; c < n; c++) ords[(start + i) * n + c] = os[from * n + c]!;
    }
  }
}

/**
 * A conjunct of constants and variables only, `(edge $b $c)`, as the join meets
 * it at its depth: per item, the slot it binds (>= 0), FLAT_CONST (compared with
 * `consts[i]`), or -2 - slot for a slot bound before (compared with its value).
 */
interface FlatMatch {
  readonly ops: Int32Array;
  readonly consts: ReadonlyArray<Atom | null>;
  /** The slots it binds. */
  readonly binds: readonly number[];
}
const FLAT_CONST = -1;

/** The flat match of `node` when the slots marked in `bound` have values; null when an item is an expression. */
function flatMatch(node: PNode, bound: Uint8Array): FlatMatch | null {
  if (node.kind !== N_EXPR) return null;
  const items = node.items;
  const ops = new Int32Array(items.length);
  const consts: Array<Atom | null> = [];
  const binds: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.kind === N_CONST) {
      ops[i] = FLAT_CONST;
      consts.push(it.atom);
    } else if (it.kind === N_SLOT) {
      const seen = bound[it.slot] === 1 || binds.includes(it.slot);
      ops[i] = seen ? -2 - it.slot : it.slot;
      if (!seen) binds.push(it.slot);
      consts.push(null);
    } else return null;
  }
  return { ops, consts, binds };
}

/** The structural hash of a fully bound flat match's instance (nodeHash's, without the walk). */
function flatHash(f: FlatMatch, vals: ReadonlyArray<Atom | null>): number {
  const ops = f.ops, consts = f.consts, n = consts.length;
  let h = exprHashSeed(n);
  for (let i = 0; i < n; i++) {
    const op = ops[i]!;
    h = exprHashStep(h, op === FLAT_CONST ? consts[i]!.hash : vals[-op - 2]!.hash, i);
  }
  return h;
}

/** Is the ground atom `a` the instance of the fully bound flat match f? */
function flatSame(f: FlatMatch, a: Atom, vals: ReadonlyArray<Atom | null>): boolean {
  const ops = f.ops, consts = f.consts, n = consts.length, xs = a.items;
  if (a.kind !== EXPRESSION || xs.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const op = ops[i]!, x = xs[i]!;
    const want = op === FLAT_CONST ? consts[i]! : vals[-op - 2]!;
    if (want !== x && (want.hash !== x.hash || !atomEq(want, x))) return false;
  }
  return true;
}

/** The atom `n` stands for under the slot values; unbound slots stay the conjunct's variables. */
function instantiateNode(n: PNode, vals: ReadonlyArray<Atom | null>): Atom {
  switch (n.kind) {
    case N_CONST:
      return n.atom;
    case N_SLOT:
      return vals[n.slot] ?? n.atom;
    default:
      return expr(n.items.map((x) => instantiateNode(x, vals)));
  }
}

/** Is the ground atom `a` what the fully bound node `n` stands for under the slot values? */
function sameGround(n: PNode, a: Atom, vals: ReadonlyArray<Atom | null>): boolean {
  switch (n.kind) {
    case N_CONST:
      return n.atom === a || atomEq(n.atom, a);
    case N_SLOT: {
      const v = vals[n.slot]!;
      return v === a || (v.hash === a.hash && atomEq(v, a));
    }
    default: {
      const items = n.items, xs = a.items;
      if (a.kind !== EXPRESSION || xs.length !== items.length) return false;
      for (let i = 0; i < items.length; i++) if (!sameGround(items[i]!, xs[i]!, vals)) return false;
      return true;
    }
  }
}

const NO_SLOTS: readonly number[] = [];

function slotsIn(n: PNode, out: number[]): number[] {
  if (n.kind === N_SLOT) {
    if (!out.includes(n.slot)) out.push(n.slot);
  } else for (const x of n.items) slotsIn(x, out);
  return out;
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
      let h = exprHashSeed(items.length);
      for (let i = 0; i < items.length; i++) {
        const x = nodeHash(items[i]!, vals);
        if (x === null) return null;
        h = exprHashStep(h, x, i);
      }
      return h;
    }
  }
}
