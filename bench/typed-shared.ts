// Typed copies of the shared programs (issue 14): each program's source with
// type declarations as idiomatic MeTTa writes them put before its first form,
// generated here at run time (../shared is never edited). A copy keeps the
// program's meaning: its tests are checked exactly as the untyped one's.
//
// Left untyped: functions whose result is a collapsed list or a tuple of
// results (scale's q-… and indexing-demo). Their only honest result types are
// meta types, and a meta result type (`Expression`, `Atom`) returns the body
// unevaluated, which would change the program.

export interface TypedShared {
  /** Path below bench-programs/, as in SHARED_PROGRAMS. */
  readonly path: string;
  readonly declarations: string;
}

export const TYPED_SHARED: readonly TypedShared[] = [
  { path: 'mettascript-hyperon/fib.metta', declarations: '(: fib (-> Number Number))' },
  // The rule arrives by add-atom; its declaration is there from the start.
  { path: 'mettascript-hyperon/fibadd.metta', declarations: '(: fib (-> Number Number))' },
  {
    path: 'mettascript-hyperon/superpose_primes.metta',
    declarations: '(: find-divisor (-> Number Number Number))\n(: prime? (-> Number Bool))',
  },
  { path: 'mettascript-hyperon/he_minimalmetta.metta', declarations: '(: div (-> Number Number Number Number))' },
  {
    path: 'mettascript-hyperon/peanofast.metta',
    declarations: '(: Z Nat)\n(: S (-> Nat Nat))\n(: num (-> Nat Fact))\n(: done Status)\n' +
      '(: expandK (-> Nat Number Status))\n(: demo-peano (-> Number Status))',
  },
  {
    path: 'mettascript-hyperon/scale.metta',
    declarations: '(: r (-> Number Number Fact))\n(: done Status)\n(: addK (-> Number Status))',
  },
  {
    path: 'mettascript-hyperon/matespacefast.metta',
    declarations: '(: Z Term)\n(: M (-> Term Term))\n(: W (-> Term Term))\n(: C (-> Term Term))\n(: num (-> Term Fact))\n(: done Status)',
  },
];

/** The typed copy's text: the declarations, then the program as it is. */
export function typedSource(text: string, t: TypedShared): string {
  return `${t.declarations}\n${text}`;
}

export function typedShared(path: string): TypedShared | undefined {
  return TYPED_SHARED.find((t) => t.path === path);
}
