// The in-memory store's index structures: per head symbol, the atoms in
// insertion order and, per argument position a query asked about, buckets
// keyed on what the atoms have there. Keys may collide (a bucket is then a
// superset, filtered by unification); equal atoms always share every key.
//
// Lists hold slots, not objects: a slot is an atom's place in its store's
// atom table (`AtomTable`), ascending in insertion order, so lists merge by
// comparing slots, and a removed atom is a null in the table until the store
// compacts (slot-list.ts). Buckets are keyed on 32-bit hashes (key-table.ts).
import { Atom, SYMBOL, VARIABLE, EXPRESSION, GROUNDED } from '../atom/atom.js';
import { BULK_KEYS, KeyTable } from './key-table.js';
import { AtomTable as SlotTable, SlotList, bucketAt, bucketLength, type Bucket } from './slot-list.js';

export { SlotList, bucketAt, bucketLength, type Bucket };

/** A store's atoms by slot; null where one was removed (until compaction renumbers). */
export type AtomTable = SlotTable<Atom>;
export const AtomTable = SlotTable<Atom>;

/**
 * Index key of an atom at an argument position, or null when it could match
 * anything: a 32-bit hash of the symbol, the grounded value or the
 * expression's head. Equal atoms always get equal keys; different atoms may
 * share one (the bucket is then a superset, filtered by unification).
 */
export type Key = number;
export function itemKey(a: Atom): Key | null {
  switch (a.kind) {
    case SYMBOL:
      return a.hash;
    case VARIABLE:
      return null;
    case EXPRESSION:
      return a.items.length === 0 ? EMPTY_KEY : headKey(a.items[0]!);
    default:
      // A grounded atom's hash is its value's hashCode, computed once when the atom was made.
      return a.hash;
  }
}
const EMPTY_KEY = 0x2545f491;

/** The key of an expression whose first item is `h` (null when `h` could be anything). */
export function headKey(h: Atom): Key | null {
  if (h.kind === SYMBOL) return Math.imul(h.hash ^ 0x27d4eb2f, 0x165667b1);
  if (h.kind === GROUNDED) return Math.imul(h.hash ^ 0x61c88647, 0x1b873593);
  return null;
}

/** The atoms of one head symbol keyed on what they have at one argument position. */
export class PosIndex {
  readonly keyed: KeyTable;
  /** Atoms with a variable (or a variable-headed expression) there: they may match any key. */
  readonly wild: SlotList;
  constructor(keyed = new KeyTable(), wild = new SlotList()) {
    this.keyed = keyed;
    this.wild = wild;
  }
}

/**
 * The atoms `(h …)` of one head symbol, with argument indexes built on first use;
 * or (`first` 0) every expression of one arity, indexed on the head too, for
 * conjuncts whose head is not a symbol (`($x != $y)`).
 */
export class HeadIndex {
  /** The store's atom table the slots of these lists name. */
  readonly atoms: AtomTable;
  /** The first indexed position: 1 under a head symbol, 0 for an arity's expressions. */
  readonly first: number;
  constructor(atoms: AtomTable, first = 1) {
    this.atoms = atoms;
    this.first = first;
  }
  readonly all = new SlotList();
  /** How many of them have variables (joins take a faster path when none do). */
  nonGround = 0;
  /** Those atoms with variables, in insertion order (a fully bound conjunct meets them beside its hash bucket). */
  readonly open = new SlotList();
  /** pos[i]: the index on argument i (1-based), once a query asked for it. */
  readonly pos: Array<PosIndex | undefined> = [];
  /** The atoms by their whole structural hash, once a join needed it (a fully bound conjunct). */
  exact: KeyTable | null = null;
}


/** Below this many atoms a head's bucket is scanned, not indexed by argument. */
export const INDEX_MIN = 8;

export function addToPos(p: PosIndex, atom: Atom, slot: number, i: number): void {
  const items = atom.items;
  if (items.length <= i) return;
  const k = itemKey(items[i]!);
  if (k === null) {
    p.wild.push(slot);
    return;
  }
  p.keyed.add(k, slot);
}

export function isSymbolHeaded(a: Atom): boolean {
  return a.kind === EXPRESSION && a.items.length > 0 && a.items[0]!.kind === SYMBOL;
}

/** An empty list (never pushed to). */
export const NONE: SlotList = new SlotList();

/** Adds the atom at `slot` to a head's (or an arity's) lists and the indexes built so far. */
export function indexSlot(hi: HeadIndex, atom: Atom, slot: number): void {
  hi.all.push(slot);
  if (!atom.ground) {
    hi.nonGround++;
    hi.open.push(slot);
  }
  if (hi.exact !== null) hi.exact.add(atom.hash, slot);
  const pos = hi.pos;
  for (let i = hi.first; i < pos.length; i++) {
    const p = pos[i];
    if (p !== undefined) addToPos(p, atom, slot, i);
  }
}

/** The index of the expressions of arity `n` in `m`, made empty if there was none. */
export function arityIndexIn(m: Map<number, HeadIndex>, atoms: AtomTable, n: number): HeadIndex {
  let hi = m.get(n);
  if (hi === undefined) {
    hi = new HeadIndex(atoms, 0);
    m.set(n, hi);
  }
  return hi;
}

/** The whole-atom hash index of `hi`, built now if no join needed it before. */
export function exactIndex(hi: HeadIndex): KeyTable {
  let m = hi.exact;
  if (m === null) {
    m = new KeyTable(hi.all.length);
    const all = hi.all, atoms = hi.atoms;
    for (let i = 0; i < all.length; i++) {
      const s = all.at(i), a = atoms.at(s);
      if (a !== null) m.add(a.hash, s);
    }
    hi.exact = m;
  }
  return m;
}

/** The index of `hi` on argument `i`, built now if no query needed it before. */
export function posIndex(hi: HeadIndex, i: number): PosIndex {
  let p = hi.pos[i];
  if (p === undefined) {
    p = buildPosIndex(hi, i);
    while (hi.pos.length < i) hi.pos.push(undefined);
    hi.pos[i] = p;
  }
  return p;
}

/** The index on argument `i` of the atoms `hi` has now. */
function buildPosIndex(hi: HeadIndex, i: number): PosIndex {
  const all = hi.all, atoms = hi.atoms, n = all.length;
  const distinct = distinctKeys(hi, i);
  if (distinct < BULK_KEYS) {
    const p = new PosIndex();
    for (let j = 0; j < n; j++) {
      const s = all.at(j), a = atoms.at(s);
      if (a !== null) addToPos(p, a, s, i);
    }
    return p;
  }
  // Many keys: read them in one pass, then make the table at once (KeyTable.of).
  const keys = new Int32Array(n), slots = new Int32Array(n);
  const wild = new SlotList();
  let m = 0;
  for (let j = 0; j < n; j++) {
    const s = all.at(j), a = atoms.at(s);
    if (a === null || a.items.length <= i) continue;
    const k = itemKey(a.items[i]!);
    if (k === null) wild.push(s);
    else {
      keys[m] = k;
      slots[m++] = s;
    }
  }
  return new PosIndex(KeyTable.of(keys, slots, m, distinct), wild);
}

/** Atoms looked at to judge how many distinct keys an argument position has. */
const SAMPLE = 256;

/** About how many distinct keys the atoms of `hi` have at argument `i`, judged from an evenly spaced sample. */
function distinctKeys(hi: HeadIndex, i: number): number {
  const all = hi.all, n = all.length;
  if (n <= SAMPLE) return n;
  const seen = new Set<number>();
  const step = n / SAMPLE;
  for (let j = 0; j < SAMPLE; j++) {
    const a = hi.atoms.at(all.at(Math.floor(j * step)));
    const k = a === null || a.items.length <= i ? null : itemKey(a.items[i]!);
    if (k !== null) seen.add(k);
  }
  // Few distinct in the sample: a small table that grows as it must.
  return seen.size < SAMPLE / 2 ? seen.size : Math.ceil((n * seen.size) / SAMPLE);
}

/** Appends the live atoms of a bucket to `out`, in insertion order. */
export function pushLive(atoms: AtomTable, b: Bucket | undefined, out: Atom[]): void {
  const n = bucketLength(b);
  for (let i = 0; i < n; i++) {
    const a = atoms.at(bucketAt(b!, i));
    if (a !== null) out.push(a);
  }
}

/** Appends the live atoms of three insertion-ordered slot lists to `out`, in insertion order. */
export function mergeBySlot(atoms: AtomTable, a: Bucket | undefined, b: Bucket | undefined, c: Bucket | undefined, out: Atom[]): void {
  const na = bucketLength(a), nb = bucketLength(b), nc = bucketLength(c);
  if (na === 0 && nc === 0) return pushLive(atoms, b, out);
  let i = 0, j = 0, k = 0;
  for (;;) {
    const sa = i < na ? bucketAt(a!, i) : Infinity;
    const sb = j < nb ? bucketAt(b!, j) : Infinity;
    const sc = k < nc ? bucketAt(c!, k) : Infinity;
    let s = sa;
    if (sb < s) s = sb;
    if (sc < s) s = sc;
    if (s === Infinity) return;
    if (s === sa) i++;
    else if (s === sb) j++;
    else k++;
    const x = atoms.at(s);
    if (x !== null) out.push(x);
  }
}
