// The heap store: insertion-ordered, duplicates kept, indexed on the head symbol
// and, per head, on the shape of any argument position a query has asked about
// (built on first use, then kept up to date), so a query with a known head and
// some known argument (`(= (f …) $X)`, `(r $x 3)`) never scans the space.
import { Atom, EXPRESSION, GROUNDED, atomEq } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { customMatcherOf } from '../match/unify.js';
import type { AtomStore } from './atom-store.js';
import {
  HeadIndex, INDEX_MIN, NONE, SlotList, arityIndexIn, bucketLength, indexSlot, isSymbolHeaded, itemKey, mergeBySlot, posIndex, pushLive,
  AtomTable, bucketAt, type Bucket, type Key,
} from './indexes.js';

interface Lookup {
  readonly a: Bucket | undefined;
  readonly b: Bucket | undefined;
  readonly count: number;
}

export class MemoryStore implements AtomStore {
  /** The next add's token: its insertion number, never reused. */
  private seq = 0;
  /**
   * The atoms by slot, in insertion order; a removed one is null until a
   * compaction renumbers the slots. Before the first compaction an atom's
   * slot is its token; after it, `seqOf` holds each slot's token.
   */
  private table = new AtomTable();
  private seqOf: SlotList | null = null;
  private removedCount = 0;
  /** @internal The atoms `(h …)` by head symbol name (the ground join reads them). */
  readonly byHead = new Map<string, HeadIndex>();
  /** Atoms that are not `(symbol …)` expressions: symbols, grounded atoms, variables, other expressions. */
  private wild = new SlotList();
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
    return this.table.length - this.removedCount;
  }

  add(atom: Atom): number {
    const token = this.seq++;
    if (this.seqOf !== null) this.seqOf.push(token);
    this.insert(atom);
    return token;
  }

  unadd(token: number): Atom | null {
    const slot = this.slotOf(token);
    if (slot < 0) return null;
    const atom = this.table.at(slot);
    if (atom === null) return null;
    this.drop(slot);
    return atom;
  }

  /** The slot of the atom `token` names, or -1 after a compaction dropped it. */
  private slotOf(token: number): number {
    const seqs = this.seqOf;
    if (seqs === null) return token < this.table.length ? token : -1;
    let lo = 0, hi = seqs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = seqs.at(mid);
      if (s === token) return mid;
      if (s < token) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private drop(slot: number): void {
    this.table.clear(slot);
    this.removedCount++;
    this.maybeCompact();
  }

  /** Gives `atom` the next slot and indexes it. */
  private insert(atom: Atom): void {
    const slot = this.table.length;
    this.table.push(atom);
    if (this.byArity !== null && atom.kind === EXPRESSION) indexSlot(arityIndexIn(this.byArity, this.table, atom.items.length), atom, slot);
    if (!isSymbolHeaded(atom)) {
      this.wild.push(slot);
      if (!atom.ground) this.wildNonGround++;
      if (customMatcherOf(atom) !== null) this.wildMatchers++;
      return;
    }
    const name = atom.items[0]!.name;
    if (atom.items[0] === S.equals && isValueHeaded(atom.items[1])) this.valueHeadedRules++;
    let hi = this.byHead.get(name);
    if (hi === undefined) {
      hi = new HeadIndex(this.table);
      this.byHead.set(name, hi);
    }
    indexSlot(hi, atom, slot);
  }

  /** @internal The expressions of arity `n`, indexed from the head on (the whole index is built on first use). */
  arityIndex(n: number): HeadIndex {
    if (this.byArity === null) {
      this.byArity = new Map();
      const t = this.table;
      for (let s = 0; s < t.length; s++) {
        const a = t.at(s);
        if (a !== null && a.kind === EXPRESSION) indexSlot(arityIndexIn(this.byArity, t, a.items.length), a, s);
      }
    }
    return arityIndexIn(this.byArity, this.table, n);
  }

  /** Whether a rule whose call is headed by a grounded value may be stored here. */
  hasValueHeadedRules(): boolean {
    return this.valueHeadedRules > 0;
  }

  remove(atom: Atom): boolean {
    // The first live equal atom in insertion order; equal atoms share every index key,
    // so the smallest list that could hold it has them in the same order.
    const l = this.smallestList(atom), t = this.table;
    const n = bucketLength(l);
    for (let i = 0; i < n; i++) {
      const s = bucketAt(l!, i), a = t.at(s);
      if (a !== null && atomEq(a, atom)) {
        this.drop(s);
        return true;
      }
    }
    return false;
  }

  private maybeCompact(): void {
    if (this.removedCount > 32 && this.removedCount * 2 > this.table.length) this.compact();
  }

  /** A list, in insertion order, holding every stored atom equal to `atom`. */
  private smallestList(atom: Atom): Bucket | undefined {
    if (!isSymbolHeaded(atom)) return this.wild;
    const hi = this.byHead.get(atom.items[0]!.name);
    if (hi === undefined) return NONE;
    let best: Bucket | undefined = hi.all;
    let count = hi.all.length;
    for (let i = 1; i < atom.items.length && i < hi.pos.length; i++) {
      const p = hi.pos[i];
      if (p === undefined) continue;
      const k = itemKey(atom.items[i]!);
      const l = k === null ? p.wild : p.keyed.get(k);
      const n = bucketLength(l);
      if (n < count) {
        best = l;
        count = n;
      }
    }
    return best;
  }

  private compact(): void {
    const old = this.table, oldSeqs = this.seqOf;
    const seqs = new SlotList();
    this.table = new AtomTable();
    this.seqOf = null;
    this.removedCount = 0;
    this.byHead.clear();
    this.byArity = null;
    this.wild = new SlotList();
    this.wildNonGround = 0;
    this.wildMatchers = 0;
    this.valueHeadedRules = 0;
    for (let s = 0; s < old.length; s++) {
      const a = old.at(s);
      if (a === null) continue;
      seqs.push(oldSeqs === null ? s : oldSeqs.at(s));
      this.insert(a);
    }
    this.seqOf = seqs;
    this.generation++;
  }

  atoms(): Atom[] {
    const out: Atom[] = [];
    this.table.pushLive(out);
    return out;
  }

  /**
   * The smallest indexed lists that hold every `(h …)` atom that could match an
   * expression whose argument keys are given by `keyAt` (null: unknown): either the
   * head's whole list, or one key's bucket plus that position's wildcard list.
   */
  private lookup(hi: HeadIndex, arity: number, keyAt: (i: number) => Key | null): Lookup {
    let a: Bucket | undefined = hi.all;
    let b: Bucket | undefined = undefined;
    if (hi.all.length < INDEX_MIN) return { a, b, count: hi.all.length };
    let count = hi.all.length;
    for (let i = 1; i < arity; i++) {
      const k = keyAt(i);
      if (k === null) continue;
      const p = posIndex(hi, i);
      const bucket = p.keyed.get(k);
      const n = bucketLength(bucket) + p.wild.length;
      if (n < count) {
        count = n;
        a = bucket;
        b = p.wild;
        if (n === 0) break;
      }
    }
    return { a, b, count };
  }

  candidates(pattern: Atom, out: Atom[]): void {
    if (!isSymbolHeaded(pattern)) {
      this.table.pushLive(out);
      return;
    }
    const hi = this.byHead.get(pattern.items[0]!.name);
    if (hi === undefined) {
      pushLive(this.table, this.wild, out);
      return;
    }
    const items = pattern.items;
    const l = this.lookup(hi, items.length, (i) => itemKey(items[i]!));
    mergeBySlot(this.table, this.wild, l.a, l.b, out);
  }
}

function isValueHeaded(call: Atom | undefined): boolean {
  return call !== undefined && call.kind === EXPRESSION && call.items.length > 0 && call.items[0]!.kind === GROUNDED;
}
