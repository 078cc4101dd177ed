// The atom store: insertion-ordered, duplicates kept, indexed on the head symbol
// and, per head, on the shape of any argument position a query has asked about
// (built on first use, then kept up to date), so a query with a known head and
// some known argument (`(= (f …) $X)`, `(r $x 3)`) never scans the space.
// Conjunctions over ground facts run as index nested-loop joins.
import { Atom, SYMBOL, VARIABLE, EXPRESSION, GROUNDED, atomEq, gnd, type GroundedValue } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { Bindings, collectVars, retainVars, varKey, type VarKey } from '../match/bindings.js';
import { unifyStored, unifyAll, customMatcherOf, type CustomMatcher } from '../match/unify.js';
import { PNode, N_CONST, N_SLOT, N_EXPR } from '../match/pattern-node.js';
import { planConjunction, planOrder, type ConjunctionStore } from './join-plan.js';
import { OpenMatcher, OPEN_OK, OPEN_GIVE_UP } from './open-match.js';

interface Entry {
  readonly atom: Atom;
  readonly seq: number;
  removed: boolean;
}

/**
 * Index key of an atom at an argument position, or null when it could match
 * anything. Equal atoms always get equal keys; different atoms may share one
 * (the bucket is then a superset, filtered by unification).
 */
type Key = string | number;
function itemKey(a: Atom): Key | null {
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
function headKey(h: Atom): Key | null {
  if (h.kind === SYMBOL) return '\u0001' + h.name;
  if (h.kind === GROUNDED) return '\u0002' + h.hash;
  return null;
}

/** A bucket: one entry, or several in insertion order (most keys of a big index hold one atom). */
type Bucket = Entry | Entry[];

/** The atoms of one head symbol keyed on what they have at one argument position. */
class PosIndex {
  readonly keyed = new Map<Key, Bucket>();
  /** Atoms with a variable (or a variable-headed expression) there: they may match any key. */
  readonly wild: Entry[] = [];
}

/**
 * The atoms `(h …)` of one head symbol, with argument indexes built on first use;
 * or (`first` 0) every expression of one arity, indexed on the head too, for
 * conjuncts whose head is not a symbol (`($x != $y)`).
 */
class HeadIndex {
  /** The first indexed position: 1 under a head symbol, 0 for an arity's expressions. */
  readonly first: number;
  constructor(first = 1) {
    this.first = first;
  }
  readonly all: Entry[] = [];
  /** How many of them have variables (joins take a faster path when none do). */
  nonGround = 0;
  /** pos[i]: the index on argument i (1-based), once a query asked for it. */
  readonly pos: Array<PosIndex | undefined> = [];
  /** The atoms by their whole structural hash, once a join needed it (a fully bound conjunct). */
  exact: Map<number, Bucket> | null = null;
}

function addToBucket(m: Map<Key, Bucket>, k: Key, e: Entry): void {
  const b = m.get(k);
  if (b === undefined) m.set(k, e);
  else if (Array.isArray(b)) b.push(e);
  else m.set(k, [b, e]);
}

/** Below this many atoms a head's bucket is scanned, not indexed by argument. */
const INDEX_MIN = 8;

function bucketLength(b: Bucket | undefined): number {
  return b === undefined ? 0 : Array.isArray(b) ? b.length : 1;
}

function addToPos(p: PosIndex, e: Entry, i: number): void {
  const items = e.atom.items;
  if (items.length <= i) return;
  const k = itemKey(items[i]!);
  if (k === null) {
    p.wild.push(e);
    return;
  }
  addToBucket(p.keyed, k, e);
}

function isSymbolHeaded(a: Atom): boolean {
  return a.kind === EXPRESSION && a.items.length > 0 && a.items[0]!.kind === SYMBOL;
}

/** Something that can be queried like a space: the interpreter only needs these. */
export interface AtomSpace {
  add(atom: Atom): void;
  remove(atom: Atom): boolean;
  /** All binding sets under which `pattern` matches a stored atom (conjunctions `(, …)` included). */
  query(pattern: Atom, bindings?: Bindings): Bindings[];
  /** Candidate atoms that could unify with `pattern`, in insertion order (no unification done). */
  candidates(pattern: Atom): Atom[];
  atoms(): Atom[];
  readonly size: number;
  /** Changes whenever the space is modified: lets caches know they are stale. */
  readonly version: number;
}

/**
 * The atoms added since a journal was started, so they can be taken back: a
 * VM run that adds atoms through the tree-walker and then hands its whole form
 * to the tree-walker takes them back first, so nothing is added twice.
 */
let journal: Array<{ readonly space: GroundingSpace; readonly entry: Entry }> | null = null;
let journalDepth = 0;

/** Starts (or nests in) the add journal; returns the mark to roll back to. */
export function startJournal(): number {
  if (journal === null) journal = [];
  journalDepth++;
  return journal.length;
}

/** Takes back every atom added since `mark`, newest first. */
export function rollbackJournal(mark: number): void {
  GroundingSpace.rollback(mark);
}

/** Ends the journal level `startJournal` opened (the outermost one drops the log). */
export function endJournal(): void {
  if (--journalDepth <= 0) {
    journalDepth = 0;
    journal = null;
  }
}

let spaceCounter = 0;
/** Bumped by every new dependency anywhere: it may change what any space sees. */
let dependencyEpoch = 0;

/** Orders conjunction answers across spaces: a space's position in the visible list, then insertion. */
const SPACE_STRIDE = 2 ** 32;

export class GroundingSpace implements AtomSpace {
  private seq = 0;
  private all: Entry[] = [];
  private removedCount = 0;
  private readonly byHead = new Map<string, HeadIndex>();
  /** Atoms that are not `(symbol …)` expressions: symbols, grounded atoms, variables, other expressions. */
  private wild: Entry[] = [];
  private wildNonGround = 0;
  /** Stored atoms that match by their own rules (spaces): queries ask them too. */
  private wildMatchers = 0;
  /** Rules `(= (<grounded> …) …)`, headed by a value such as a number: rare, so data tuples can skip the rule lookup. */
  private valueHeadedRules = 0;
  /** Every expression by arity, once a join had a conjunct without a symbol head (see HeadIndex). */
  private byArity: Map<number, HeadIndex> | null = null;
  private ownVersion = 0;
  private ownSchemaVersion = 0;
  /** Spaces whose atoms queries also see (imported modules, the standard library). */
  readonly deps: GroundingSpace[] = [];
  readonly id = ++spaceCounter;

  name: string | null = null;

  get size(): number {
    return this.all.length - this.removedCount;
  }

  get version(): number {
    if (this.deps.length === 0) return this.ownVersion;
    let v = 0;
    for (const s of this.visibleSpaces()) v += s.ownVersion;
    return v;
  }

  /**
   * Changes only when rules, type declarations or atoms that could match
   * them change (`=`, `:`, `:<` and atoms without a symbol head): what compiled
   * code and type caches depend on. Adding plain facts leaves it alone.
   */
  get schemaVersion(): number {
    if (this.deps.length === 0) return this.ownSchemaVersion;
    let v = 0;
    for (const s of this.visibleSpaces()) v += s.ownSchemaVersion;
    return v;
  }

  private touch(atom: Atom): void {
    this.ownVersion++;
    if (atom.kind !== EXPRESSION || atom.items.length === 0 || atom.items[0]!.kind !== SYMBOL) this.ownSchemaVersion++;
    else {
      const h = atom.items[0]!;
      if (h === S.equals || h === S.colon || h === S.subtype) this.ownSchemaVersion++;
    }
  }

  /** Makes `dep`'s atoms visible to queries on this space (once). */
  addDependency(dep: GroundingSpace): boolean {
    if (dep === this || this.deps.includes(dep)) return false;
    this.deps.push(dep);
    this.ownVersion++;
    this.ownSchemaVersion++;
    dependencyEpoch++;
    return true;
  }

  add(atom: Atom): void {
    this.touch(atom);
    const e: Entry = { atom, seq: this.seq++, removed: false };
    this.insert(e);
    if (journal !== null) journal.push({ space: this, entry: e });
  }

  /** Takes back an atom `add` stored (a journal rollback): it is gone as if removed. */
  private unadd(e: Entry): void {
    if (e.removed) return;
    e.removed = true;
    this.removedCount++;
    this.touch(e.atom);
    if (this.removedCount > 32 && this.removedCount * 2 > this.all.length) this.compact();
  }

  /** @internal Rolls back the journal to `mark` (see startJournal). */
  static rollback(mark: number): void {
    if (journal === null) return;
    for (let i = journal.length - 1; i >= mark; i--) {
      const j = journal[i]!;
      j.space.unadd(j.entry);
    }
    journal.length = mark;
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

  /** The expressions of arity `n`, indexed from the head on (the whole index is built on first use). */
  private arityIndex(n: number): HeadIndex {
    if (this.byArity === null) {
      this.byArity = new Map();
      for (const e of this.all) if (!e.removed && e.atom.kind === EXPRESSION) indexEntry(arityIndexIn(this.byArity, e.atom.items.length), e);
    }
    return arityIndexIn(this.byArity, n);
  }

  remove(atom: Atom): boolean {
    // The first live equal atom in insertion order; equal atoms share every index key,
    // so the smallest list that could hold it has them in the same order.
    for (const e of this.smallestList(atom)) {
      if (!e.removed && atomEq(e.atom, atom)) {
        e.removed = true;
        this.removedCount++;
        this.touch(atom);
        if (this.removedCount > 32 && this.removedCount * 2 > this.all.length) this.compact();
        return true;
      }
    }
    return false;
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
    this.ownVersion++;
    this.ownSchemaVersion++;
  }

  atoms(): Atom[] {
    const out: Atom[] = [];
    for (const e of this.all) if (!e.removed) out.push(e.atom);
    return out;
  }

  /** Does this space, or one it sees, hold a rule whose call is headed by a grounded value? */
  hasValueHeadedRules(): boolean {
    for (const s of this.visibleSpaces()) if (s.valueHeadedRules > 0) return true;
    return false;
  }

  candidates(pattern: Atom): Atom[] {
    const out: Atom[] = [];
    if (this.deps.length === 0) this.localCandidates(pattern, out);
    else for (const s of this.visibleSpaces()) s.localCandidates(pattern, out);
    return out;
  }

  /** This space and its dependencies, each once, dependencies first (a module imported twice counts once). */
  private visibleCache: GroundingSpace[] | null = null;
  private visibleEpoch = -1;
  private visibleSpaces(): GroundingSpace[] {
    if (this.deps.length === 0) return [this];
    if (this.visibleCache !== null && this.visibleEpoch === dependencyEpoch) return this.visibleCache;
    const seen = new Set<GroundingSpace>();
    const order: GroundingSpace[] = [];
    const visit = (s: GroundingSpace): void => {
      if (seen.has(s)) return;
      seen.add(s);
      for (const d of s.deps) visit(d);
      order.push(s);
    };
    visit(this);
    this.visibleCache = order;
    this.visibleEpoch = dependencyEpoch;
    return order;
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

  private localCandidates(pattern: Atom, out: Atom[]): void {
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

  query(pattern: Atom, bindings: Bindings = Bindings.EMPTY): Bindings[] {
    return this.queryNarrowed(pattern, bindings, false);
  }

  /** `query`, optionally past a whole-conjunction join the caller has already seen give up. */
  private queryNarrowed(pattern: Atom, bindings: Bindings, joinTried: boolean): Bindings[] {
    const results = this.queryRaw(pattern, bindings, joinTried);
    if (results.length === 0) return results;
    const keep = collectVars(pattern, new Set<VarKey>());
    for (const k of bindings.map.keys()) keep.add(k);
    return results.map((b) => retainVars(b, keep));
  }

  /** Query without narrowing the result bindings to the pattern's variables. */
  queryRaw(pattern: Atom, bindings: Bindings, joinTried = false): Bindings[] {
    if (pattern.kind === EXPRESSION && pattern.items.length > 0 && pattern.items[0] === S.comma) {
      if (pattern.items.length > 2 && !joinTried) {
        const joined = this.groundJoin(pattern, bindings);
        if (joined !== null) return joined;
      }
      const planned = pattern.items.length > 2 ? planConjunction(this.conjunctionStore(), pattern.items.slice(1), bindings) : null;
      if (planned !== null) return planned;
      let current: Bindings[] = [bindings];
      for (let i = 1; i < pattern.items.length && current.length > 0; i++) {
        const next: Bindings[] = [];
        const p = pattern.items[i]!;
        for (const b of current) for (const r of this.queryRaw(p, b)) next.push(r);
        current = next;
      }
      return current;
    }
    const out: Bindings[] = [];
    const resolved = bindings.apply(pattern);
    for (const atom of this.candidates(resolved)) {
      // A space stored here takes part in the query: it answers the pattern itself
      // (hyperon's custom matching of grounded atoms); a variable pattern binds to it.
      const m = atom.kind === GROUNDED && resolved.kind !== VARIABLE ? customMatcherOf(atom) : null;
      if (m !== null) {
        for (const r of m.matchAtom(resolved, bindings)) out.push(r);
        continue;
      }
      const r = unifyStored(resolved, atom, bindings, new Map());
      if (r !== null) out.push(r);
    }
    return out;
  }

  /**
   * The values of `vars` in each answer of `query(pattern)`, in order: what
   * `query(pattern).map((b) => vars.map((v) => b.apply(v)))` gives, made
   * without the intermediate bindings where the ground join applies.
   */
  queryRows(pattern: Atom, vars: readonly Atom[]): Atom[][] {
    if (pattern.kind === EXPRESSION && pattern.items.length > 2 && pattern.items[0] === S.comma) {
      const rows: RowsOut = { vars, out: [] };
      if (this.groundJoin(pattern, Bindings.EMPTY, rows) !== null) return rows.out;
      return this.queryNarrowed(pattern, Bindings.EMPTY, true).map((b) => vars.map((v) => b.apply(v)));
    }
    if (pattern.kind === EXPRESSION && pattern.items.length > 0 && pattern.items[0] !== S.comma) {
      // One pattern is a join of one conjunct: rows straight from the candidates, no Bindings per answer.
      const rows: RowsOut = { vars, out: [] };
      if (this.groundJoinOf([pattern], Bindings.EMPTY, rows) !== null) return rows.out;
    }
    return this.query(pattern).map((b) => vars.map((v) => b.apply(v)));
  }

  /**
   * A conjunction `(, p1 … pn)` over ground facts, as an index nested-loop join:
   * at each step the conjunct with the fewest candidates under the bindings so far
   * goes next. Answers come back exactly as the left-to-right evaluation gives
   * them, in its order (sorted back where the join went in another order).
   * Null when it does not apply (a conjunct that is not a `(symbol …)`
   * expression, or stored atoms with variables that conjuncts could meet).
   */
  private groundJoin(pattern: Atom, bindings: Bindings, rows: RowsOut | null = null): Bindings[] | null {
    return this.groundJoinOf(pattern.items.slice(1), bindings, rows);
  }

  /** This space as the join planner sees it (see join-plan.ts). */
  private conjunctionStore(): ConjunctionStore {
    return {
      joinable: (c, b) => this.joinable(c, b),
      joinGround: (cs, b) => this.groundJoinOf(cs, b, null),
      matchOne: (c, b) => this.queryRaw(c, b),
    };
  }

  /** Whether conjunct `c` under `bindings` can only meet ground stored atoms (what the ground join needs). */
  private joinable(c: Atom, bindings: Bindings): boolean {
    const p = bindings.apply(c);
    if (p.kind !== EXPRESSION || p.items.length === 0 || p.items[0] === S.comma) return false;
    const spaces = this.visibleSpaces();
    for (const s of spaces) if (s.wildNonGround > 0) return false;
    // Stored atoms with variables are matched by the join too; where it cannot, it gives up (null).
    return true;
  }

  private groundJoinOf(conjuncts: readonly Atom[], bindings: Bindings, rows: RowsOut | null): Bindings[] | null {
    const spaces = this.visibleSpaces();
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
    // Rows keep only the values of `rows.vars` (what a caller that binds slots needs, no Bindings built).
    const at = rows === null ? [] : rows.vars.map((v) => slotOf.get(varKey(v)) ?? -1);
    const kept = rows === null ? varAtoms.map((_, v) => v) : at.filter((x) => x >= 0);
    const j = new Join(spaces.length, conj, heads, varAtoms.length, kept);
    j.search(0, false);
    if (j.gaveUp) return null;
    const nk = kept.length;
    if (rows !== null) {
      for (let r = 0; r < j.count; r++) {
        const row: Atom[] = [];
        for (let i = 0, k = 0; i < at.length; i++) row.push(at[i]! < 0 ? rows.vars[i]! : j.values[r * nk + k++]!);
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

}

interface RowsOut {
  readonly vars: readonly Atom[];
  readonly out: Atom[][];
}
const NO_BINDINGS: Bindings[] = [];

interface Lookup {
  readonly a: readonly Entry[];
  readonly b: readonly Entry[];
  readonly count: number;
}

const NONE: Entry[] = [];

function asList(b: Bucket | undefined): readonly Entry[] {
  return b === undefined ? NONE : Array.isArray(b) ? b : [b];
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
  /** Answers: the `kept` slot values of each, in order. */
  readonly values: Atom[] = [];
  /** n matched positions per answer, kept only for answers under a reordered step (the ones sortFrom reads). */
  private ords = new Float64Array(0);
  count = 0;
  /** Set when a stored atom with variables was beyond the open matcher: the answers are then incomplete. */
  gaveUp = false;
  private readonly open = new OpenMatcher();

  /** The slots whose values each answer records (all, or the ones a row asks for). */
  private readonly kept: readonly number[];

  constructor(ns: number, conj: readonly PNode[], heads: ReadonlyArray<HeadIndex | undefined>, nv: number, kept: readonly number[]) {
    this.kept = kept;
    this.ns = ns;
    this.conj = conj;
    this.heads = heads;
    this.nv = nv;
    this.vals = new Array<Atom | null>(nv).fill(null);
    this.used = new Uint8Array(conj.length);
    this.ord = new Float64Array(conj.length);
    this.picked = new Array<Bucket | undefined>(conj.length * ns).fill(undefined);
    this.pickedNow = new Array<Bucket | undefined>(ns).fill(undefined);
    // A conjunct that may meet stored atoms with variables waits until its slots are bound,
    // so the open matcher meets values, not unbound slots.
    const open = (c: number): boolean => {
      for (let s = 0; s < ns; s++) if ((heads[c * ns + s]?.nonGround ?? 0) > 0) return true;
      return false;
    };
    this.order = planOrder(conj.map((node) => slotsIn(node, [])), nv, (c, bound) => this.estimate(c, bound), open);
  }

  /** The conjuncts in the order the search takes them (see planOrder). */
  private readonly order: readonly number[];

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
      if (all && hi.nonGround === 0) est = Math.min(est, 1);
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
      const kept = this.kept;
      for (let k = 0; k < kept.length; k++) this.values.push(this.vals[kept[k]!]!);
      if (sorting) this.keepOrds();
      this.count++;
      return;
    }
    // The next conjunct as planned; `first` is the leftmost not yet matched (left-to-right would take it).
    const picked = this.picked, now = this.pickedNow, at = depth * ns;
    const best = this.order[depth]!;
    let first = 0;
    while (this.used[first] === 1) first++;
    if (this.candidates(best) === 0) return;
    for (let s = 0; s < ns; s++) picked[at + s] = now[s];
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
    let ok: boolean;
    if (e.atom.ground) ok = this.match(node, e.atom);
    else {
      const r = this.open.match(node, e.atom, this.vals, this.trail);
      if (r === OPEN_GIVE_UP) this.gaveUp = true;
      ok = r === OPEN_OK;
    }
    if (ok) {
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
      // Stored atoms with variables unify with more than their hash's bucket (merging them in did not pay: experiments.md).
      const h = count >= INDEX_MIN && hi.nonGround === 0 ? nodeHash(node, vals) : null;
      if (h !== null) {
        // Every variable is bound: the atoms with the instantiated conjunct's hash, a hash join's probe.
        list = exactIndex(hi).get(h);
        count = bucketLength(list);
      } else if (count >= INDEX_MIN) {
        for (let i = hi.first; i < items.length; i++) {
          const k = nodeKey(items[i]!, vals);
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
    const n = this.conj.length, nv = this.kept.length;
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

function slotsIn(n: PNode, out: number[]): number[] {
  if (n.kind === N_SLOT) {
    if (!out.includes(n.slot)) out.push(n.slot);
  } else for (const x of n.items) slotsIn(x, out);
  return out;
}

/** Adds an entry to a head's (or an arity's) lists and the indexes built so far. */
function indexEntry(hi: HeadIndex, e: Entry): void {
  const atom = e.atom;
  hi.all.push(e);
  if (!atom.ground) hi.nonGround++;
  if (hi.exact !== null) addToBucket(hi.exact, atom.hash, e);
  const pos = hi.pos;
  for (let i = hi.first; i < pos.length; i++) {
    const p = pos[i];
    if (p !== undefined) addToPos(p, e, i);
  }
}

function arityIndexIn(m: Map<number, HeadIndex>, n: number): HeadIndex {
  let hi = m.get(n);
  if (hi === undefined) {
    hi = new HeadIndex(0);
    m.set(n, hi);
  }
  return hi;
}

/** The whole-atom hash index of `hi`, built now if no join needed it before. */
function exactIndex(hi: HeadIndex): Map<number, Bucket> {
  let m = hi.exact;
  if (m === null) {
    m = new Map<number, Bucket>();
    for (const e of hi.all) if (!e.removed) addToBucket(m, e.atom.hash, e);
    hi.exact = m;
  }
  return m;
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

/** The index of `hi` on argument `i`, built now if no query needed it before. */
function posIndex(hi: HeadIndex, i: number): PosIndex {
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
function mergeBySeq(a: readonly Entry[], b: readonly Entry[], c: readonly Entry[], out: Atom[]): void {
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

/** A space as a grounded atom (`&self`, `(new-space)`); matching against it queries it. */
export class SpaceValue implements GroundedValue, CustomMatcher {
  readonly space: GroundingSpace;
  constructor(space: GroundingSpace) {
    this.space = space;
  }
  typeAtom(): Atom {
    return S.spaceType;
  }
  equals(o: GroundedValue): boolean {
    return o instanceof SpaceValue && o.space === this.space;
  }
  display(): string {
    return this.space.name ?? `GroundingSpace-0x${(0x1000 + this.space.id * 0x40).toString(16)}`;
  }
  hashCode(): number {
    return this.space.id * 7919;
  }
  matchAtom(other: Atom, bindings: Bindings): Bindings[] {
    if (other.kind === GROUNDED) return other.value instanceof SpaceValue && other.value.space === this.space ? [bindings] : [];
    return this.space.query(other, bindings);
  }
}

export function spaceAtom(space: GroundingSpace): Atom {
  return gnd(new SpaceValue(space));
}

export function spaceOf(a: Atom): GroundingSpace | null {
  return a.kind === GROUNDED && a.value instanceof SpaceValue ? a.value.space : null;
}

export { unifyAll };

function isValueHeaded(call: Atom | undefined): boolean {
  return call !== undefined && call.kind === EXPRESSION && call.items.length > 0 && call.items[0]!.kind === GROUNDED;
}
