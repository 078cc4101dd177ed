// Typed evaluation and stack-depth limits on the VM (issue 12's last bullet),
// and the bound on the program's chunk table: both engines give the same
// results, and the VM runs these evaluations itself (no fallback counted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { nodeFiles } from '../../src/cli/node-files.js';
import { MeTTa } from '../../src/runner/metta.js';
import { formatResults } from '../../src/syntax/printer.js';
import { programFor } from '../../src/vm/compiler.js';
import { FORM_CACHE_LIMIT } from '../../src/vm/form-cache.js';

const quiet = { print: () => {}, printErr: () => {} };

const TYPED = `
(: Nat Type) (: Z Nat) (: S (-> Nat Nat))
(: add (-> Nat Nat Nat))
(= (add Z $n) $n) (= (add (S $m) $n) (S (add $m $n)))
(: dbl (-> Number Number)) (= (dbl $x) (* 2 $x))
(= (inc $x) (+ $x 1))
(= (sym) a)
(: b B)
(= (symb) b)
(= (pair) (a b))
(= (many) (superpose (1 2 x)))
(: strf (-> String)) (= (strf) "s")
(: lst (-> Number Expression)) (= (lst $x) ($x $x))
(= (fac $n) (if (== $n 0) 1 (* $n (fac (- $n 1)))))
`;

/** Results with variables renamed in order of appearance (fresh names differ between runs). */
function show(rs: ReturnType<MeTTa['evaluate']>): string {
  const names = new Map<string, string>();
  return formatResults(rs).replace(/\$[A-Za-z_]+#\d+/g, (v) => {
    if (!names.has(v)) names.set(v, `$v${names.size}`);
    return names.get(v)!;
  });
}

function runner(engine: 'tree' | 'vm', program: string): MeTTa {
  const m = new MeTTa({ ...quiet, engine });
  m.run(program);
  return m;
}

/** Evaluates `form` against `type` on both engines: the two results, and the VM's fallbacks for it. */
function both(tree: MeTTa, vm: MeTTa, form: string, type: string): { tree: string; vm: string; fallbacks: number } {
  const t = show(tree.evaluate(tree.parse(form)[0]!, tree.parse(type)[0]!));
  const before = vm.stats.fallbacks;
  const v = show(vm.evaluate(vm.parse(form)[0]!, vm.parse(type)[0]!));
  return { tree: t, vm: v, fallbacks: vm.stats.fallbacks - before };
}

test('typed evaluate: both engines give the same results for every form and type', () => {
  const tree = runner('tree', TYPED), vm = runner('vm', TYPED);
  const forms = ['(+ 1 2)', '(dbl 3)', '(inc 1)', '(sym)', '(symb)', '(pair)', '(many)', '(add (S Z) (S Z))', '(if True 1 2)',
    '(let $x 1 $x)', '(strf)', '(lst 3)', '1', '"s"', 'a', 'b', 'Z', '(S Z)', '$x', '()', '(fac 5)', '(dbl "a")',
    '(+ 1 "a")', '(Error x y)', 'Empty', '(quote (+ 1 2))', '(superpose (1 a "s"))', '(case 1 ((1 a) (2 b)))', '(collapse (many))'];
  const types = ['Number', 'String', 'Nat', 'Atom', 'Expression', 'Symbol', 'Grounded', 'Variable', 'B', 'Bool', '%Undefined%'];
  for (const f of forms) {
    for (const t of types) {
      const r = both(tree, vm, f, t);
      assert.equal(r.vm, r.tree, `${f} : ${t}`);
    }
  }
});

test('typed evaluate runs on the VM: results, BadType errors, meta types, grounded values, no fallback', () => {
  const tree = runner('tree', TYPED), vm = runner('vm', TYPED);
  const cases: Array<[string, string, string]> = [
    ['(dbl 3)', 'Number', '[6]'],
    ['(+ 1 2)', 'String', '[(Error (+ 1 2) (BadType String Number))]'],
    ['(dbl 3)', 'Nat', '[(Error (dbl 3) (BadType Nat Number))]'],
    ['(add (S Z) (S Z))', 'Nat', '[(S (S Z))]'],
    ['(add (S Z) Z)', 'Number', '[(Error (add (S Z) Z) (BadType Number Nat))]'],
    ['(fac 5)', 'Number', '[120]'],
    ['(fac 3)', 'String', '[(Error (* 3 (fac (- 3 1))) (BadType String Number))]'],
    ['(inc 1)', 'Number', '[2]'],
    ['(if True 1 2)', 'String', '[(Error 1 (BadType String Number))]'],
    ['(symb)', 'B', '[b]'],
    ['(symb)', 'Symbol', '[b]'],
    ['(sym)', 'Grounded', '[a]'],
    ['(+ 1 2)', 'Atom', '[(+ 1 2)]'],
    ['(+ 1 2)', 'Expression', '[(+ 1 2)]'],
    ['1', 'Number', '[1]'],
    ['1', 'String', '[(Error 1 (BadType String Number))]'],
    ['"s"', 'Grounded', '["s"]'],
    ['Z', 'Nat', '[Z]'],
    ['Z', 'Number', '[(Error Z (BadType Number Nat))]'],
    ['$x', 'Number', '[$x]'],
    ['(many)', 'Number', '[1, 2, x]'],
  ];
  for (const [f, t, want] of cases) {
    const r = both(tree, vm, f, t);
    assert.equal(r.tree, want, `tree: ${f} : ${t}`);
    assert.equal(r.vm, r.tree, `vm = tree: ${f} : ${t}`);
    assert.equal(r.fallbacks, 0, `no fallback for ${f} : ${t}`);
  }
  assert.deepEqual(vm.stats.fallbackReasons, {});
});

test('a typed form is compiled once per (form, type); an equal copy reuses its chunk', () => {
  const vm = runner('vm', TYPED);
  const number = vm.parse('Number')[0]!, nat = vm.parse('Nat')[0]!;
  assert.equal(formatResults(vm.evaluate(vm.parse('(dbl 4)')[0]!, number)), '[8]');
  assert.equal(formatResults(vm.evaluate(vm.parse('(dbl 4)')[0]!)), '[8]');
  const program = programFor(vm.space);
  const n = program.chunks.length;
  for (let i = 0; i < 3; i++) {
    assert.equal(formatResults(vm.evaluate(vm.parse('(dbl 4)')[0]!, number)), '[8]');
    assert.equal(formatResults(vm.evaluate(vm.parse('(dbl 4)')[0]!)), '[8]');
  }
  assert.equal(program.chunks.length, n, 'both chunks are cached');
  assert.equal(formatResults(vm.evaluate(vm.parse('(dbl 4)')[0]!, nat)), '[(Error (dbl 4) (BadType Nat Number))]');
  assert.equal(program.chunks.length, n + 1, 'another type is another chunk');
  assert.equal(vm.stats.fallbacks, 0);
});

const DEEP = `(= (fac $n) (if (== $n 0) 1 (* $n (fac (- $n 1)))))
(= (lt $n) (if (== $n 0) 0 (let $r (lt (- $n 1)) (+ $r 1))))
(= (cs $n) (case $n ((0 0) ($m (+ 1 (cs (- $m 1)))))))
(= (col $n) (if (== $n 0) 0 (let $r (collapse (col (- $n 1))) (+ 1 (car-atom $r)))))
(= (loop $n) (if (== $n 0) done (loop (- $n 1))))
(= (lst $n) (let* (($a (- $n 1)) ($b $a)) (if (== $n 0) 0 (+ 1 (lst $b)))))
(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))
(= (nd $n) (if (== $n 0) (superpose (a b)) (nd (- $n 1))))
(: tf (-> Number Number)) (= (tf $n) (if (== $n 0) 0 (+ 1 (tf (- $n 1)))))`;

const DEEP_FORMS = ['(fac 5)', '(fac 12)', '(lt 6)', '(cs 5)', '(col 4)', '(loop 30)', '(lst 5)', '(fib 6)', '(nd 4)', '(tf 7)',
  '(+ 1 (+ 1 (+ 1 (+ 1 1))))', '(let $x (fac 3) (+ $x 1))'];

test('max-stack-depth: both engines give the same results, StackOverflow errors included', () => {
  for (const d of [1, 2, 3, 5, 8, 10, 13, 17, 25, 40, 70, 200]) {
    const tree = runner('tree', DEEP), vm = runner('vm', DEEP);
    tree.run(`!(pragma! max-stack-depth ${d})`);
    vm.run(`!(pragma! max-stack-depth ${d})`);
    for (const f of DEEP_FORMS) {
      const t = show(tree.evaluate(tree.parse(f)[0]!));
      assert.equal(show(vm.evaluate(vm.parse(f)[0]!)), t, `${f} under max-stack-depth ${d}`);
    }
  }
});

test('max-stack-depth: the VM runs what stays well within the limit itself, and hands the rest over whole', () => {
  const vm = runner('vm', DEEP);
  vm.run('!(pragma! max-stack-depth 1000)');
  const before = vm.stats.fallbacks;
  for (const f of DEEP_FORMS) vm.evaluate(vm.parse(f)[0]!);
  assert.equal(vm.stats.fallbacks - before, 0, JSON.stringify(vm.stats.fallbackReasons));
  assert.equal(formatResults(vm.evaluate(vm.parse('(fac 12)')[0]!)), '[479001600]');
  // Deep enough for the tree-walker's limit: the VM gives the form to it, which makes the error.
  vm.run('!(pragma! max-stack-depth 10)');
  const r = vm.evaluate(vm.parse('(fac 12)')[0]!);
  assert.match(formatResults(r), /StackOverflow/);
  assert.ok((vm.stats.fallbackReasons!['the whole form, after: a stack-depth limit in reach (max-stack-depth)'] ?? 0) >= 1);
});

test('the chunk table keeps at most FORM_CACHE_LIMIT form chunks', () => {
  const vm = runner('vm', '(= (f $x) (+ $x 1))');
  assert.equal(formatResults(vm.evaluate(vm.parse('(f 1)')[0]!)), '[2]');
  const program = programFor(vm.space);
  const start = program.chunks.length;
  const n = FORM_CACHE_LIMIT + 1500;
  for (let i = 0; i < n; i++) {
    const r = vm.evaluate(vm.parse(`(f (+ ${i} 1))`)[0]!);
    if (i % 997 === 0) assert.equal(formatResults(r), `[${i + 2}]`);
  }
  assert.ok(program.chunks.length <= start + FORM_CACHE_LIMIT + 1, `${program.chunks.length} chunks after ${n} distinct forms`);
  // Forms compiled before and after the caches started again still run right.
  assert.equal(formatResults(vm.evaluate(vm.parse('(f 1)')[0]!)), '[2]');
  assert.equal(formatResults(vm.evaluate(vm.parse(`(f (+ ${n - 1} 1))`)[0]!)), `[${n + 1}]`);
  assert.equal(vm.stats.fallbacks, 0);
});

/** Every form's results of a script run under `(pragma! max-stack-depth d)`, variables, space and generator names normalised (their numbers count up per process). */
function scriptUnderLimit(path: string, engine: 'tree' | 'vm', d: number): string[] {
  const m = new MeTTa({ engine, files: nodeFiles, print: () => {}, printErr: () => {}, maxSteps: 50_000_000 });
  m.baseDir = dirname(path);
  const report = m.runReport(`!(pragma! max-stack-depth ${d})\n${readFileSync(path, 'utf8')}`, path, { stopOnError: false });
  return [...report.forms.map((f) => show(f.results).replace(/GroundingSpace-0x[0-9a-f]+/g, 'GS').replace(/RandomGenerator-0x[0-9a-f]+/g, 'RG')), ...report.errors.map((e) => String(e))];
}

test('max-stack-depth: the hyperon unit scripts give the same results on both engines under a limit', () => {
  const root = join(process.cwd(), 'test', 'conformance');
  const dirs = readdirSync(root, { withFileTypes: true }).filter((x) => x.isDirectory() && x.name.startsWith('hyperon-unit-'));
  let forms = 0;
  for (const dir of dirs) {
    for (const f of readdirSync(join(root, dir.name)).filter((x) => x.endsWith('.metta')).sort()) {
      const path = join(root, dir.name, f);
      for (const d of [6, 40]) {
        const t = scriptUnderLimit(path, 'tree', d);
        assert.deepEqual(scriptUnderLimit(path, 'vm', d), t, `${dir.name}/${f} under max-stack-depth ${d}`);
        forms += t.length;
      }
    }
  }
  assert.ok(forms > 500, `${forms} forms compared`);
});

test('a call declared to return Expression, asked for a Number, is a BadType error on both engines', () => {
  const src = `(: Cons (-> Number Expression)) (: f1 (-> Number Number))
    (= (f1 $x) (Cons (if $x (superpose ()) (if a $x a))))`;
  const tree = runner('tree', src), vm = runner('vm', src);
  const r = both(tree, vm, '(f1 0)', '%Undefined%');
  assert.equal(r.tree, '[(Error (Cons (if 0 (superpose ()) (if a 0 a))) (BadType Number Expression))]');
  assert.equal(r.vm, r.tree);
  assert.equal(both(tree, vm, '(Cons 1)', 'Expression').vm, '[(Cons 1)]');
  const n = both(tree, vm, '(Cons 1)', 'Number');
  assert.equal(n.vm, n.tree);
});

test('(== $v ()) evaluates a value that is not plain data, as the tree-walker does', () => {
  const src = '(: Nil Nat) (= (f2 $x) (let $v3 (collapse (== $x Nil)) (superpose ((== $v3 ())))))';
  const tree = runner('tree', src), vm = runner('vm', src);
  const r = both(tree, vm, '(f2 0)', '%Undefined%');
  assert.equal(r.tree, '[(Error (== 0 Nil) (BadArgType 2 Number Nat))]');
  assert.equal(r.vm, r.tree);
});
