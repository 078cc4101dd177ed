import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MeTTa } from '../../src/runner/metta.js';
import { toJS } from '../../src/runner/js-values.js';
import { format } from '../../src/syntax/printer.js';
import { numberOf } from '../../src/atom/grounded.js';
import type { Atom } from '../../src/atom/atom.js';

const show = (rs: Atom[][]): string[][] => rs.map((r) => r.map(format));

test('registerOperation: a JS function becomes a typed grounded operation', () => {
  for (const engine of ['vm', 'tree'] as const) {
    const m = new MeTTa({ engine });
    m.registerOperation('square', '(-> Number Number)', (x) => numberOf(x)!.toNumber() ** 2);
    m.registerOperation('greet', '(-> Atom String)', (x) => `hello ${format(x)}`);
    assert.deepEqual(show(m.run('!(square (+ 1 2)) !(greet world) !(square "x")')), [
      ['9'], ['"hello world"'], ['(Error (square "x") (BadArgType 1 Number String))'],
    ], engine);
  }
});

test('registerOperation: several results, and errors thrown by the function', () => {
  const m = new MeTTa();
  const [one, two] = m.parse('one two');
  m.registerOperation('both', '(-> Atom)', () => [one!, two!]);
  m.registerOperation('fail', '(-> Atom Atom)', () => { throw new Error('nope'); });
  assert.deepEqual(show(m.run('!(both)')), [['one', 'two']]);
  assert.deepEqual(show(m.run('!(fail x)')), [['(Error (fail x) "nope")']]);
});

test('registerOperation: an async function is awaited by runAsync, and refused by run', async () => {
  const m = new MeTTa();
  m.registerOperation('fetch-twice', '(-> Number Number)', async (x) => {
    await new Promise((r) => setTimeout(r, 5));
    return numberOf(x)!.toNumber() * 2;
  });
  assert.deepEqual(show(await m.runAsync('(= (f $x) (+ 1 (fetch-twice $x))) !(f 20) !(collapse (fetch-twice (superpose (1 2))))')), [
    ['41'], ['(2 4)'],
  ]);
  assert.match(show(m.run('!(fetch-twice 1)'))[0]![0]!, /asynchronous operation/);
});

test('parse uses the runner tokens; toJS converts results', () => {
  const m = new MeTTa();
  const [atom] = m.parse('(+ 1 2)');
  assert.deepEqual(m.evaluate(atom!).map(toJS), [3]);
  assert.deepEqual(m.run('!(superpose ((a 1 "s" True) 2.5))')[0]!.map(toJS), [['a', 1, 's', true], 2.5]);
});
