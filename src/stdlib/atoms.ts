// Operations on expressions as data (reference: runner/stdlib/atom.rs).
import { Atom, EXPRESSION, expr } from '../atom/atom.js';
import { atomEq } from '../atom/atom.js';
import { numberOf, makeInt, makeFloat, stringOf } from '../atom/grounded.js';
import { alphaEq } from '../match/unify.js';
import { format } from '../syntax/printer.js';
import { ExecError, operation } from './operation.js';
import { typeAtom } from './type-syntax.js';

function exprArg(name: string, a: Atom | undefined): readonly Atom[] {
  if (a === undefined || a.kind !== EXPRESSION) throw new ExecError(`${name} expects an expression as an argument`);
  return a.items;
}

function removeFirst(xs: Atom[], x: Atom): boolean {
  const i = xs.findIndex((y) => atomEq(x, y));
  if (i < 0) return false;
  xs.splice(i, 1);
  return true;
}

function numbersOf(name: string, a: Atom | undefined): number[] {
  const items = exprArg(name, a);
  if (items.length === 0) throw new ExecError('Empty expression');
  return items.map((x) => {
    const n = numberOf(x);
    if (n === null) throw new ExecError(`Only numbers are allowed in expression: ${format(a!)}`);
    return n.toNumber();
  });
}

export function atomOps(): Atom[] {
  const E2E = typeAtom('(-> Expression Expression Expression)');
  return [
    operation('size-atom', typeAtom('(-> Expression Number)'), (args) => [makeInt(exprArg('size-atom', args[0]).length)]),
    operation('index-atom', typeAtom('(-> Expression Number Atom)'), (args) => {
      const items = exprArg('index-atom', args[0]);
      const n = args[1] === undefined ? null : numberOf(args[1]);
      if (n === null || n.isFloat) throw new ExecError('index-atom expects a number as the second argument');
      const i = n.toNumber();
      if (i < 0 || i >= items.length) throw new ExecError('Index is out of bounds');
      return [items[i]!];
    }),
    operation('min-atom', typeAtom('(-> Expression Number)'), (args) => [makeFloat(Math.min(...numbersOf('min-atom', args[0])))]),
    operation('max-atom', typeAtom('(-> Expression Number)'), (args) => [makeFloat(Math.max(...numbersOf('max-atom', args[0])))]),
    operation('unique-atom', typeAtom('(-> Expression Expression)'), (args) => {
      const out: Atom[] = [];
      for (const x of exprArg('unique-atom', args[0])) if (!out.some((y) => alphaEq(x, y))) out.push(x);
      return [expr(out)];
    }),
    operation('union-atom', E2E, (args) => [expr([...exprArg('union-atom', args[0]), ...exprArg('union-atom', args[1])])]),
    operation('intersection-atom', E2E, (args) => {
      const right = [...exprArg('intersection-atom', args[1])];
      return [expr(exprArg('intersection-atom', args[0]).filter((x) => removeFirst(right, x)))];
    }),
    operation('subtraction-atom', E2E, (args) => {
      const right = [...exprArg('subtraction-atom', args[1])];
      return [expr(exprArg('subtraction-atom', args[0]).filter((x) => !removeFirst(right, x)))];
    }),
    operation('sort-strings', typeAtom('(-> Expression Expression)'), (args) => {
      const items = exprArg('sort-strings', args[0]);
      const strs = items.map((x) => {
        const s = stringOf(x);
        if (s === null) throw new ExecError('sort-strings expects expression with strings as a first argument');
        return [s, x] as const;
      });
      strs.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
      return [expr(strs.map((p) => p[1]))];
    }),
  ];
}
