// The comparison behind the assert family (reference: runner/stdlib/debug.rs).
// The MeTTa side evaluates both sides with collapse; these operations compare
// the two result lists as multisets and report the difference.
import { Atom, EXPRESSION, expr, atomEq } from '../atom/atom.js';
import { S, UNIT } from '../atom/symbols.js';
import { alphaEq } from '../match/unify.js';
import { format } from '../syntax/printer.js';
import { operation } from './operation.js';
import { fail } from './errors.js';
import { makeString } from '../atom/grounded.js';
import { typeAtom } from './type-syntax.js';

type Eq = (a: Atom, b: Atom) => boolean;

/** The reference's compare_vec_no_order: what is expected but missing, and what is extra. */
export function diffMultisets(actual: readonly Atom[], expected: readonly Atom[], eq: Eq): { missed: Atom[]; excess: Atom[] } {
  const rest = [...actual];
  const missed: Atom[] = [];
  for (const e of expected) {
    const i = rest.findIndex((a) => eq(a, e));
    if (i < 0) missed.push(e);
    else rest.splice(i, 1);
  }
  return { missed, excess: rest };
}

/** The failure report: both lists, then what was missed and what was in excess. */
export function assertReport(actual: readonly Atom[], expected: readonly Atom[], missed: readonly Atom[], excess: readonly Atom[]): string {
  const list = (xs: readonly Atom[]): string => `[${xs.map(format).join(', ')}]`;
  let msg = `\nExpected: ${list(expected)}\nGot: ${list(actual)}`;
  if (missed.length > 0) msg += `\nMissed results: ${missed.map(format).join(', ')}`;
  if (excess.length > 0) msg += `\nExcessive results: ${excess.map(format).join(', ')}`;
  return msg;
}

function compare(args: readonly Atom[], eq: Eq, withMessage: boolean): Atom[] {
  const missing = 'Pair of evaluation results with bindings is expected as an argument';
  if (args.length < (withMessage ? 4 : 3)) fail(missing);
  const [a, e, call] = args as [Atom, Atom, Atom];
  if (a.kind !== EXPRESSION || e.kind !== EXPRESSION) fail('Atom is not an ExpressionAtom');
  const { missed, excess } = diffMultisets(a.items, e.items, eq);
  if (missed.length === 0 && excess.length === 0) return [UNIT];
  // The reference's debug module reports the difference as a String atom.
  const message = withMessage ? args[3]! : makeString(assertReport(a.items, e.items, missed, excess));
  return [expr([S.error, call, message])];
}

export function assertOps(): Atom[] {
  const plain = typeAtom('(-> Atom Atom Atom (->))');
  const withMsg = typeAtom('(-> Atom Atom Atom Atom (->))');
  return [
    operation('_assert-results-are-equal', plain, (args) => compare(args, atomEq, false)),
    operation('_assert-results-are-equal-msg', withMsg, (args) => compare(args, atomEq, true)),
    operation('_assert-results-are-alpha-equal', plain, (args) => compare(args, alphaEq, false)),
    operation('_assert-results-are-alpha-equal-msg', withMsg, (args) => compare(args, alphaEq, true)),
  ];
}
