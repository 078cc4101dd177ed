// JS ↔ MeTTa conversion is exact or refuses: never a different number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MeTTa, fromJS, fromJSExact, toJS, JsConversionError, format, formatResults, makeInt, sym,
  type Atom, type GroundedValue,
} from '../../src/index.js';

/** What `!(f)` gives when the host function f returns `value`. */
function hostReturns(value: unknown): string {
  const m = new MeTTa();
  m.registerOperation('f', '(-> Atom)', () => value);
  return formatResults(m.run('!(f)')[0]!);
}

test('host integers beyond 64 bits are refused with an Error naming the value, never wrapped', () => {
  assert.equal(hostReturns(2n ** 100n), '[(Error (f) "the integer 1267650600228229401496703205376 is beyond the 64-bit range of MeTTa integers")]');
  assert.equal(hostReturns(2n ** 64n + 7n), '[(Error (f) "the integer 18446744073709551623 is beyond the 64-bit range of MeTTa integers")]');
  assert.equal(hostReturns(-(2n ** 63n) - 1n), '[(Error (f) "the integer -9223372036854775809 is beyond the 64-bit range of MeTTa integers")]');
  assert.equal(format(fromJS(2n ** 100n)), '(Error "1267650600228229401496703205376n" "the integer 1267650600228229401496703205376 is beyond the 64-bit range of MeTTa integers")');
  assert.throws(() => fromJSExact(2n ** 64n), JsConversionError);
});

test('bigints within 64 bits are exact integers, and toJS gives them back exactly', () => {
  assert.equal(hostReturns(2n ** 63n - 1n), '[9223372036854775807]');
  assert.equal(hostReturns(-(2n ** 63n)), '[-9223372036854775808]');
  assert.equal(toJS(fromJS(2n ** 62n + 1n)), 2n ** 62n + 1n);
  assert.equal(toJS(fromJS(12n)), 12);
});

test('JS numbers past 2^53 are Floats holding the number as it is, not wrapped integers', () => {
  assert.equal(hostReturns(2 ** 70), '[1.1805916207174113e21]');
  assert.equal(hostReturns(2 ** 53), '[9007199254740992.0]');
  assert.equal(hostReturns(2 ** 53 - 1), '[9007199254740991]');
  assert.equal(toJS(fromJS(2 ** 70)), 2 ** 70);
});

test('NaN, Infinity and -0 have documented conversions', () => {
  assert.equal(hostReturns(NaN), '[NaN]');
  assert.equal(hostReturns(Infinity), '[inf]');
  assert.equal(hostReturns(-Infinity), '[-inf]');
  assert.ok(Number.isNaN(toJS(fromJS(NaN)) as number));
  // -0 is an integer-valued number: the integer 0 (integers have no signed zero).
  assert.equal(hostReturns(-0), '[0]');
  assert.ok(Object.is(toJS(fromJS(-0)), 0));
  assert.equal(hostReturns(-0.5), '[-0.5]');
});

test('undefined, null, booleans, strings and arrays', () => {
  assert.equal(hostReturns(undefined), '[()]');
  assert.equal(hostReturns(null), '[()]');
  assert.equal(hostReturns(true), '[True]');
  assert.equal(hostReturns('a "b"'), '["a \\"b\\""]');
  assert.equal(hostReturns([1, 'x', [2.5, false]]), '[(1 "x" (2.5 False))]');
});

test('functions, cyclic arrays, anonymous symbols and plain objects are refused with a message', () => {
  function helper(): number {
    return 1;
  }
  assert.equal(hostReturns(helper), '[(Error (f) "the JS function helper is not a MeTTa value (register it as an operation)")]');
  const cyclic: unknown[] = [1];
  cyclic.push(cyclic);
  assert.equal(hostReturns(cyclic), '[(Error (f) "an array that contains itself has no finite MeTTa expression")]');
  assert.equal(hostReturns(Symbol()), '[(Error (f) "a JS symbol without a description has no MeTTa name")]');
  assert.equal(hostReturns({ a: 1 }), '[(Error (f) "the JS object [object Object] is not a MeTTa value (return an atom, or a GroundedValue)")]');
  for (const v of [helper, cyclic, Symbol(), { a: 1 }]) assert.throws(() => fromJSExact(v), JsConversionError);
  // A shared (not cyclic) array is fine.
  const shared = [1];
  assert.equal(format(fromJS([shared, shared])), '((1) (1))');
});

test('JS symbols with a description become MeTTa symbols; atoms and GroundedValues pass through', () => {
  assert.equal(fromJS(Symbol('red')), sym('red'));
  assert.equal(hostReturns(Symbol.for('blue')), '[blue]');
  const a: Atom = makeInt(5);
  assert.equal(fromJS(a), a);
  const point: GroundedValue = {
    typeAtom: () => sym('Point'),
    equals: (o) => o === point,
    display: () => '<point>',
    hashCode: () => 1,
  };
  assert.equal(hostReturns(point), '[<point>]');
  assert.equal(format(fromJS(point)), '<point>');
});
