// Documentation: `@doc` atoms in a space, read back by `get-doc` as
// `@doc-formal` and printed by `help!` (reference: stdlib.metta get-doc,
// help!, help-space!; the MeTTa definitions there, done here in one pass).
import { Atom, EXPRESSION, SYMBOL, expr, sym, freshVariable } from '../atom/atom.js';
import { S, UNIT } from '../atom/symbols.js';
import { makeString } from '../atom/grounded.js';
import { GroundingSpace, spaceOf } from '../space/space.js';
import { getValidTypes, isFunctionType, metaTypeOf } from '../space/types.js';
import type { TokenTable } from '../syntax/tokens.js';
import { format } from '../syntax/printer.js';
import { ExecError, operation, type OpContext } from './operation.js';
import { fail } from './errors.js';
import { typeAtom } from './type-syntax.js';
import { displayText, formatPlaceholders } from './text.js';
import { BUILTIN_MODULES, builtinModuleSpace } from './builtin-modules.js';
import { corelibOf } from './modules.js';

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

/** `(head x)` → x, else null. */
function unwrap(a: Atom, head: Atom): Atom | null {
  return a.kind === EXPRESSION && a.items.length === 2 && a.items[0] === head ? a.items[1]! : null;
}

/** Every instantiation of `template` for the atoms of `space` matching `pattern`. */
function matches(space: GroundingSpace, pattern: Atom, template: Atom): Atom[] {
  return space.query(pattern).map((b) => b.apply(template));
}

/** `(@doc name desc (@params …) ret)` of `name` as `@doc-formal`, one per matching `@doc`. */
function functionDocs(space: GroundingSpace, name: Atom, type: Atom): Atom[] {
  const desc = freshVariable('desc');
  const params = freshVariable('params');
  const ret = freshVariable('ret');
  const out: Atom[] = [];
  for (const m of matches(space, expr([D.doc, name, desc, expr([D.params, params]), ret]), expr([desc, params, ret]))) {
    const [d, ps, r] = m.items as [Atom, Atom, Atom];
    if (ps.kind !== EXPRESSION) continue;
    // The parameter types: the function type's, or %Undefined% for each when there is none.
    const types = type === S.undefinedType ? ps.items.map(() => S.undefinedType).concat([S.undefinedType]) : type.items.slice(1);
    const formal: Atom[] = [];
    let ok = true;
    ps.items.forEach((p, i) => {
      const text = unwrap(p, D.param);
      if (text === null) ok = false;
      else formal.push(expr([D.param, expr([D.type, types[i] ?? S.undefinedType]), expr([D.desc, text])]));
    });
    const retText = unwrap(r, D.ret);
    if (!ok || retText === null) continue;
    const retType = types[ps.items.length] ?? S.undefinedType;
    out.push(expr([D.docFormal, expr([D.item, name]), expr([D.kind, D.function]), expr([D.type, type]), d,
      expr([D.params, expr(formal)]), expr([D.ret, expr([D.type, retType]), expr([D.desc, retText])])]));
  }
  return out;
}

/** `(@doc atom desc)` as `@doc-formal` of kind atom; a function-style `@doc` is read untyped. */
function atomDocs(space: GroundingSpace, atom: Atom, type: Atom): Atom[] {
  const desc = freshVariable('desc');
  const short = matches(space, expr([D.doc, atom, desc]), desc);
  if (short.length > 0) {
    return short.map((d) => expr([D.docFormal, expr([D.item, atom]), expr([D.kind, D.atom]), expr([D.type, type]), d]));
  }
  return functionDocs(space, atom, S.undefinedType);
}

/** The number of arguments a `@doc-formal` of a function documents. */
function documentedArity(d: Atom): number {
  const ps = d.items.length === 7 ? unwrap(d.items[5]!, D.params) : null;
  return ps !== null && ps.kind === EXPRESSION ? ps.items.length : -1;
}

/**
 * All `@doc-formal` descriptions of `atom` in `space`: one per type of the atom
 * and per `@doc`. Of an atom with several function types (`help!`, `get-doc`),
 * only the types whose arity the `@doc` describes are used, when there are any.
 */
export function getDocs(space: GroundingSpace, atom: Atom): Atom[] {
  const out: Atom[] = [];
  const fitting: Atom[] = [];
  for (const type of getValidTypes(space, atom)) {
    if (metaTypeOf(atom) !== S.expressionType && isFunctionType(type)) {
      for (const d of functionDocs(space, atom, type)) {
        out.push(d);
        if (documentedArity(d) === type.items.length - 2) fitting.push(d);
      }
    } else {
      out.push(...atomDocs(space, atom, type));
    }
  }
  return fitting.length > 0 && fitting.length < out.length && out.every((d) => documentedArity(d) >= 0) ? fitting : out;
}

/** Prints one `@doc-formal` the way `help!` does; an Error atom when it has another shape. */
function printDoc(ctx: OpContext, doc: Atom): Atom | null {
  const line = (fmt: string, args: readonly Atom[]): void => ctx.host.print(formatPlaceholders(fmt, args.map(displayText)));
  const [, item, kind, type, desc, params, ret] = doc.items;
  const name = item === undefined ? null : unwrap(item, D.item);
  const k = kind === undefined ? null : unwrap(kind, D.kind);
  const t = type === undefined ? null : unwrap(type, D.type);
  const text = desc === undefined ? null : unwrap(desc, D.desc);
  if (name !== null && t !== null && text !== null) {
    if (k === D.atom && doc.items.length === 5) {
      line('Atom {}: {} {}', [name, t, text]);
      return null;
    }
    if (k === D.function && doc.items.length === 5) {
      line('Function {} (type {}) {}', [name, t, text]);
      return null;
    }
    const ps = params === undefined ? null : unwrap(params, D.params);
    const r = ret !== undefined && ret.kind === EXPRESSION && ret.items.length === 3 && ret.items[0] === D.ret ? ret : null;
    const retType = r === null ? null : unwrap(r.items[1]!, D.type);
    const retText = r === null ? null : unwrap(r.items[2]!, D.desc);
    if (k === D.function && doc.items.length === 7 && ps !== null && ps.kind === EXPRESSION && retType !== null && retText !== null) {
      line('Function {}: {} {}', [name, t, text]);
      ctx.host.print('Parameters:');
      for (const p of ps.items) {
        const pt = p.kind === EXPRESSION && p.items.length === 3 ? unwrap(p.items[1]!, D.type) : null;
        const pd = p.kind === EXPRESSION && p.items.length === 3 ? unwrap(p.items[2]!, D.desc) : null;
        if (pt !== null && pd !== null) line('  {} {}', [expr([sym('type'), pt]), pd]);
      }
      line('Return: (type {}) {}', [retType, retText]);
      return null;
    }
  }
  return expr([S.error, doc, makeString('Cannot match @doc-formal structure')]);
}

/** Lists a module's own documentation: each documented name and its description. */
function printModuleDocs(ctx: OpContext, space: GroundingSpace): void {
  for (const a of space.atoms()) {
    if (a.kind !== EXPRESSION || a.items[0] !== D.doc || (a.items.length !== 3 && a.items.length !== 5)) continue;
    const text = unwrap(a.items[2]!, D.desc);
    if (text !== null) ctx.host.print(`${format(a.items[1]!)}\n\t${displayText(text)}`);
  }
}

/** The space of the module `name`, or null when there is no such module. */
function moduleSpaceNamed(ctx: OpContext, name: Atom, standardTokens: () => TokenTable): GroundingSpace | null {
  if (name.kind !== SYMBOL) return null;
  if (name.name === 'corelib' || name.name === 'stdlib') return corelibOf(ctx.space);
  try {
    const a = BUILTIN_MODULES.has(name.name) ? builtinModuleSpace(name.name, ctx, standardTokens) : ctx.host.moduleSpace(name);
    return spaceOf(a);
  } catch (e) {
    if (e instanceof ExecError) return null;
    throw e;
  }
}

function help(args: readonly Atom[], ctx: OpContext, standardTokens: () => TokenTable): Atom[] {
  if (args[0] === undefined) fail('help! expects an atom');
  const atom = args[0];
  let found = false;
  for (const d of getDocs(ctx.space, atom)) {
    const err = printDoc(ctx, d);
    if (err !== null) return [err];
    found = true;
  }
  const module = moduleSpaceNamed(ctx, atom, standardTokens);
  if (module !== null) {
    printModuleDocs(ctx, module);
    found = true;
  }
  if (!found) ctx.host.print(`No documentation found for ${format(atom)}`);
  return [UNIT];
}

export function docOps(standardTokens: () => TokenTable): Atom[] {
  return [
    // `get-doc` and `help!` are MeTTa, each with two types (`get-doc` in the
    // current space or a given one, `help!` with an atom or none); these do the work.
    operation('_get-doc', typeAtom('(-> SpaceType Atom %Undefined%)'), (args) => {
      const space = args[0] === undefined ? null : spaceOf(args[0]);
      if (space === null || args[1] === undefined) fail('get-doc expects a space and an atom');
      return getDocs(space, args[1]);
    }),
    operation('_help!', typeAtom('(-> Atom (->))'), (args, ctx) => help(args, ctx, standardTokens)),
  ];
}
