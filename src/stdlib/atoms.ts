// Operations on expressions as data (reference: runner/stdlib/atom.rs).
import { Atom, EXPRESSION, expr, atomEq } from '../atom/atom.js';
import { numberOf, makeInt, makeFloat } from '../atom/grounded.js';
import { alphaEq } from '../match/unify.js';
import { format } from '../syntax/printer.js';
import { operation } from './operation.js';
import { fail, MSG } from './errors.js';
import { typeAtom } from './type-syntax.js';

/** The children of an expression argument; anything else fails as Rust's conversion does. */
export function itemsOf(a: Atom | undefined, missing: string): readonly Atom[] {
  if (a === undefined) fail(missing);
  if (a.kind !== EXPRESSION) fail(MSG.notExpression);
  return a.items;
}

function removeFirst(xs: Atom[], x: Atom): boolean {
  const i = xs.findIndex((y) => atomEq(x, y));
  if (i < 0) return false;
  xs.splice(i, 1);
  return true;
}

/** min-atom / max-atom: always a Float, as the reference folds in f64. */
function extremum(name: string, pick: (a: number, b: number) => number, start: number): Atom {
  return operation(name, typeAtom('(-> %Undefined% Number)'), (args) => {
    const list = args[0];
    const items = itemsOf(list, `${name} expects one argument: expression`);
    if (items.length === 0) fail(MSG.emptyExpression);
    let acc = start;
    for (const x of items) {
      const n = numberOf(x);
      if (n === null) fail(MSG.onlyNumbers(format(list!)));
      acc = pick(acc, n.toNumber());
    }
    return [makeFloat(acc)];
  });
}

/** Rust's f64::max/min ignore a NaN operand. */
const fmax = (a: number, b: number): number => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b));
const fmin = (a: number, b: number): number => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b));

function indexAtom(args: readonly Atom[]): Atom[] {
  const message = 'index-atom expects two arguments: expression and atom';
  const items = itemsOf(args[0], message);
  const n = args[1] === undefined ? null : numberOf(args[1]);
  if (n === null) fail(message);
  // The reference converts the number to i64 (a float truncates) and then to usize,
  // so a negative index is out of bounds like a too large one.
  const i = Math.trunc(n.toNumber());
  if (!(i >= 0 && i < items.length)) fail(MSG.indexOutOfBounds);
  return [items[i]!];
}

export function atomOps(): Atom[] {
  const setOp = typeAtom('(-> Expression Expression Atom)');
  return [
    operation('size-atom', typeAtom('(-> Expression Number)'), (args) =>
      [makeInt(itemsOf(args[0], 'size-atom expects one argument: expression').length)]),
    operation('index-atom', typeAtom('(-> Expression Number Atom)'), indexAtom),
    extremum('min-atom', fmin, Infinity),
    extremum('max-atom', fmax, -Infinity),
    operation('unique-atom', typeAtom('(-> Expression Atom)'), (args) => {
      const out: Atom[] = [];
      for (const x of itemsOf(args[0], 'unique expects single expression atom as an argument')) {
        if (!out.some((y) => alphaEq(x, y))) out.push(x);
      }
      return [expr(out)];
    }),
    operation('union-atom', setOp, (args) => {
      const message = 'union expects and executable LHS and RHS atom';
      return [expr([...itemsOf(args[0], message), ...itemsOf(args[1], message)])];
    }),
    operation('intersection-atom', setOp, (args) => {
      const message = 'intersection expects and executable LHS and RHS atom';
      const left = itemsOf(args[0], message);
      const right = [...itemsOf(args[1], message)];
      return [expr(left.filter((x) => removeFirst(right, x)))];
    }),
    operation('subtraction-atom', setOp, (args) => {
      const message = 'subtraction expects and executable LHS and RHS atom';
      const left = itemsOf(args[0], message);
      const right = [...itemsOf(args[1], message)];
      return [expr(left.filter((x) => !removeFirst(right, x)))];
    }),
  ];
}
