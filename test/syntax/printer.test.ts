import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sym, variable, expr, freshVariable, EMPTY_EXPR, type Atom } from '../../src/atom/atom.js';
import { makeInt, makeFloat, makeString, TRUE, FALSE } from '../../src/atom/grounded.js';
import { format, formatResults } from '../../src/syntax/index.js';

test('symbols, variables and expressions', () => {
  assert.equal(format(sym('foo')), 'foo');
  assert.equal(format(sym('ж⟮')), 'ж⟮');
  assert.equal(format(variable('x')), '$x');
  assert.equal(format(variable('x', 12)), '$x#12');
  assert.match(format(freshVariable('y')), /^\$y#\d+$/);
  assert.equal(format(EMPTY_EXPR), '()');
  assert.equal(format(expr([])), '()');
  assert.equal(format(expr([sym('a'), sym('b'), sym('c')])), '(a b c)');
  assert.equal(format(expr([expr([]), expr([sym('a'), expr([expr([])])]), sym('z')])), '(() (a (())) z)');
});

test('numbers', () => {
  assert.equal(format(makeInt(3)), '3');
  assert.equal(format(makeInt(-42)), '-42');
  assert.equal(format(makeInt(9007199254740993n)), '9007199254740993');
  assert.equal(format(makeFloat(3)), '3.0');
  assert.equal(format(makeFloat(-3)), '-3.0');
  assert.equal(format(makeFloat(0.1 + 0.2)), '0.30000000000000004');
  assert.equal(format(makeFloat(1e16)), '1e16');
  assert.equal(format(makeFloat(1e15)), '1000000000000000.0');
  assert.equal(format(makeFloat(1e-5)), '1e-5');
  assert.equal(format(makeFloat(1.5e-5)), '1.5e-5');
  assert.equal(format(makeFloat(0.0001)), '0.0001');
  assert.equal(format(makeFloat(0)), '0.0');
  assert.equal(format(makeFloat(-0)), '-0.0');
  assert.equal(format(makeFloat(NaN)), 'NaN');
  assert.equal(format(makeFloat(Infinity)), 'inf');
  assert.equal(format(makeFloat(-Infinity)), '-inf');
});

test('booleans and strings', () => {
  assert.equal(format(TRUE), 'True');
  assert.equal(format(FALSE), 'False');
  assert.equal(format(makeString('abc')), '"abc"');
  assert.equal(format(makeString('')), '""');
  assert.equal(format(makeString('a\nb')), '"a\\nb"');
  assert.equal(format(makeString('q"b\\')), '"q\\"b\\\\"');
  assert.equal(format(makeString('t\tr\r')), '"t\\tr\\r"');
  assert.equal(format(makeString('\x1b[0m')), '"\\u{1b}[0m"');
  assert.equal(format(makeString("it's ж")), '"it\'s ж"');
});

test('formatResults', () => {
  assert.equal(formatResults([]), '[]');
  assert.equal(formatResults([makeInt(3)]), '[3]');
  assert.equal(formatResults([sym('a'), expr([sym('b'), makeString('c')])]), '[a, (b "c")]');
  assert.equal(formatResults([EMPTY_EXPR, makeFloat(2)]), '[(), 2.0]');
});

test('Atom.toString uses the printer', () => {
  const a = expr([sym('f'), variable('x', 3), makeFloat(1)]);
  assert.equal(String(a), '(f $x#3 1.0)');
  assert.equal(`${a}`, '(f $x#3 1.0)');
});

test('a 1,000,000-deep expression built directly prints iteratively', () => {
  const depth = 1_000_000;
  let a: Atom = sym('x');
  for (let i = 0; i < depth; i++) a = expr([a, sym('y')]);
  const s = format(a);
  assert.equal(s.length, depth * 4 + 1);
  assert.ok(s.startsWith('('.repeat(depth) + 'x y) y) y)'));
  assert.ok(s.endsWith(' y) y)'));
  assert.equal(a.toString().length, s.length);
});
