// The math family (reference: runner/stdlib/math.rs). Results are Floats, except
// that abs/trunc/ceil/floor/round keep an Integer an Integer, and isnan/isinf
// answer Bool. A non-number that passes the type check (an untyped symbol)
// fails with the operation's own message.
import type { Atom } from '../atom/atom.js';
import { numberOf, makeFloat, makeInt, makeBool, type NumberValue } from '../atom/grounded.js';
import { operation } from './operation.js';
import { fail, MSG } from './errors.js';
import { typeAtom } from './type-syntax.js';

const N_N = '(-> Number Number)';
const NN_N = '(-> Number Number Number)';

function numberArg(a: Atom | undefined, message: string): NumberValue {
  const n = a === undefined ? null : numberOf(a);
  if (n === null) fail(message);
  return n;
}

/** An operation of one number returning a Float. */
function floatFn(name: string, f: (x: number) => number, message = MSG.inputNumber(name)): Atom {
  return operation(name, typeAtom(N_N), (args) => [makeFloat(f(numberArg(args[0], message).toNumber()))]);
}

/** Rounding keeps integers as they are and rounds floats to a (whole) Float. */
function roundFn(name: string, f: (x: number) => number): Atom {
  return operation(name, typeAtom(N_N), (args) => {
    const n = numberArg(args[0], MSG.inputNumber(name));
    return [n.isFloat ? makeFloat(f(n.toNumber())) : makeInt(n.n)];
  });
}

/** Rust's f64::round: halfway cases away from zero (Math.round goes towards +inf). */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

const I32_MIN = -(2 ** 31);
const I32_MAX = 2 ** 31 - 1;

function pow(args: readonly Atom[]): Atom[] {
  const message = 'pow-math expects two arguments: number (base) and number (power)';
  const base = numberArg(args[0], message).toNumber();
  const power = numberArg(args[1], message);
  // An integer power must fit Rust's powi (an i32).
  if (!power.isFloat) {
    const p = power.n;
    if (typeof p === 'bigint' || p < I32_MIN || p > I32_MAX) fail(MSG.powerTooBig);
  }
  return [makeFloat(Math.pow(base, power.toNumber()))];
}

function abs(args: readonly Atom[]): Atom[] {
  const n = numberArg(args[0], 'abs-math expects one argument: number');
  if (n.isFloat) return [makeFloat(Math.abs(n.toNumber()))];
  // i64::abs of the minimum wraps in release builds; makeInt wraps the same way.
  return [makeInt(typeof n.n === 'bigint' ? (n.n < 0n ? -n.n : n.n) : Math.abs(n.n))];
}

function log(args: readonly Atom[]): Atom[] {
  const message = 'log-math expects two arguments: base (number) and input value (number)';
  const base = numberArg(args[0], message).toNumber();
  const x = numberArg(args[1], message).toNumber();
  return [makeFloat(Math.log(x) / Math.log(base))];
}

/** isnan/isinf: an Integer is never NaN nor infinite. */
function floatTest(name: string, test: (x: number) => boolean): Atom {
  return operation(name, typeAtom('(-> Number Bool)'), (args) => {
    const n = numberArg(args[0], MSG.inputNumber(name));
    return [makeBool(n.isFloat && test(n.toNumber()))];
  });
}

export function mathOps(): Atom[] {
  return [
    operation('pow-math', typeAtom(NN_N), pow),
    floatFn('sqrt-math', Math.sqrt, 'sqrt-math expects one argument: number'),
    operation('abs-math', typeAtom(N_N), abs),
    operation('log-math', typeAtom(NN_N), log),
    roundFn('trunc-math', Math.trunc),
    roundFn('ceil-math', Math.ceil),
    roundFn('floor-math', Math.floor),
    roundFn('round-math', roundHalfAway),
    floatFn('sin-math', Math.sin),
    floatFn('asin-math', Math.asin),
    floatFn('cos-math', Math.cos),
    floatFn('acos-math', Math.acos),
    floatFn('tan-math', Math.tan),
    floatFn('atan-math', Math.atan),
    floatTest('isnan-math', Number.isNaN),
    floatTest('isinf-math', (x) => x === Infinity || x === -Infinity),
  ];
}
