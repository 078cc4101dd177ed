// Documentation: `@doc` atoms in a space, read back by `get-doc` as
// `@doc-formal` and printed by `help!` (reference: stdlib.metta get-doc, help!).
import { Atom, EXPRESSION, expr, sym, freshVariable } from '../atom/atom.js';
import { S, UNIT } from '../atom/symbols.js';
import { GroundingSpace, spaceOf } from '../space/space.js';
import { getValidTypes, isFunctionType } from '../space/types.js';
import { format } from '../syntax/printer.js';
import { ExecError, operation, type OpContext } from './operation.js';
import { typeAtom } from './type-syntax.js';
import { displayText } from './io.js';

const D = {
  doc: sym('@doc'),
  docFormal: sym('@doc-formal'),
  item: sym('@item'),
  kind: sym('@kind'),
  type: sym('@type'),
  desc: sym('@desc'),
  params: sym('@params'),
  param: sym('@param'),
  ret: sym('@return'),
  function: sym('function'),
  atom: sym('atom'),
};

function firstMatch(space: GroundingSpace, pattern: Atom, template: Atom): Atom | null {
  const rs = space.query(pattern);
  return rs.length === 0 ? null : rs[0]!.apply(template);
}

/** The `@doc-formal` description of `atom`, or null when it has no `@doc`. */
export function getDoc(space: GroundingSpace, atom: Atom): Atom | null {
  const desc = freshVariable('desc');
  const params = freshVariable('params');
  const ret = freshVariable('ret');
  const types = getValidTypes(space, atom);
  const type = types[0] ?? S.undefinedType;
  const fnDoc = firstMatch(space, expr([D.doc, atom, desc, expr([D.params, params]), ret]), expr([desc, params, ret]));
  if (fnDoc !== null && atom.kind !== EXPRESSION) {
    const [d, ps, r] = fnDoc.items as [Atom, Atom, Atom];
    const paramList = ps.kind === EXPRESSION ? ps.items : [];
    const argTypes = isFunctionType(type) ? type.items.slice(1) : paramList.map(() => S.undefinedType).concat([S.undefinedType]);
    const formalParams = paramList.map((p, i) => {
      const text = p.kind === EXPRESSION && p.items.length === 2 ? p.items[1]! : p;
      return expr([D.param, expr([D.type, argTypes[i] ?? S.undefinedType]), expr([D.desc, text])]);
    });
    const retText = r.kind === EXPRESSION && r.items.length === 2 ? r.items[1]! : r;
    const retType = argTypes[argTypes.length - 1] ?? S.undefinedType;
    return expr([D.docFormal, expr([D.item, atom]), expr([D.kind, D.function]), expr([D.type, type]), d,
      expr([D.params, expr(formalParams)]), expr([D.ret, expr([D.type, retType]), expr([D.desc, retText])])]);
  }
  const atomDoc = firstMatch(space, expr([D.doc, atom, desc]), desc);
  if (atomDoc !== null) {
    return expr([D.docFormal, expr([D.item, atom]), expr([D.kind, D.atom]), expr([D.type, type]), atomDoc]);
  }
  return null;
}

function docArgs(name: string, args: readonly Atom[], ctx: OpContext): [GroundingSpace, Atom] {
  if (args.length === 1) return [ctx.space, args[0]!];
  if (args.length === 2) {
    const sp = spaceOf(args[0]!);
    if (sp !== null) return [sp, args[1]!];
  }
  throw new ExecError(`${name} expects an atom, or a space and an atom`);
}

function descText(d: Atom): string {
  return d.kind === EXPRESSION && d.items.length === 2 ? displayText(d.items[1]!) : displayText(d);
}

function printHelp(ctx: OpContext, doc: Atom): void {
  const [, item, kind, type, desc, params, ret] = doc.items;
  const name = format(item!.items[1]!);
  const typeText = format(type!.items[1]!);
  if (kind!.items[1] === D.atom) {
    ctx.host.print(`Atom ${name}: ${typeText} ${descText(desc!)}`);
    return;
  }
  ctx.host.print(`Function ${name}: ${typeText} ${descText(desc!)}`);
  ctx.host.print('Parameters:');
  for (const p of params!.items[1]!.items) {
    ctx.host.print(`  (type ${format(p.items[1]!.items[1]!)}) ${descText(p.items[2]!)}`);
  }
  ctx.host.print(`Return: (type ${format(ret!.items[1]!.items[1]!)}) ${descText(ret!.items[2]!)}`);
}

export function docOps(): Atom[] {
  return [
    operation('get-doc', typeAtom('(-> Atom %Undefined%)'), (args, ctx) => {
      const [space, atom] = docArgs('get-doc', args, ctx);
      const d = getDoc(space, atom);
      return d === null ? [] : [d];
    }),
    operation('help!', typeAtom('(-> Atom (->))'), (args, ctx) => {
      const [space, atom] = docArgs('help!', args, ctx);
      const d = getDoc(space, atom);
      if (d === null) ctx.host.print(`No documentation found for ${format(atom)}`);
      else printHelp(ctx, d);
      return [UNIT];
    }),
  ];
}
