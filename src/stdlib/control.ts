// Core grounded operations: nondeterminism, matching, equality tests, scoping,
// pragmas, types and the helpers the MeTTa-defined part of the library calls
// (reference: runner/stdlib/core.rs, atom.rs).
import { Atom, EXPRESSION, SYMBOL, VARIABLE, expr } from '../atom/atom.js';
import { S, UNIT } from '../atom/symbols.js';
import { makeBool, numberOf } from '../atom/grounded.js';
import { atomEq } from '../atom/atom.js';
import { Bindings, renameVariables, varKey, type VarKey } from '../match/bindings.js';
import { alphaEq } from '../match/unify.js';
import { bindingsOfAtom } from '../match/bindings-atom.js';
import { spaceOf } from '../space/space.js';
import { getValidTypes, metaTypeOf } from '../space/types.js';
import { operation, bindingsOperation } from './operation.js';
import { format } from '../syntax/printer.js';
import { fail, MSG } from './errors.js';
import { typeAtom } from './type-syntax.js';

function need(args: readonly Atom[], n: number, message: string): void {
  if (args.length < n) fail(message);
}

/** `sealed`: every variable of `body` outside `keep` gets a fresh name (one per variable). */
function seal(keepList: Atom, body: Atom): Atom {
  const keep = new Map<VarKey, Atom>();
  const stack: Atom[] = [keepList];
  while (stack.length > 0) {
    const a = stack.pop()!;
    if (a.kind === VARIABLE) keep.set(varKey(a), a);
    else if (a.kind === EXPRESSION) stack.push(...a.items);
  }
  return renameVariables(body, keep);
}

/** `(pragma! max-stack-depth N)` requires N to read as an unsigned integer, as Rust's `usize` parse does. */
function checkPragma(key: string, value: Atom): void {
  if (key === 'tabling') {
    if (!['True', 'False', 'true', 'false', 'on', 'off'].includes(format(value))) fail('pragma! tabling expects True or False');
    return;
  }
  if (key !== 'max-stack-depth') return;
  const n = numberOf(value);
  if (n === null || n.isFloat || BigInt(n.n) < 0n) fail(MSG.unsignedIntegerExpected);
}

/** Turns collapse-bind's `((atom bindings) …)` into `(atom …)`, applying each binding set. */
function collapseExtract(args: readonly Atom[]): Atom[] {
  const pairs = args[0];
  if (pairs === undefined || pairs.kind !== EXPRESSION) fail('Expression is expected as a first argument');
  const out: Atom[] = [];
  for (const p of pairs.items) {
    const b = p.kind === EXPRESSION && p.items.length === 2 ? bindingsOfAtom(p.items[1]!) : null;
    if (b === null) fail('(Atom Bindings) pair is expected as a second argument');
    out.push(b.apply(p.items[0]!));
  }
  return [expr(out)];
}

export function controlOps(): Atom[] {
  return [
    operation('superpose', typeAtom('(-> Expression %Undefined%)'), (args) => {
      const message = 'superpose expects single expression as an argument';
      if (args[0] === undefined || args[0].kind !== EXPRESSION) fail(message);
      return [...args[0].items];
    }),
    bindingsOperation('match', typeAtom('(-> SpaceType Atom Atom %Undefined%)'), (args, _ctx, b) => {
      need(args, 3, 'match expects three arguments: space, pattern and template');
      const space = spaceOf(args[0]!);
      if (space === null) fail('match expects a space as the first argument');
      return space.query(args[1]!, b).map((r): [Atom, Bindings] => [r.apply(args[2]!), r]);
    }),
    operation('if-equal', typeAtom('(-> Atom Atom Atom Atom %Undefined%)'), (args) => {
      need(args, 4, 'if-equal expects <atom> <pattern> <then> <else> as an argument');
      return [alphaEq(args[0]!, args[1]!) ? args[2]! : args[3]!];
    }),
    operation('nop', S.undefinedType, () => [UNIT]),
    operation('sealed', typeAtom('(-> Expression Atom Atom)'), (args) => {
      need(args, 2, 'sealed expects two arguments: var_list to be ignored and expression');
      return [seal(args[0]!, args[1]!)];
    }),
    operation('=alpha', typeAtom('(-> Atom Atom Bool)'), (args) => {
      need(args, 2, '=alpha expects two atoms as arguments: actual and expected');
      return [makeBool(alphaEq(args[0]!, args[1]!))];
    }),
    // The reference defines it in MeTTa as `(== (quote $a) (quote $b))`: equality without evaluation.
    operation('noreduce-eq', typeAtom('(-> Atom Atom Bool)'), (args) => {
      need(args, 2, 'noreduce-eq expects two arguments');
      return [makeBool(atomEq(args[0]!, args[1]!))];
    }),
    operation('capture', typeAtom('(-> Atom Atom)'), (args, ctx) => {
      need(args, 1, 'capture expects one argument');
      return ctx.evaluate(args[0]!, ctx.space);
    }),
    operation('pragma!', S.undefinedType, (args, ctx) => {
      need(args, 2, 'pragma! expects key and value as arguments');
      const key = args[0]!;
      if (key.kind !== SYMBOL) fail('pragma! expects symbol atom as a key');
      checkPragma(key.name, args[1]!);
      ctx.host.setPragma(key.name, args[1]!);
      return [UNIT];
    }),
    operation('_collapse-extract', typeAtom('(-> Expression Atom)'), collapseExtract),
    operation('get-type', typeAtom('(-> Atom %Undefined%)'), (args, ctx) => {
      need(args, 1, 'get-type expects single atom as an argument');
      let space = ctx.space;
      if (args.length > 1) {
        const sp = spaceOf(args[1]!);
        // The reference's message, copied there from `match`.
        if (sp === null) fail('match expects a space as the first argument');
        space = sp;
      }
      return getValidTypes(space, args[0]!);
    }),
    operation('get-type-space', typeAtom('(-> SpaceType Atom Atom)'), (args) => {
      need(args, 2, 'get-type-space expects two arguments: space and atom');
      const sp = spaceOf(args[0]!);
      if (sp === null) fail('get-type-space expects a space as the first argument');
      return getValidTypes(sp, args[1]!);
    }),
    operation('get-metatype', typeAtom('(-> Atom Atom)'), (args) => {
      need(args, 1, 'get-metatype expects single atom as an argument');
      return [metaTypeOf(args[0]!)];
    }),
  ];
}
