// The heap store: insertion-ordered, duplicates kept, indexed on the head symbol
// and, per head, on the shape of any argument position a query has asked about
// (built on first use, then kept up to date), so a query with a known head and
// some known argument (`(= (f …) $X)`, `(r $x 3)`) never scans the space.
import { Atom, EXPRESSION, GROUNDED, atomEq } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { customMatcherOf } from '../match/unify.js';
import type { AtomStore } from './atom-store.js';
import {
  HeadIndex, INDEX_MIN, NONE, arityIndexIn, asList, bucketLength, indexEntry, isSymbolHeaded, itemKey, mergeBySeq, posIndex,
  type Entry, type Key,
} from './indexes.js';

interface Lookup {
  readonly a: readonly Entry[];
  readonly b: readonly Entry[];
  readonly count: number;
}

export class MemoryStore implements AtomStore {
  private seq = 0;
  private all: Entry[] = [];
  private removedCount = 0;
  /** @internal The atoms `(h …)` by head symbol name (the ground join reads them). */
  readonly byHead = new Map<string, HeadIndex>();
  /** Atoms that are not `(symbol …)` expressions: symbols, grounded atoms, variables, other expressions. */
  private wild: Entry[] = [];
  /** @internal How many of the `wild` atoms have variables (the ground join needs none). */
  wildNonGround = 0;
  /** @internal Stored atoms that match by their own rules (spaces): queries ask them too, joins refuse them. */
  wildMatchers = 0;
  /** Rules `(= (<grounded> …) …)`, headed by a value such as a number: rare, so data tuples can skip the rule lookup. */
  private valueHeadedRules = 0;
  /** Every expression by arity, once a join had a conjunct without a symbol head (see HeadIndex). */
  private byArity: Map<number, HeadIndex> | null = null;
  generation = 0;

  get size(): number {
    return this.all.length - this.removedCount;
  }

  add(atom: Atom): number {
    const e: Entry = { atom, seq: this.seq++, removed: false };
    this.insert(e);
    return e.seq;
  }

  unadd(token: number): Atom | null {
    const e = this.entryAt(token);
    if (e === null || e.removed) return null;
    e.removed = true;
    this.removedCount++;
    this.maybeCompact();
    return e.atom;
  }

  /** The entry with insertion number `seq` (`all` is sorted by it), or null after a compaction dropped it. */
  private entryAt(seq: number): Entry | null {
    const all = this.all;
    let lo = 0, hi = all.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = all[mid]!.seq;
      if (s === seq) return all[mid]!;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }

  private insert(e: Entry): void {
    const atom = e.atom;
    this.all.push(e);
    if (this.byArity !== null && atom.kind === EXPRESSION) indexEntry(arityIndexIn(this.byArity, atom.items.length), e);
    if (!isSymbolHeaded(atom)) {
      this.wild.push(e);
      if (!atom.ground) this.wildNonGround++;
      if (customMatcherOf(atom) !== null) this.wildMatchers++;
      return;
    }
    const name = atom.items[0]!.name;
    if (atom.items[0] === S.equals && isValueHeaded(atom.items[1])) this.valueHeadedRules++;
    let hi = this.byHead.get(name);
    if (hi === undefined) {
      hi = new HeadIndex();
      this.byHead.set(name, hi);
    }
    indexEntry(hi, e);
  }

  /** @internal The expressions of arity `n`, indexed from the head on (the whole index is built on first use). */
  arityIndex(n: number): HeadIndex {
    if (this.byArity === null) {
      this.byArity = new Map();
      for (const e of this.all) if (!e.removed && e.atom.kind === EXPRESSION) indexEntry(arityIndexIn(this.byArity, e.atom.items.length), e);
    }
    return arityIndexIn(this.byArity, n);
  }

  /** Whether a rule whose call is headed by a grounded value may be stored here. */
  hasValueHeadedRules(): boolean {
    return this.valueHeadedRules > 0;
  }

  remove(atom: Atom): boolean {
    // The first live equal atom in insertion order; equal atoms share every index key,
    // so the smallest list that could hold it has them in the same order.
    for (const e of this.smallestList(atom)) {
      if (!e.removed && atomEq(e.atom, atom)) {
        e.removed = true;
        this.removedCount++;
        this.maybeCompact();
        return true;
      }
    }
    return false;
  }

  private maybeCompact(): void {
    if (this.removedCount > 32 && this.removedCount * 2 > this.all.length) this.compact();
  }

  /** A list, in insertion order, holding every stored atom equal to `atom`. */
  private smallestList(atom: Atom): readonly Entry[] {
    if (!isSymbolHeaded(atom)) return this.wild;
    const hi = this.byHead.get(atom.items[0]!.name);
    if (hi === undefined) return NONE;
    let best: readonly Entry[] = hi.all;
    for (let i = 1; i < atom.items.length && i < hi.pos.length; i++) {
      const p = hi.pos[i];
      if (p === undefined) continue;
      const k = itemKey(atom.items[i]!);
      const l = k === null ? p.wild : asList(p.keyed.get(k));
      if (l.length < best.length) best = l;
    }
    return best;
  }

  private compact(): void {
    const live = this.all.filter((e) => !e.removed);
    this.all = [];
    this.removedCount = 0;
    this.byHead.clear();
    this.byArity = null;
    this.wild = [];
    this.wildNonGround = 0;
    this.wildMatchers = 0;
    this.valueHeadedRules = 0;
    for (const e of live) this.insert(e);
    this.generation++;
  }

  atoms(): Atom[] {
    const out: Atom[] = [];
    for (const e of this.all) if (!e.removed) out.push(e.atom);
    return out;
  }

  /**
   * The smallest indexed lists that hold every `(h …)` atom that could match an
   * expression whose argument keys are given by `keyAt` (null: unknown): either the
   * head's whole list, or one key's bucket plus that position's wildcard list.
   */
  private lookup(hi: HeadIndex, arity: number, keyAt: (i: number) => Key | null): Lookup {
    let a: readonly Entry[] = hi.all;
    let b: readonly Entry[] = NONE;
    if (hi.all.length < INDEX_MIN) return { a, b, count: a.length };
    let count = a.length;
    for (let i = 1; i < arity; i++) {
      const k = keyAt(i);
      if (k === null) continue;
      const p = posIndex(hi, i);
      const bucket = p.keyed.get(k);
      const n = bucketLength(bucket) + p.wild.length;
      if (n < count) {
        count = n;
        a = asList(bucket);
        b = p.wild;
        if (n === 0) break;
      }
    }
    return { a, b, count };
  }

  candidates(pattern: Atom, out: Atom[]): void {
    if (!isSymbolHeaded(pattern)) {
      for (const e of this.all) if (!e.removed) out.push(e.atom);
      return;
    }
    const hi = this.byHead.get(pattern.items[0]!.name);
    if (hi === undefined) {
      for (const e of this.wild) if (!e.removed) out.push(e.atom);
      return;
    }
    const items = pattern.items;
    const l = this.lookup(hi, items.length, (i) => itemKey(items[i]!));
    mergeBySeq(this.wild, l.a, l.b, out);
  }
}

function isValueHeaded(call: Atom | undefined): boolean {
  return call !== undefined && call.kind === EXPRESSION && call.items.length > 0 && call.items[0]!.kind === GROUNDED;
}
