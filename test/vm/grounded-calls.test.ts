// Library operations with side effects that the VM calls itself (GCALL):
// states, tokens, pragmas, nop. Each case runs on both engines with the same
// results; `native` ones must not leave the VM; the bail cases check that an
// effect made before a bail is taken back (or never made) before the
// tree-walker runs the form again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOn, asMultisets } from './helpers.js';

interface Case {
  readonly name: string;
  readonly src: string;
  readonly expect: string[][];
  /** True when the VM must run it without any fallback. */
  readonly native?: boolean;
}

const CASES: Case[] = [
  {
    name: 'new-state, get-state, change-state!',
    src: '!(let $s (new-state 1) (get-state $s)) !(let $s (new-state (A B)) (let $u (change-state! $s (C D)) (get-state $s))) !(new-state x)',
    expect: [['1'], ['(C D)'], ['(State x)']], native: true,
  },
  {
    name: 'a state bound to a token keeps its value between forms',
    src: '!(bind! &c (new-state 0)) !(change-state! &c 5) !(get-state &c) !(nop (change-state! &c 7)) !(get-state &c)',
    // A state prints with the value it holds when the results are printed (after the run).
    expect: [['()'], ['(State 7)'], ['5'], ['()'], ['7']], native: true,
  },
  {
    name: 'the type check is the tree-walker\'s: BadArgType for a value of another type',
    src: '!(change-state! (new-state 1) "S") !(let $s (new-state 1) (change-state! $s "S")) !(get-state 5)',
    expect: [['(Error (change-state! (new-state 1) "S") (BadArgType 2 Number String))'],
      ['(Error (change-state! (State 1) "S") (BadArgType 2 Number String))'],
      ['(Error (get-state 5) (BadArgType 1 (StateMonad $tgso#) Number))']],
  },
  {
    name: 'nop and pragma! evaluate their arguments as a tuple',
    src: '(= (f) (+ 1 2)) !(nop (f)) !(nop) !(pragma! max-stack-depth 0) !(nop (empty))',
    expect: [['()'], ['()'], ['()'], []], native: true,
  },
  {
    name: 'a state of a declared type: values checked against it',
    src: '(: Pair Type) (: (A B) Pair) (: (C D) Pair) !(bind! &p (new-state (A B))) !(change-state! &p (C D)) !(get-state &p) !(change-state! &p 1)',
    expect: [['()'], ['(State (C D))'], ['(C D)'], ['(Error (change-state! (State (C D)) 1) (BadArgType 2 Pair Number))']],
  },
  {
    name: 'bind! inside a rule: the last act of the run',
    src: '(= (init) (bind! &k (new-space))) !(init) !(add-atom &k (a 1)) !(match &k (a $x) $x)',
    expect: [['()'], ['()'], ['1']], native: true,
  },
];

for (const c of CASES) {
  test(c.name, () => {
    const tree = runOn('tree', c.src);
    const vm = runOn('vm', c.src);
    assert.equal(asMultisets(vm.forms), asMultisets(tree.forms), 'same results as the tree-walker');
    assert.equal(asMultisets(vm.forms), asMultisets(c.expect));
    if (c.native === true) assert.deepEqual(vm.stats.fallbackReasons, {}, 'ran on the VM');
  });
}

test('change-state! before a bail is taken back: the tree-walker\'s re-run counts once', () => {
  // `(g $z)`: `if` on a variable binds it (the library's True and False rules), which the VM leaves to
  // the tree-walker even in logic mode, so the whole form restarts there (after a logic-mode run).
  const src = `(= (g $x) (if $x a b)) !(bind! &c (new-state 0))
    !(let $u (change-state! &c (+ (get-state &c) 1)) (g $z)) !(get-state &c)`;
  const tree = runOn('tree', src);
  const vm = runOn('vm', src);
  assert.equal(asMultisets(vm.forms), asMultisets(tree.forms));
  assert.deepEqual(vm.forms, [['()'], ['a', 'b'], ['1']]);
  assert.ok(Object.keys(vm.stats.fallbackReasons!).some((r) => r.startsWith('the whole form, after: ')), 'the form bailed');
});

test('a final effect with an alternative still to run bails before it, so it happens once', () => {
  const src = '!(bind! &n (new-state 0)) !(superpose ((bind! &w 5) (change-state! &n (+ (get-state &n) 1)))) !(get-state &n) !(nop &w)';
  const tree = runOn('tree', src);
  const vm = runOn('vm', src);
  assert.equal(asMultisets(vm.forms), asMultisets(tree.forms));
  assert.deepEqual(vm.forms[2], ['1']);
  assert.ok(Object.keys(vm.stats.fallbackReasons!).some((r) => r.includes('bind! before the end of the form')), 'the form bailed');
});
