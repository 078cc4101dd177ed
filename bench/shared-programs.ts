// The public benchmark programs in ../shared/bench-programs that this runtime
// can run as Hyperon runs them, each with how its answer is checked. Every
// one runs once per engine (as SOURCES.md timed them: one run each).

import type { OtherEngine } from './program-cases.js';

/** Two helpers the MeTTaScript corpus takes from its host: PeTTa's `test` and `length`. */
export const DIALECT_SHIM = `
(= (test $actual $expected) (assertEqual $actual $expected))
(= (length $xs) (size-atom $xs))
`;

export type SharedCheck =
  /** Every `!(test …)` form gives `()`, and no form gives an Error. */
  | { readonly kind: 'tests' }
  /** The single `!` form gives one tuple of this many items. */
  | { readonly kind: 'size'; readonly items: number }
  /** No Error results, and both engines give the same results (no independent answer exists). */
  | { readonly kind: 'differential' };

export interface SharedProgram {
  /** Path below bench-programs/. */
  readonly path: string;
  readonly work: string;
  readonly check: SharedCheck;
  /** Runs in `--quick` too (well under a second on the tree-walker). */
  readonly quick: boolean;
  /** Other engines' times from SOURCES.md, made net of start-up (PeTTa ≈ 0.54 s, MeTTaScript ≈ 0.27 s). */
  readonly others?: readonly OtherEngine[];
}

/** SOURCES.md's wall times (seconds, start-up included) as net times; null where the engine fails. */
function sources(petta: number | null, mettascript: number | null): readonly OtherEngine[] {
  // A wall time under the start-up estimate (PeTTa's superpose_primes: 0.47 s) counts as ≈ 0.
  const net = (wall: number | null, startup: number): number | null => (wall === null ? null : Math.max(0, Math.round((wall - startup) * 1000)));
  return [{ engine: 'PeTTa', ms: net(petta, 0.54) }, { engine: 'MeTTaScript', ms: net(mettascript, 0.27) }];
}

const tests: SharedCheck = { kind: 'tests' };
const diff: SharedCheck = { kind: 'differential' };

export const SHARED_PROGRAMS: readonly SharedProgram[] = [
  { path: 'mettascript-hyperon/fib.metta', work: 'naive fib 30', check: tests, quick: false, others: sources(1.93, 0.30) },
  { path: 'mettascript-hyperon/fibadd.metta', work: 'fib 30 after add-atom of the rule', check: tests, quick: false, others: sources(1.86, 0.33) },
  { path: 'mettascript-hyperon/superpose_primes.metta', work: '4 trial-division primes', check: tests, quick: false, others: sources(0.47, 0.38) },
  { path: 'mettascript-hyperon/he_minimalmetta.metta', work: 'minimal-MeTTa chain/eval loop, 70,000 rounds', check: tests, quick: false, others: [{ engine: 'PeTTa (timed out)', ms: 120_000 - 540 }, { engine: 'MeTTaScript', ms: 3600 - 270 }] },
  {
    path: 'mettascript-hyperon/nondet-superpose-cross-product.metta', work: '22⁴ superpose cross product, collapsed',
    check: { kind: 'size', items: 22 ** 4 }, quick: false,
  },
  { path: 'mettascript-hyperon/peanofast.metta', work: '2,500 nested add-atoms, then match', check: tests, quick: false, others: sources(2.01, 0.40) },
  { path: 'mettascript-hyperon/permutations.metta', work: '8-variable != conjunction, 362,880 results', check: tests, quick: false, others: sources(3.00, 2.20) },
  { path: 'mettascript-hyperon/scale.metta', work: '1,000,000 add-atoms + 5 indexed queries', check: tests, quick: false, others: sources(3.71, null) },
  { path: 'mettascript-hyperon/matespacefast.metta', work: '1,572,862 atoms added, then matched', check: tests, quick: false, others: sources(29.4, 13.5) },
  {
    path: 'mettascript-hyperon/nondet-matespacefast-filtered-match.metta', work: 'matespacefast + 3 filtered matches',
    check: tests, quick: false,
  },
  { path: 'mettatron/backward_chaining.metta', work: 'backward chaining proof search', check: diff, quick: true },
  { path: 'mettatron/concurrent_space_operations.metta', work: 'space add/remove/match', check: diff, quick: true },
  { path: 'mettatron/constraint_search_simple.metta', work: 'small constraint search', check: diff, quick: true },
  { path: 'mettatron/knowledge_graph.metta', work: 'family knowledge-base queries', check: diff, quick: true },
  { path: 'mettatron/metta_programming_stress.metta', work: 'atom introspection', check: diff, quick: true },
  { path: 'mettatron/multi_space_reasoning.metta', work: 'queries over several spaces', check: diff, quick: true },
  { path: 'mettatron/pattern_matching_stress.metta', work: 'tree and list pattern matching', check: diff, quick: true },
];

/** Programs left out, and why: shown under the table so the omission is visible. */
export const SHARED_EXCLUDED: ReadonlyArray<{ path: string; why: string }> = [
  { path: 'mettascript-hyperon/holbenchmark.metta', why: 'uses PeTTa partial application `(+ 1)`, an error in Hyperon' },
  { path: 'mettascript-hyperon/tilepuzzle.metta', why: 'imports ../lib/lib_datastructures, not among the copied files' },
  { path: 'mettascript-hyperon/nondet-tabled-nondeterministic-fib.metta', why: 'imports lib_tabling, not among the copied files' },
  {
    path: 'mettascript-hyperon/nondet-tuple-concat.metta',
    why: 'expects Expression-typed arguments to be evaluated (MeTTaScript); Hyperon leaves them, and it has no check',
  },
  {
    path: 'mettascript-hyperon/peano.metta',
    why: 'tests `(== (,) (collapse …))`; in Hyperon an empty collapse is `()`, so it never adds an atom and counts 0, not 301',
  },
  { path: 'mettatron/fib.metta', why: 'relies on MeTTaTron most-specific-rule selection; no query' },
  { path: 'petta/*', why: 'PeTTa originals of the mettascript-hyperon programs (run those instead)' },
  { path: 'metta-morph/timing.metta', why: 'definitions only (queries are appended by metta-morph’s Python driver)' },
];
