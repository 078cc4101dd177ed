// The standard library's runtime error messages, in one place.
//
// A grounded operation that fails throws ExecError; the engine turns it into
// `(Error <call> <message>)`. The reference builds that message atom with
// `Atom::sym`, so it is a Symbol (which prints without quotes, even when it
// holds spaces or newlines) and compares equal to a symbol written in MeTTa:
// `(assertEqual (random-int &rng 5 0) (Error (random-int &rng 5 0) RangeIsEmpty))`
// holds. `messageAtom` is the one place that decides this.
import { type Atom, sym } from '../atom/atom.js';
import { ExecError } from './operation.js';

export function messageAtom(message: string): Atom {
  return sym(message);
}

/** Fails the current operation with `message`. */
export function fail(message: string): never {
  throw new ExecError(message, messageAtom(message));
}

/** Messages shared by several operations, worded as the reference words them. */
export const MSG = {
  /** Rust's conversion of a non-expression to an expression fails with this. */
  notExpression: 'Atom is not an ExpressionAtom',
  emptyExpression: 'Empty expression',
  divisionByZero: 'DivisionByZero',
  indexOutOfBounds: 'Index is out of bounds',
  powerTooBig: 'power argument is too big, try using float value',
  rangeIsEmpty: 'RangeIsEmpty',
  legacyRangeIsEmpty: 'Range is empty',
  unsignedIntegerExpected: 'UnsignedIntegerIsExpected',
  onlyNumbers: (list: string): string => `Only numbers are allowed in expression: ${list}`,
  /** Math operations with one argument. */
  inputNumber: (op: string): string => `${op} expects one argument: input number`,
} as const;
