// The in-memory store's index structures: per head symbol, the atoms in
// insertion order and, per argument position a query asked about, buckets
// keyed on what the atoms have there. Keys may collide (a bucket is then a
// superset, filtered by unification); equal atoms always share every key.
import { Atom, SYMBOL, VARIABLE, EXPRESSION, GROUNDED } from '../atom/atom.js';

/** One stored atom: its insertion number orders answers; removal marks it dead until compaction. */
export interface Entry {
  readonly atom: Atom;
  readonly seq: number;
  removed: boolean;
}

/**
 * Index key of an atom at an argument position, or null when it could match
 * anything. Equal atoms always get equal keys; different atoms may share one
 * (the bucket is then a superset, filtered by unification).
 */
export type Key = string | number;
export function itemKey(a: Atom): Key | null {
  switch (a.kind) {
    case SYMBOL:
      return a.name;
    case VARIABLE:
      return null;
    case EXPRESSION: {
      if (a.items.length === 0) return '\u0001()';
      return headKey(a.items[0]!);
    }
    default:
      // A grounded atom's hash is its value's hashCode, computed once when the atom was made.
      return a.hash;
  }
}

/** The key of an expression whose first item is `h` (null when `h` could be anything). */
export function headKey(h: Atom): Key | null {
  if (h.kind === SYMBOL) return '\u0001' + h.name;
  if (h.kind === GROUNDED) return '\u0002' + h.hash;
  return null;
}

/** A bucket: one entry, or several in insertion order (most keys of a big index hold one atom). */
export type Bucket = Entry | Entry[];

/** The atoms of one head symbol keyed on what they have at one argument position. */
export class PosIndex {
  readonly keyed = new Map<Key, Bucket>();
  /** Atoms with a variable (or a variable-headed expression) there: they may match any key. */
  readonly wild: Entry[] = [];
}

/**
 * The atoms `(h …)` of one head symbol, with argument indexes built on first use;
 * or (`first` 0) every expression of one arity, indexed on the head too, for
 * conjuncts whose head is not a symbol (`($x != $y)`).
 */
export class HeadIndex {
  /** The first indexed position: 1 under a head symbol, 0 for an arity's expressions. */
  readonly first: number;
  constructor(first = 1) {
    this.first = first;
  }
  readonly all: Entry[] = [];
  /** How many of them have variables (joins take a faster path when none do). */
  nonGround = 0;
  /** Those atoms with variables, in insertion order (a fully bound conjunct meets them beside its hash bucket). */
  readonly open: Entry[] = [];
  /** pos[i]: the index on argument i (1-based), once a query asked for it. */
  readonly pos: Array<PosIndex | undefined> = [];
  /** The atoms by their whole structural hash, once a join needed it (a fully bound conjunct). */
  exact: Map<number, Bucket> | null = null;
}

export function addToBucket(m: Map<Key, Bucket>, k: Key, e: Entry): void {
  const b = m.get(k);
  if (b === undefined) m.set(k, e);
  else if (Array.isArray(b)) b.push(e);
  else m.set(k, [b, e]);
}

/** Below this many atoms a head's bucket is scanned, not indexed by argument. */
export const INDEX_MIN = 8;

export function bucketLength(b: Bucket | undefined): number {
  return b === undefined ? 0 : Array.isArray(b) ? b.length : 1;
}

export function addToPos(p: PosIndex, e: Entry, i: number): void {
  const items = e.atom.items;
  if (items.length <= i) return;
  const k = itemKey(items[i]!);
  if (k === null) {
    p.wild.push(e);
    return;
  }
  addToBucket(p.keyed, k, e);
}

export function isSymbolHeaded(a: Atom): boolean {
  return a.kind === EXPRESSION && a.items.length > 0 && a.items[0]!.kind === SYMBOL;
}

export const NONE: Entry[] = [];

export function asList(b: Bucket | undefined): readonly Entry[] {
  return b === undefined ? NONE : Array.isArray(b) ? b : [b];
}

/** Adds an entry to a head's (or an arity's) lists and the indexes built so far. */
export function indexEntry(hi: HeadIndex, e: Entry): void {
  const atom = e.atom;
  hi.all.push(e);
  if (!atom.ground) {
    hi.nonGround++;
    hi.open.push(e);
  }
  if (hi.exact !== null) addToBucket(hi.exact, atom.hash, e);
  const pos = hi.pos;
  for (let i = hi.first; i < pos.length; i++) {
    const p = pos[i];
    if (p !== undefined) addToPos(p, e, i);
  }
}

/** The index of the expressions of arity `n` in `m`, made empty if there was none. */
export function arityIndexIn(m: Map<number, HeadIndex>, n: number): HeadIndex {
  let hi = m.get(n);
  if (hi === undefined) {
    hi = new HeadIndex(0);
    m.set(n, hi);
  }
  return hi;
}

/** The whole-atom hash index of `hi`, built now if no join needed it before. */
export function exactIndex(hi: HeadIndex): Map<number, Bucket> {
  let m = hi.exact;
  if (m === null) {
    m = new Map<number, Bucket>();
    for (const e of hi.all) if (!e.removed) addToBucket(m, e.atom.hash, e);
    hi.exact = m;
  }
  return m;
}

/** The index of `hi` on argument `i`, built now if no query needed it before. */
export function posIndex(hi: HeadIndex, i: number): PosIndex {
  let p = hi.pos[i];
  if (p === undefined) {
    p = new PosIndex();
    for (const e of hi.all) if (!e.removed) addToPos(p, e, i);
    while (hi.pos.length < i) hi.pos.push(undefined);
    hi.pos[i] = p;
  }
  return p;
}

/** Appends the live entries of three insertion-ordered lists to `out`, in insertion order. */
export function mergeBySeq(a: readonly Entry[], b: readonly Entry[], c: readonly Entry[], out: Atom[]): void {
  if (a.length === 0 && c.length === 0) {
    for (const e of b) if (!e.removed) out.push(e.atom);
    return;
  }
  let i = 0, j = 0, k = 0;
  for (;;) {
    const ea = a[i], eb = b[j], ec = c[k];
    let e: Entry | undefined = ea;
    if (eb !== undefined && (e === undefined || eb.seq < e.seq)) e = eb;
    if (ec !== undefined && (e === undefined || ec.seq < e.seq)) e = ec;
    if (e === undefined) return;
    if (e === ea) i++;
    else if (e === eb) j++;
    else k++;
    if (!e.removed) out.push(e.atom);
  }
}
