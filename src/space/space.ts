// The grounding space: what queries see. It owns the version counters caches
// key on, the dependencies (imported modules, the standard library) whose atoms
// queries also see, the add journal, and unification over the candidates its
// store returns. Storage and indexing are the store's (memory-store.ts by
// default; a database store for persistent spaces); conjunctions over heap
// stores run as joins (join.ts), over a database store as one query the store
// pushes down (AtomStore.joinCandidates), both planned by join-plan.ts where
// only a leading run of conjuncts can be joined.
import { Atom, SYMBOL, VARIABLE, EXPRESSION, GROUNDED } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { Bindings, collectVars, retainVars, type VarKey } from '../match/bindings.js';
import { unifyStored, unifyAll, customMatcherOf } from '../match/unify.js';
import type { AtomStore } from './atom-store.js';
import { MemoryStore } from './memory-store.js';
import { groundJoinOf, pushRow, joinable, type RowsOut } from './join.js';
import { planConjunction, type ConjunctionStore } from './join-plan.js';
import { recordAdd, startJournal, rollbackJournal, endJournal } from './journal.js';

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

let spaceCounter = 0;
/** Bumped by every new dependency anywhere: it may change what any space sees. */
let dependencyEpoch = 0;

export class GroundingSpace implements AtomSpace {
  /** Where the atoms are kept and found. */
  readonly store: AtomStore;
  private ownVersion = 0;
  private ownSchemaVersion = 0;
  /** Spaces whose atoms queries also see (imported modules, the standard library). */
  readonly deps: GroundingSpace[] = [];
  readonly id = ++spaceCounter;

  name: string | null = null;

  constructor(store: AtomStore = new MemoryStore()) {
    this.store = store;
  }

  get size(): number {
    return this.store.size;
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

  /** A store compaction invalidates whatever caches hold of it, like a schema change. */
  private storeGeneration = 0;
  private noteGeneration(): void {
    const g = this.store.generation;
    if (g !== this.storeGeneration) {
      this.storeGeneration = g;
      this.ownVersion++;
      this.ownSchemaVersion++;
    }
  }

  /**
   * Asks the store whether someone else (another process) changed it since the
   * last look; if so every cache built on this space is stale, as after a
   * schema change. The runner calls it before each top-level form.
   */
  refresh(): boolean {
    if (this.store.refresh?.() !== true) return false;
    this.ownVersion++;
    this.ownSchemaVersion++;
    return true;
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
    recordAdd(this, this.store.add(atom));
  }

  /** @internal Takes back an atom `add` stored (a journal rollback): it is gone as if removed. */
  unadd(token: number): void {
    const atom = this.store.unadd(token);
    if (atom === null) return;
    this.touch(atom);
    this.noteGeneration();
  }

  remove(atom: Atom): boolean {
    if (!this.store.remove(atom)) return false;
    this.touch(atom);
    this.noteGeneration();
    return true;
  }

  atoms(): Atom[] {
    return this.store.atoms();
  }

  candidates(pattern: Atom): Atom[] {
    const out: Atom[] = [];
    if (this.deps.length === 0) this.store.candidates(pattern, out);
    else for (const s of this.visibleSpaces()) s.store.candidates(pattern, out);
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

  /** The stores of this space and its dependencies, in visible order (cached with the visible spaces). */
  private storesCache: AtomStore[] | null = null;
  private storesOf: GroundingSpace[] | null = null;
  private visibleStores(): AtomStore[] {
    if (this.deps.length === 0) return (this.storesCache ??= [this.store]);
    const spaces = this.visibleSpaces();
    if (this.storesOf !== spaces || this.storesCache === null) {
      this.storesCache = spaces.map((s) => s.store);
      this.storesOf = spaces;
    }
    return this.storesCache;
  }

  /** Does this space, or one it sees, hold a rule whose call is headed by a grounded value? */
  hasValueHeadedRules(): boolean {
    // A store that cannot tell (a database) may hold one: the answer is then yes, which only costs speed.
    for (const s of this.visibleStores()) if (s.hasValueHeadedRules?.() ?? true) return true;
    return false;
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
        const joined = groundJoinOf(this.visibleStores(), pattern.items.slice(1), bindings);
        if (joined !== null) return joined;
      }
      if (pattern.items.length > 2) {
        const pushed = this.pushedJoin(pattern.items.slice(1), bindings);
        if (pushed !== null) return pushed;
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

  /** This space as the join planner sees it (see join-plan.ts): the heap join, or the join a database store pushes down. */
  private conjunctionStore(): ConjunctionStore {
    return {
      joinable: (c, b) => joinable(this.visibleStores(), c, b) || this.pushJoinable(c, b),
      joinGround: (cs, b) => groundJoinOf(this.visibleStores(), cs, b, null) ?? this.pushedJoin(cs, b),
      matchOne: (c, b) => this.queryRaw(c, b),
    };
  }

  /**
   * The one visible store that pushes conjunctions down, when the others (the
   * standard library's heap, say) hold nothing the conjuncts could meet; else null.
   */
  private pushDownStore(resolved: readonly Atom[]): AtomStore | null {
    // Only symbol-headed conjuncts are pushed down (and only they can skip a heap store's whole list).
    for (const c of resolved) if (c.kind !== EXPRESSION || c.items.length === 0 || c.items[0]!.kind !== SYMBOL) return null;
    const stores = this.visibleStores();
    let db: AtomStore | null = null;
    for (const s of stores) {
      if (s.joinCandidates === undefined) continue;
      if (db !== null) return null;
      db = s;
    }
    if (db === null) return null;
    const scratch: Atom[] = [];
    for (const s of stores) {
      if (s === db) continue;
      for (const c of resolved) {
        s.candidates(c, scratch);
        if (scratch.length > 0) return null;
      }
    }
    return db;
  }

  /** Whether a visible store pushes conjunctions down at all (heap-only spaces skip the rest cheaply). */
  private canPushDown(): boolean {
    for (const s of this.visibleStores()) if (s.joinCandidates !== undefined) return true;
    return false;
  }

  private pushJoinable(c: Atom, b: Bindings): boolean {
    if (!this.canPushDown()) return false;
    const resolved = b.apply(c);
    return this.pushDownStore([resolved])?.groundFor?.(resolved) ?? false;
  }

  /**
   * The conjunction of `conjuncts` under `bindings` as the store's pushed-down
   * join: its candidate tuples, each unified conjunct by conjunct exactly as
   * the left-to-right loop does, in its order; null when it does not apply.
   */
  private pushedJoin(conjuncts: readonly Atom[], bindings: Bindings): Bindings[] | null {
    if (!this.canPushDown()) return null;
    const resolved = conjuncts.map((c) => bindings.apply(c));
    const tuples = this.pushDownStore(resolved)?.joinCandidates?.(resolved) ?? null;
    if (tuples === null) return null;
    const out: Bindings[] = [];
    // Tuples come sorted, so consecutive ones share prefixes (the same decoded atoms): each level's bindings are kept and reused.
    const n = conjuncts.length;
    const prev: Array<Atom | null> = new Array<Atom | null>(n).fill(null);
    const level: Array<Bindings | null> = new Array<Bindings | null>(n + 1).fill(null);
    level[0] = bindings;
    for (const t of tuples) {
      let d = 0;
      while (d < n && t[d] === prev[d]) d++;
      // An unchanged prefix that failed fails again.
      if (d > 0 && level[d] === null) continue;
      for (let i = d; i < n; i++) {
        prev[i] = t[i]!;
        const b = level[i] ?? null;
        level[i + 1] = b === null ? null : unifyStored(b.apply(conjuncts[i]!), t[i]!, b, new Map());
      }
      if (level[n] !== null) out.push(level[n]!);
    }
    return out;
  }

  /**
   * The values of `vars` in each answer of `query(pattern)`, in order: what
   * `query(pattern).map((b) => vars.map((v) => b.apply(v)))` gives, made
   * without the intermediate bindings where the ground join applies. With
   * `whole` (a pattern that is no conjunction), each row ends with
   * `b.apply(pattern)`: the stored atom itself where the join found a ground one.
   */
  queryRows(pattern: Atom, vars: readonly Atom[], whole = false): Atom[][] {
    const sink: RowsOut = { vars, out: [], whole, count: 0 };
    this.rowsInto(pattern, sink);
    return sink.out;
  }

  /**
   * `queryRows` with the rows appended one after another to `cells` (no array
   * per answer: the VM's form); returns how many answers there were, or -1
   * when an answer may bind a variable of `ground` (variables not in the rows)
   * to an atom that is not ground.
   */
  queryCells(pattern: Atom, vars: readonly Atom[], whole: boolean, cells: Atom[], ground?: readonly Atom[]): number {
    const sink: RowsOut = { vars, out: [], whole, cells, count: 0, ground, open: false };
    this.rowsInto(pattern, sink);
    return sink.open === true ? -1 : sink.count;
  }

  /**
   * Like queryCells, but each row is handed to `each` as it is found (a scratch array, not to
   * be kept), in no particular order, and nothing is stored: for counting or checking answers.
   */
  queryEach(pattern: Atom, vars: readonly Atom[], whole: boolean, each: (row: readonly Atom[]) => void, ground?: readonly Atom[]): number {
    const sink: RowsOut = { vars, out: [], whole, each, count: 0, ground, open: false };
    this.rowsInto(pattern, sink);
    return sink.open === true ? -1 : sink.count;
  }

  private rowsInto(pattern: Atom, sink: RowsOut): void {
    const vars = sink.vars;
    const isExpr = pattern.kind === EXPRESSION && pattern.items.length > 0;
    const conj = isExpr && pattern.items[0] === S.comma;
    if (sink.whole === true && !(isExpr && !conj)) throw new Error('queryRows: whole needs a pattern that is no conjunction');
    // One pattern is a join of one conjunct: rows straight from the candidates, no Bindings per answer.
    if (isExpr && (!conj || pattern.items.length > 2)) {
      if (groundJoinOf(this.visibleStores(), conj ? pattern.items.slice(1) : [pattern], Bindings.EMPTY, sink) !== null) return;
    }
    const answers = conj ? this.queryNarrowed(pattern, Bindings.EMPTY, pattern.items.length > 2) : this.query(pattern);
    const ground = sink.ground;
    for (const b of answers) {
      if (ground !== undefined && !sink.open) for (const v of ground) if (!b.apply(v).ground) sink.open = true;
      const row = vars.map((v) => b.apply(v));
      // The whole pattern as the answer instantiates it.
      if (sink.whole === true) row.push(b.apply(pattern));
      pushRow(sink, row);
    }
  }
}

export { SpaceValue, spaceAtom, spaceOf } from './space-value.js';
export { startJournal, rollbackJournal, endJournal };
export { unifyAll };
