// Arithmetic, comparison and logic on grounded numbers and booleans
// (reference: runner/stdlib/arithmetics.rs).
import type { Atom } from '../atom/atom.js';
import { NumberValue, numberOf, boolOf, makeInt, makeFloat, makeBool } from '../atom/grounded.js';
import { atomEq } from '../atom/atom.js';
import { ExecError, NoReduce, operation } from './operation.js';
import { fail, MSG } from './errors.js';
import { typeAtom } from './type-syntax.js';

const NUM2 = typeAtom('(-> Number Number Number)');
const CMP = typeAtom('(-> Number Number Bool)');
const BOOL2 = typeAtom('(-> Bool Bool Bool)');
const BOOL1 = typeAtom('(-> Bool Bool)');

function nums(op: string, args: readonly Atom[]): [NumberValue, NumberValue] {
  if (args.length !== 2) throw new ExecError(`${op} expects two arguments`);
  const a = numberOf(args[0]!), b = numberOf(args[1]!);
  // A non-number that passed the type check (an %Undefined% symbol) leaves the call unreduced.
  if (a === null || b === null) throw new NoReduce();
  return [a, b];
}

function intOp(a: NumberValue, b: NumberValue, f: (x: bigint, y: bigint) => bigint, g: (x: number, y: number) => number): Atom {
  if (typeof a.n === 'number' && typeof b.n === 'number') {
    const r = g(a.n, b.n);
    if (Number.isSafeInteger(r)) return makeInt(r);
  }
  return makeInt(f(BigInt(a.n), BigInt(b.n)));
}

export function arithmetic(name: string, args: readonly Atom[]): Atom {
  const [a, b] = nums(name, args);
  const float = a.isFloat || b.isFloat;
  const x = a.toNumber(), y = b.toNumber();
  switch (name) {
    case '+': return float ? makeFloat(x + y) : intOp(a, b, (p, q) => p + q, (p, q) => p + q);
    case '-': return float ? makeFloat(x - y) : intOp(a, b, (p, q) => p - q, (p, q) => p - q);
    case '*': return float ? makeFloat(x * y) : intOp(a, b, (p, q) => p * q, (p, q) => p * q);
    case '/':
      if (float) return makeFloat(x / y);
      if (y === 0) fail(MSG.divisionByZero);
      return intOp(a, b, (p, q) => p / q, (p, q) => Math.trunc(p / q));
    default: // % (the reference panics on an integer % 0; an Error is kinder)
      if (float) return makeFloat(x % y);
      if (y === 0) fail(MSG.divisionByZero);
      return intOp(a, b, (p, q) => p % q, (p, q) => p % q);
  }
}

export function compare(name: string, args: readonly Atom[]): Atom {
  const [a, b] = nums(name, args);
  let c: number;
  if (!a.isFloat && !b.isFloat && (typeof a.n === 'bigint' || typeof b.n === 'bigint')) {
    const p = BigInt(a.n), q = BigInt(b.n);
    c = p < q ? -1 : p > q ? 1 : 0;
  } else {
    const p = a.toNumber(), q = b.toNumber();
    c = p < q ? -1 : p > q ? 1 : p === q ? 0 : NaN;
  }
  switch (name) {
    case '<': return makeBool(c < 0);
    case '>': return makeBool(c > 0);
    case '<=': return makeBool(c <= 0);
    default: return makeBool(c >= 0);
  }
}

function bools(name: string, args: readonly Atom[], n: number): boolean[] {
  if (args.length !== n) throw new ExecError(`${name} expects ${n === 1 ? 'one argument' : 'two arguments'}`);
  const out: boolean[] = [];
  for (const a of args) {
    const v = boolOf(a);
    if (v === null) throw new NoReduce();
    out.push(v);
  }
  return out;
}

export function arithmeticOps(): Atom[] {
  const ops: Atom[] = [];
  for (const name of ['+', '-', '*', '/', '%']) ops.push(operation(name, NUM2, (args) => [arithmetic(name, args)]));
  for (const name of ['<', '>', '<=', '>=']) ops.push(operation(name, CMP, (args) => [compare(name, args)]));
  ops.push(operation('==', typeAtom('(-> $t $t Bool)'), (args) => {
    if (args.length !== 2) throw new ExecError('== expects two arguments');
    return [makeBool(atomEq(args[0]!, args[1]!))];
  }));
  ops.push(operation('and', BOOL2, (args) => { const [p, q] = bools('and', args, 2); return [makeBool(p! && q!)]; }));
  ops.push(operation('or', BOOL2, (args) => { const [p, q] = bools('or', args, 2); return [makeBool(p! || q!)]; }));
  ops.push(operation('xor', BOOL2, (args) => { const [p, q] = bools('xor', args, 2); return [makeBool(p! !== q!)]; }));
  ops.push(operation('not', BOOL1, (args) => { const [p] = bools('not', args, 1); return [makeBool(!p)]; }));
  return ops;
}
