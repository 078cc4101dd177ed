// Core grounded operations: nondeterminism, matching, equality tests, scoping,
// pragmas, types and the helpers that MeTTa-defined parts of the library call
// (reference: runner/stdlib/core.rs, atom.rs, debug.rs).
import { Atom, EXPRESSION, SYMBOL, VARIABLE, expr, atomEq, sym } from '../atom/atom.js';
import { S, UNIT } from '../atom/symbols.js';
import { makeBool, makeString, numberOf } from '../atom/grounded.js';
import { Bindings, renameVariables, varKey, type VarKey } from '../match/bindings.js';
import { alphaEq } from '../match/unify.js';
import { spaceOf } from '../space/space.js';
import { getValidTypes, metaTypeOf } from '../space/types.js';
import { ExecError, operation, bindingsOperation } from './operation.js';
import { typeAtom } from './type-syntax.js';
import { format } from '../syntax/printer.js';
import { bindingsOfAtom } from '../match/bindings-atom.js';

function arity(name: string, args: readonly Atom[], n: number, what: string): void {
  if (args.length !== n) throw new ExecError(`${name} expects ${what}`);
}

function expressionArg(a: Atom, message: string): readonly Atom[] {
  if (a.kind !== EXPRESSION) throw new ExecError(message);
  return a.items;
}

/** Compares result lists as multisets; the reference's compare_vec_no_order. */
function diffMultisets(actual: readonly Atom[], expected: readonly Atom[], eq: (a: Atom, b: Atom) => boolean): { missed: Atom[]; excess: Atom[] } {
  const rest = [...actual];
  const missed: Atom[] = [];
  for (const e of expected) {
    const i = rest.findIndex((a) => eq(a, e));
    if (i < 0) missed.push(e);
    else rest.splice(i, 1);
  }
  return { missed, excess: rest };
}

function assertResults(name: string, args: readonly Atom[], eq: (a: Atom, b: Atom) => boolean, withMsg: boolean): Atom[] {
  arity(name, args, withMsg ? 4 : 3, withMsg ? 'four arguments' : 'three arguments');
  const actual = expressionArg(args[0]!, `${name}: actual results must be an expression`);
  const expected = expressionArg(args[1]!, `${name}: expected results must be an expression`);
  const { missed, excess } = diffMultisets(actual, expected, eq);
  if (missed.length === 0 && excess.length === 0) return [UNIT];
  if (withMsg) return [expr([S.error, args[2]!, args[3]!])];
  const list = (xs: readonly Atom[]): string => `[${xs.map(format).join(', ')}]`;
  let msg = `\nExpected: ${list(expected)}\nGot: ${list(actual)}`;
  if (missed.length > 0) msg += `\nMissed results: ${missed.map(format).join(', ')}`;
  if (excess.length > 0) msg += `\nExcessive results: ${excess.map(format).join(', ')}`;
  return [expr([S.error, args[2]!, makeString(msg)])];
}

export function controlOps(): Atom[] {
  return [
    operation('superpose', typeAtom('(-> Expression %Undefined%)'), (args) => {
      arity('superpose', args, 1, 'single expression as an argument');
      return [...expressionArg(args[0]!, 'superpose expects single expression as an argument')];
    }),
    bindingsOperation('match', typeAtom('(-> SpaceType Atom Atom %Undefined%)'), (args, _ctx, b) => {
      arity('match', args, 3, 'three arguments: space, pattern and template');
      const space = spaceOf(args[0]!);
      if (space === null) throw new ExecError('match expects a space as the first argument');
      return space.query(args[1]!, b).map((r): [Atom, Bindings] => [r.apply(args[2]!), r]);
    }),
    operation('if-equal', typeAtom('(-> Atom Atom Atom Atom %Undefined%)'), (args) => {
      arity('if-equal', args, 4, '<atom> <pattern> <then> <else> as an argument');
      return [alphaEq(args[0]!, args[1]!) ? args[2]! : args[3]!];
    }),
    operation('nop', S.undefinedType, () => [UNIT]),
    operation('sealed', typeAtom('(-> Expression Atom Atom)'), (args) => {
      arity('sealed', args, 2, 'two arguments: var_list to be ignored and expression');
      const keep = new Map<VarKey, Atom>();
      const stack: Atom[] = [args[0]!];
      while (stack.length > 0) {
        const a = stack.pop()!;
        if (a.kind === VARIABLE) keep.set(varKey(a), a);
        else if (a.kind === EXPRESSION) stack.push(...a.items);
      }
      return [renameVariables(args[1]!, keep)];
    }),
    operation('==', typeAtom('(-> $t $t Bool)'), (args) => {
      arity('==', args, 2, 'two arguments');
      return [makeBool(atomEq(args[0]!, args[1]!))];
    }),
    operation('=alpha', typeAtom('(-> Atom Atom Bool)'), (args) => {
      arity('=alpha', args, 2, 'two arguments');
      return [makeBool(alphaEq(args[0]!, args[1]!))];
    }),
    operation('noreduce-eq', typeAtom('(-> Atom Atom Bool)'), (args) => {
      arity('noreduce-eq', args, 2, 'two arguments');
      return [makeBool(atomEq(args[0]!, args[1]!))];
    }),
    operation('capture', typeAtom('(-> Atom Atom)'), (args, ctx) => {
      arity('capture', args, 1, 'one argument');
      return ctx.evaluate(args[0]!, ctx.space);
    }),
    operation('pragma!', S.undefinedType, (args, ctx) => {
      arity('pragma!', args, 2, 'key and value as arguments');
      const key = args[0]!;
      if (key.kind !== SYMBOL) throw new ExecError('pragma! expects symbol atom as a key');
      if (key.name === 'max-stack-depth') {
        const n = numberOf(args[1]!);
        if (n === null || n.isFloat || n.toNumber() < 0) throw new ExecError('UnsignedIntegerIsExpected', sym('UnsignedIntegerIsExpected'));
      }
      ctx.host.setPragma(key.name, args[1]!);
      return [UNIT];
    }),
    operation('_collapse-extract', typeAtom('(-> Expression Atom)'), (args) => {
      const pairs = expressionArg(args[0]!, 'Expression is expected as a first argument');
      const out: Atom[] = [];
      for (const p of pairs) {
        const b = p.kind === EXPRESSION && p.items.length === 2 ? bindingsOfAtom(p.items[1]!) : null;
        if (b === null) throw new ExecError('(Atom Bindings) pair is expected');
        out.push(b.apply(p.items[0]!));
      }
      return [expr(out)];
    }),
    operation('_assert-results-are-equal', typeAtom('(-> Atom Atom Atom (->))'),
      (args) => assertResults('assertEqual', args, atomEq, false)),
    operation('_assert-results-are-equal-msg', typeAtom('(-> Atom Atom Atom Atom (->))'),
      (args) => assertResults('assertEqualMsg', args, atomEq, true)),
    operation('_assert-results-are-alpha-equal', typeAtom('(-> Atom Atom Atom (->))'),
      (args) => assertResults('assertAlphaEqual', args, alphaEq, false)),
    operation('_assert-results-are-alpha-equal-msg', typeAtom('(-> Atom Atom Atom Atom (->))'),
      (args) => assertResults('assertAlphaEqualMsg', args, alphaEq, true)),
    operation('get-type', typeAtom('(-> Atom %Undefined%)'), (args, ctx) => {
      if (args.length === 2) {
        const sp = spaceOf(args[1]!);
        if (sp === null) throw new ExecError('get-type expects a space as the second argument');
        return getValidTypes(sp, args[0]!);
      }
      arity('get-type', args, 1, 'single atom as an argument');
      return getValidTypes(ctx.space, args[0]!);
    }),
    operation('get-type-space', typeAtom('(-> SpaceType Atom Atom)'), (args) => {
      arity('get-type-space', args, 2, 'a space and an atom');
      const sp = spaceOf(args[0]!);
      if (sp === null) throw new ExecError('get-type-space expects a space as the first argument');
      return getValidTypes(sp, args[1]!);
    }),
    operation('get-metatype', typeAtom('(-> Atom Atom)'), (args) => {
      arity('get-metatype', args, 1, 'single atom as an argument');
      return [metaTypeOf(args[0]!)];
    }),
  ];
}
