// get-doc and help!, and a check that everything in the library is documented.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cases, run, ENGINES, argCount, badArg, rtErr } from './helpers.js';
import { standardOperations } from '../../src/stdlib/index.js';
import { PRELUDE as DEFINITIONS } from '../../src/stdlib/prelude.js';
import { randomModuleOps } from '../../src/stdlib/random.js';
import { operationOf } from '../../src/stdlib/operation.js';
import { parseAll } from '../../src/syntax/parser.js';
import { EXPRESSION, SYMBOL } from '../../src/atom/atom.js';

const USER = `(@doc some-func (@desc "Test function") (@params ((@param "First") (@param "Second"))) (@return "Result"))
(: some-func (-> A B C))
(@doc some-atom (@desc "Test atom"))
(: some-atom T)
(@doc untyped (@desc "Untyped function") (@params ((@param "Only"))) (@return "Something"))
`;
const FUNC_DOC = '(@doc-formal (@item some-func) (@kind function) (@type (-> A B C)) (@desc "Test function") (@params ((@param (@type A) (@desc "First")) (@param (@type B) (@desc "Second")))) (@return (@type C) (@desc "Result")))';
const ATOM_DOC = '(@doc-formal (@item some-atom) (@kind atom) (@type T) (@desc "Test atom"))';
const UNTYPED_DOC = '(@doc-formal (@item untyped) (@kind function) (@type %Undefined%) (@desc "Untyped function") (@params ((@param (@type %Undefined%) (@desc "Only")))) (@return (@type %Undefined%) (@desc "Something")))';

cases('docs', [
  { name: 'get-doc in a space', src: `${USER}!(get-doc &self some-func) !(get-doc &self some-atom) !(get-doc &self untyped) !(get-doc &self nothing) !(get-doc &self (some-func a b))`,
    results: [`[${FUNC_DOC}]`, `[${ATOM_DOC}]`, `[${UNTYPED_DOC}]`, '[]', '[]'] },
  { name: 'get-doc in the current space', src: `${USER}!(get-doc some-func) !(get-doc nothing)`, results: [`[${FUNC_DOC}]`, '[]'] },
  { name: 'get-doc of the library', src: '!(get-doc not)',
    results: ['[(@doc-formal (@item not) (@kind function) (@type (-> Bool Bool)) (@desc "Logical negation") (@params ((@param (@type Bool) (@desc "A Bool")))) (@return (@type Bool) (@desc "The opposite Bool")))]'] },
  { name: 'get-doc errors', src: '!(get-doc) !(get-doc 5 a)',
    results: [`[${argCount('(get-doc)')}, ${argCount('(get-doc)')}]`, `[${badArg('(get-doc 5 a)', 1, 'SpaceType', 'Number')}, ${argCount('(get-doc 5 a)')}]`],
    unordered: true },
  { name: '_get-doc', src: `${USER}!(_get-doc &self some-atom) !(_get-doc foo some-atom) !(_get-doc &self)`,
    results: [`[${ATOM_DOC}]`, `[${rtErr('(_get-doc foo some-atom)', 'get-doc expects a space and an atom')}]`, /IncorrectNumberOfArguments\)\]$/] },
  { name: 'help! of a function', src: `${USER}!(help! some-func)`, results: ['[()]'],
    out: ['Function some-func: (-> A B C) Test function', 'Parameters:', '  (type A) First', '  (type B) Second', 'Return: (type C) Result'] },
  { name: 'help! of an atom and of nothing', src: `${USER}!(help! some-atom) !(help! nothing) !(help! (some-func a b))`, results: ['[()]', '[()]', '[()]'],
    out: ['Atom some-atom: T Test atom', 'No documentation found for nothing', 'No documentation found for (some-func a b)'] },
  { name: 'help! of a library operation', src: '!(help! and)', results: ['[()]'],
    out: ['Function and: (-> Bool Bool Bool) Logical conjunction', 'Parameters:', '  (type Bool) First Bool', '  (type Bool) Second Bool',
      'Return: (type Bool) True when both are True'] },
  { name: 'help! of a module', src: '!(help! random)', results: ['[()]'],
    out: ['random-int\n\tA random integer in a half-open range, drawn from a generator', 'random-float\n\tA random float in a half-open range, drawn from a generator',
      'set-random-seed\n\tSeeds a generator, so that it repeats the same sequence', 'new-random-generator\n\tCreates a generator seeded with a number',
      'reset-random-generator\n\tMakes a generator draw from the runner\'s random source again, as &rng does at first', 'flip\n\tA random Bool, True or False with equal chance'] },
  { name: 'help! errors', src: '!(help! a b)', results: [`[${argCount('(help! a b)')}, ${argCount('(help! a b)')}]`] },
  { name: '_help!', src: `${USER}!(_help! some-atom) !(_help!)`, results: ['[()]', `[${argCount('(_help!)')}]`], out: ['Atom some-atom: T Test atom'] },
]);

for (const engine of ENGINES) {
  test(`docs: help! without an argument lists the standard library [${engine}]`, () => {
    const r = run(engine, '!(help!)');
    assert.deepEqual(r.results, ['[()]']);
    assert.ok(r.out.includes('eval\n\tMakes one evaluation step of its argument: calls a grounded operation, or rewrites the expression once by a matching (= ...) rule; NotReducible when nothing applies'));
    assert.ok(r.out.includes('ErrorType\n\tType of error expressions'));
    assert.ok(r.out.length > 150, `only ${r.out.length} entries`);
  });
}

/** Every name the corelib defines: its grounded operations and the heads of its `=` and `:` atoms. */
function corelibNames(): string[] {
  const names = new Set(standardOperations().map((op) => operationOf(op)!.name));
  for (const f of parseAll(DEFINITIONS)) {
    const a = f.atom;
    if (a.kind !== EXPRESSION || a.items.length !== 3) continue;
    const head = a.items[0]!;
    if (head.kind !== SYMBOL || (head.name !== '=' && head.name !== ':')) continue;
    const subject = head.name === '=' && a.items[1]!.kind === EXPRESSION ? a.items[1]!.items[0] : a.items[1];
    if (subject !== undefined && subject.kind === SYMBOL) names.add(subject.name);
  }
  return [...names].sort();
}

for (const engine of ENGINES) {
  test(`docs: everything in the corelib and the random module has an @doc [${engine}]`, () => {
    const names = corelibNames();
    assert.ok(names.length > 120, `found only ${names.length} names`);
    const src = names.map((n) => `!(let $c (collapse (get-doc ${n})) (size-atom $c))`).join('\n');
    const r = run(engine, src);
    const missing = names.filter((_, i) => r.results[i] === '[0]');
    assert.deepEqual(missing, []);
    const mod = randomModuleOps().map((op) => operationOf(op)!.name);
    const r2 = run(engine, `!(import! &self random) ${mod.map((n) => `!(let $c (collapse (get-doc ${n})) (size-atom $c))`).join(' ')}`);
    assert.deepEqual(r2.results.slice(1).filter((x) => x === '[0]'), []);
  });
}
