// The storage contract a space delegates to: the atoms in insertion order,
// duplicates kept, and the candidates a pattern could unify with. The space
// above it owns versions, dependencies, the add journal and unification, so a
// store (the heap, an SQLite file, a PostgreSQL table) only stores and finds.
import type { Atom } from '../atom/atom.js';
import type { WordResolver } from './atom-codec.js';

export interface AtomStore {
  /** Stores `atom` after every other; returns a token that `unadd` takes it back by. */
  add(atom: Atom): number;
  /** Takes back the atom `add` returned `token` for; the atom, or null if it is gone already. */
  unadd(token: number): Atom | null;
  /** Removes the first stored atom equal to `atom`, in insertion order. */
  remove(atom: Atom): boolean;
  /**
   * Appends to `out`, in insertion order, every stored atom that could unify
   * with `pattern` (a superset: the caller unifies).
   */
  candidates(pattern: Atom, out: Atom[]): void;
  /** Every stored atom, in insertion order. */
  atoms(): Atom[];
  readonly size: number;
  /** Changes when the store reorganised itself (a compaction): caches holding its internals are stale. */
  readonly generation: number;
  /**
   * Whether a rule `(= (<grounded> …) …)` may be stored here (data tuples then
   * cannot skip the rule lookup); a store without it is taken to say yes.
   */
  hasValueHeadedRules?(): boolean;
  /** Stores all of `atoms` as one write (one transaction where the store has them). */
  addBatch?(atoms: readonly Atom[]): void;
  /**
   * Candidate tuples of the conjunction of `conjuncts` (resolved under the
   * bindings so far): every tuple of stored atoms, one per conjunct, that could
   * unify with them jointly (a superset: the caller unifies each), ordered by
   * the first conjunct's atom in insertion order, then the second's, …; null
   * when the store does not push this conjunction down (the caller then
   * matches conjunct by conjunct). A database store runs it as one query.
   */
  joinCandidates?(conjuncts: readonly Atom[]): Atom[][] | null;
  /** Whether `joinCandidates` would take `pattern` as a conjunct (what the join planner's `joinable` asks). */
  groundFor?(pattern: Atom): boolean;
  /**
   * Looks whether someone else (another process or connection) changed the
   * store since the last look; true if so: rules and types compiled from it
   * are stale. A store only this process writes need not have it.
   */
  refresh?(): boolean;
  /** Releases the store's connection or file; the store is unusable afterwards. */
  close?(): void;
}

/**
 * Opens the store a URL names (`sqlite:kb.db`, `postgres://…`), or returns null
 * when it knows no such scheme. Grounded words in stored atoms (`+`) are written
 * as the word and rebuilt with `resolve`. Failures throw StoreError.
 */
export type StoreOpener = (url: string, resolve: WordResolver) => AtomStore | null;
