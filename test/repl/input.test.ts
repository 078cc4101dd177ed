import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanInput, formSources } from '../../src/repl/input.js';

const texts = (s: string): string[] => scanInput(s).forms.map((f) => s.slice(f.start, f.end));

test('balanced input is complete and split into top-level forms, `!` kept with its atom', () => {
  const s = '(a b) !(+ 1 2)\n! (c)  sym $v "str"';
  assert.equal(scanInput(s).complete, true);
  assert.deepEqual(texts(s), ['(a b)', '!(+ 1 2)', '! (c)', 'sym', '$v', '"str"']);
});

test('an open parenthesis, an open string or a trailing `!` asks for more lines', () => {
  for (const s of ['(a', '!(+ 1\n  (* 2', '"abc', '(a "b)c', '!', '! ; comment\n', '("x\\']) {
    assert.equal(scanInput(s).complete, false, JSON.stringify(s));
  }
  assert.equal(scanInput('(a\n b)\n').complete, true);
});

test('parentheses inside strings and comments do not count', () => {
  assert.equal(scanInput('(println! "(((")').complete, true);
  assert.equal(scanInput('(a ; )))\n').complete, false);
  assert.equal(scanInput('(a ; (((\n b)').complete, true);
  assert.equal(scanInput('"a \\" ("').complete, true);
  assert.equal(scanInput('; only a comment (').complete, true);
  assert.deepEqual(scanInput('; only a comment (').forms, []);
});

test('lexing follows the parser: a `"` inside a word and a `;` inside a variable are ordinary characters', () => {
  assert.deepEqual(texts('ab"c (d)'), ['ab"c', '(d)']);
  assert.deepEqual(texts('$x;y (d)'), ['$x;y', '(d)']);
  assert.deepEqual(texts('abc;comment (\n(d)'), ['abc', '(d)']);
  // `!x` is a symbol, not an evaluation mark.
  assert.deepEqual(texts('!x (d)'), ['!x', '(d)']);
});

test('a stray closing parenthesis is a form of its own, for the parser to report', () => {
  const s = '(a)) (b)';
  assert.equal(scanInput(s).complete, true);
  assert.deepEqual(texts(s), ['(a)', ')', '(b)']);
});

test('form sources keep the line and column of the input as typed', () => {
  const s = '(a)\t(b)\n\n  !(c\n d)';
  const spans = scanInput(s).forms;
  assert.deepEqual(formSources(s, spans), ['(a)', '   \t(b)', '\n\n  !(c\n d)']);
});
