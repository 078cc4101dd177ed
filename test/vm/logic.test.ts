// Logic mode (Vm.logic): top-level forms with free variables, which the rules,
// `let`, `case`, `unify` and `match` bind by unification. Generated relational
// programs give the tree-walker's results (alpha-equivalent: fresh variable
// names differ between the engines), and most of them run on the VM itself.
// METTA_FUZZ_RUNS sets the number of programs (default 200).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MeTTa } from '../../src/runner/metta.js';
import { format } from '../../src/syntax/printer.js';
import { StepLimitExceeded } from '../../src/interp/machine.js';
import type { Atom } from '../../src/atom/atom.js';
import { VARIABLE, EXPRESSION } from '../../src/atom/atom.js';
import { varKey, type VarKey } from '../../src/match/bindings.js';

const RUNS = Number(process.env['METTA_FUZZ_RUNS'] ?? 200);
const MAX_STEPS = 100_000;

/** A result printed with its variables renamed in order of appearance: equal strings are alpha-equal atoms. */
function canonical(a: Atom): string {
  const names = new Map<VarKey, string>();
  const walk = (x: Atom): string => {
    if (x.kind === VARIABLE) {
      const k = varKey(x);
      let n = names.get(k);
      if (n === undefined) names.set(k, (n = `$v${names.size}`));
      return n;
    }
    if (x.kind === EXPRESSION) return `(${x.items.map(walk).join(' ')})`;
    return format(x);
  };
  return walk(a);
}

interface Run {
  readonly forms: string;
  readonly fallbacks: number;
  readonly count: number;
  readonly reasons?: Record<string, number>;
}

function run(engine: 'tree' | 'vm', src: string): Run {
  const m = new MeTTa({ engine, print: () => {}, maxSteps: MAX_STEPS });
  try {
    const r = m.runReport(src, '<test>', { stopOnError: false });
    if (r.errors.length > 0) return { forms: r.errors.map((e) => (e.includes('step limit') ? 'StepLimit' : e)).join(';'), fallbacks: 0, count: 0 };
    const forms = r.forms.map((f) => f.results.map(canonical).sort());
    return { forms: JSON.stringify(forms), fallbacks: m.stats.fallbacks, count: r.forms.length, reasons: m.stats.fallbackReasons ?? {} };
  } catch (e) {
    return { forms: e instanceof StepLimitExceeded ? 'StepLimit' : `throw ${(e as Error).message}`, fallbacks: 0, count: 0 };
  }
}

/** A term over symbols, a constructor and a pair, with the given variables. */
function term(vars: readonly string[], depth: number): fc.Arbitrary<string> {
  const leaf = fc.oneof(fc.constantFrom('A', 'B', 'C', '1'), ...(vars.length > 0 ? [fc.constantFrom(...vars)] : []));
  if (depth <= 0) return leaf;
  const sub = term(vars, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: sub.map((x) => `(s ${x})`) },
    { weight: 1, arbitrary: fc.tuple(sub, sub).map(([x, y]) => `(p ${x} ${y})`) },
  );
}

const RULE_VARS = ['$a', '$b', '$a'];
const QUERY_VARS = ['$x', '$y'];

/** A rule body: a term over the head's variables, a call of g, or a match over the facts. */
function body(withCalls: boolean): fc.Arbitrary<string> {
  const t = term(['$a', '$b'], 2);
  if (!withCalls) return t;
  return fc.oneof(
    { weight: 3, arbitrary: t },
    { weight: 2, arbitrary: fc.tuple(term(['$a', '$b'], 1), term(['$a', '$b'], 1)).map(([x, y]) => `(g ${x} ${y})`) },
    { weight: 1, arbitrary: fc.tuple(term(['$a', '$b'], 1), t).map(([q, r]) => `(match &self (fact $a ${q}) ${r})`) },
    { weight: 1, arbitrary: fc.tuple(term(['$a'], 1), t, t).map(([pat, x, y]) => `(case $a ((${pat} ${x}) ($_ ${y})))`) },
  );
}

const program: fc.Arbitrary<string> = fc.tuple(
  fc.array(fc.tuple(term(RULE_VARS, 2), term(RULE_VARS, 1), body(false)), { minLength: 1, maxLength: 3 }),
  fc.array(fc.tuple(term(RULE_VARS, 2), body(true)), { minLength: 1, maxLength: 3 }),
  fc.array(fc.tuple(term([], 1), term(['$z'], 1)), { minLength: 0, maxLength: 4 }),
  fc.array(fc.oneof(
    fc.tuple(term(QUERY_VARS, 2)).map(([q]) => `!(f ${q})`),
    fc.tuple(term(QUERY_VARS, 1), term(QUERY_VARS, 1)).map(([q, r]) => `!(g ${q} ${r})`),
    fc.tuple(term(QUERY_VARS, 2), term(QUERY_VARS, 1)).map(([q, r]) => `!(let $r (f ${q}) ($r ${r}))`),
    fc.tuple(term(QUERY_VARS, 1), term(QUERY_VARS, 1)).map(([q, r]) => `!(match &self (fact ${q} ${r}) (${q} ${r}))`),
    fc.tuple(term(QUERY_VARS, 1), term(['$x'], 1)).map(([q, p]) => `!(let ${p} ${q} (f $x))`),
    fc.tuple(term(QUERY_VARS, 1)).map(([q]) => `!(collapse (f ${q}))`),
    fc.tuple(term(QUERY_VARS, 1), term(QUERY_VARS, 1)).map(([q, r]) => `!(unify ${q} ${r} (yes ${q}) no)`),
    fc.tuple(term(QUERY_VARS, 1)).map(([q]) => `!(f (f ${q}))`),
  ), { minLength: 1, maxLength: 4 }),
).map(([gs, fs, facts, queries]) => [
  ...gs.map(([p, q, b]) => `(= (g ${p} ${q}) ${b})`),
  ...fs.map(([p, b]) => `(= (f ${p}) ${b})`),
  ...facts.map(([x, y]) => `(fact ${x} ${y})`),
  ...queries,
].join('\n'));

test(`generated relational programs with free variables give the tree-walker's results (${RUNS} programs)`, () => {
  let forms = 0;
  let fallbacks = 0;
  const reasons: Record<string, number> = {};
  fc.assert(fc.property(program, (src) => {
    const tree = run('tree', src);
    if (tree.forms.includes('StepLimit')) return;
    const vm = run('vm', src);
    assert.equal(vm.forms, tree.forms, src);
    forms += vm.count;
    fallbacks += vm.fallbacks;
    for (const [k, n] of Object.entries(vm.reasons ?? {})) reasons[k] = (reasons[k] ?? 0) + n;
  }), { numRuns: RUNS });
  if (process.env['METTA_FUZZ_VERBOSE'] !== undefined) console.log(`${forms} forms, ${fallbacks} fallbacks`, reasons);
  assert.ok(fallbacks < forms / 4, `the VM ran most forms itself (${fallbacks} fallbacks for ${forms} forms)`);
});

function vmRun(src: string): { forms: string[][]; fallbacks: number } {
  const m = new MeTTa({ engine: 'vm', print: () => {} });
  const forms = m.run(src).map((f) => f.map(canonical));
  return { forms, fallbacks: m.stats.fallbacks };
}

test('a goal with free variables is proved on the VM: rule heads, matches and lets bind them', () => {
  const src = `
    (parent tom bob) (parent bob ann) (parent bob joe)
    (= (grand $x $z) (match &self (parent $x $y) (match &self (parent $y $z) (gp $x $z))))
    (= (mk) (Cons $e Nil))
    (= (first (Cons $h $t)) $h)
    !(grand $who $kid)
    !(grand tom $kid)
    !(let $r (mk) (let (Cons 7 $rest) $r $r))
    !(let $h (first $l) (pair $h $l))`;
  const r = vmRun(src);
  assert.deepEqual(r.forms, [['(gp tom ann)', '(gp tom joe)'], ['(gp tom ann)', '(gp tom joe)'], ['(Cons 7 Nil)'], ['(pair $v0 (Cons $v0 $v1))']]);
  assert.equal(run('tree', src).forms, JSON.stringify(r.forms.map((f) => [...f].sort())));
  assert.equal(r.fallbacks, 0, 'no form left the VM');
});

test('unification that needs the occurs check fails on the VM as on the tree-walker', () => {
  const src = `(= (same $a $a) yes) !(same $x (s $x)) !(same $x (s $y)) !(same (p $x B) (p A $y))`;
  const r = vmRun(src);
  assert.deepEqual(r.forms, [['(same $v0 (s $v0))'], ['yes'], ['yes']]);
  assert.equal(run('tree', src).forms, JSON.stringify(r.forms.map((f) => [...f].sort())));
  assert.equal(r.fallbacks, 0);
});

test('a recursion that grows a binding chain without end is handed to the tree-walker, not the heap', () => {
  // Each call binds the tail of the list the last one made: applying the bindings costs the square of its length.
  const src = '(= (len ()) 0) (= (len (Cons $h $t)) (+ 1 (len $t))) !(let $n (len $l) $n)';
  const m = new MeTTa({ engine: 'vm', print: () => {}, maxSteps: 3_000_000 });
  const r = m.runReport(src, '<test>', { stopOnError: false });
  assert.ok(Object.keys(m.stats.fallbackReasons!).some((k) => k.includes('too many values rewritten')), JSON.stringify(m.stats.fallbackReasons));
  assert.ok(r.errors.length > 0 || r.forms.length === 1);
});

test('a subterm handed to the tree-walker gives its bindings of the values\' variables back (one or several ways)', () => {
  // (: h (-> Atom Atom)) is not compiled (a meta-typed result): each call of it is a fallback on an atom with variables.
  const src = `
    (: h (-> Atom Atom))
    (= (h (pair $a)) $a)
    (= (h (one)) 1)
    (= (k $y) (h $y))
    !(let $r (h $x) ($r $x))
    !(let $r (k $x) (same $r $x))
    !(collapse (let $r (h $x) ($r $x)))
    !(let $r (h (pair $z)) ($r $z))`;
  const m = new MeTTa({ engine: 'vm', print: () => {} });
  const forms = m.run(src).map((f) => f.map(canonical));
  assert.deepEqual(forms, [
    ['($v0 (pair $v0))', '(1 (one))'],
    ['(same $v0 (pair $v0))', '(same 1 (one))'],
    ['(($v0 (pair $v0)) (1 (one)))'],
    ['($v0 $v0)'],
  ]);
  assert.equal(run('tree', src).forms, JSON.stringify(forms.map((f) => [...f].sort())));
  const whole = Object.keys(m.stats.fallbackReasons ?? {}).filter((r) => r.startsWith('the whole form'));
  assert.deepEqual(whole, [], 'no form left the VM whole');
  assert.equal(m.stats.fallbacks, 4, 'one fallback per call of h');
});

test('type checks of values with variables, cons-atom and == on get-metatype run on the VM', () => {
  const src = `
    (: Z Nat) (: S (-> Nat Nat))
    (: nat-id (-> Nat Nat))
    (= (nat-id $n) $n)
    (= (analyze $e) (if (== Expression (get-metatype $e)) (cons-atom tagged $e) (plain $e)))
    !(nat-id (S $m))
    !(analyze (foo $x $y))
    !(analyze $v)
    !(cons-atom (+ 1 2) (3 $w))
    !(let $t (cons-atom a (b)) (pair $t $t))`;
  const m = new MeTTa({ engine: 'vm', print: () => {} });
  const forms = m.run(src).map((f) => f.map(canonical));
  assert.equal(run('tree', src).forms, JSON.stringify(forms.map((f) => [...f].sort())));
  assert.deepEqual(forms, [['(S $v0)'], ['(tagged foo $v0 $v1)'], ['(plain $v0)'], ['((+ 1 2) 3 $v0)'], ['(pair (a b) (a b))']]);
  assert.equal(m.stats.fallbacks, 0, Object.keys(m.stats.fallbackReasons ?? {}).join('; '));
});
