// Modules and tokens (reference: runner/stdlib/module.rs, package.rs). Loading
// files is the host's job; the built-in `random` module is served here.
import { Atom, SYMBOL } from '../atom/atom.js';
import { UNIT } from '../atom/symbols.js';
import { stringOf } from '../atom/grounded.js';
import { GroundingSpace, spaceAtom } from '../space/space.js';
import type { TokenTable } from '../syntax/tokens.js';
import { operation } from './operation.js';
import { fail } from './errors.js';
import { typeAtom } from './type-syntax.js';
import { BUILTIN_MODULES, builtinModuleSpace, importBuiltin } from './builtin-modules.js';

/**
 * The standard library's space, as seen from `space`: every module space
 * depends on it first, so it ends the chain of first dependencies.
 */
export function corelibOf(space: GroundingSpace): GroundingSpace {
  let s = space;
  while (s.name !== 'corelib' && s.deps.length > 0) s = s.deps[0]!;
  return s;
}

/** A module name or path: a Symbol or a String (`expect_string_like_atom`). */
function nameOf(a: Atom | undefined): string | null {
  if (a === undefined) return null;
  if (a.kind === SYMBOL) return a.name;
  return stringOf(a);
}

export function moduleOps(standardTokens: () => TokenTable): Atom[] {
  return [
    operation('import!', typeAtom('(-> Atom Atom (->))'), (args, ctx) => {
      const name = nameOf(args[1]);
      if (args[0] === undefined || name === null) fail('import! expects a destination &space and a module name argument');
      if (BUILTIN_MODULES.has(name)) return importBuiltin(name, args[0], ctx, standardTokens);
      return ctx.host.importModule(args[0], args[1]!, ctx.space);
    }),
    operation('include', typeAtom('(-> Atom Atom)'), (args, ctx) => {
      if (nameOf(args[0]) === null) fail('include expects a module name argument');
      return ctx.host.includeModule(args[0]!, ctx.space);
    }),
    operation('mod-space!', typeAtom('(-> Atom SpaceType)'), (args, ctx) => {
      const name = nameOf(args[0]);
      if (name === null) fail('mod-space! expects a module name argument');
      if (BUILTIN_MODULES.has(name)) return [builtinModuleSpace(name, ctx, standardTokens)];
      if (name === 'corelib' || name === 'stdlib') return [spaceAtom(corelibOf(ctx.space))];
      return [ctx.host.moduleSpace(args[0]!)];
    }),
    operation('print-mods!', typeAtom('(-> (->))'), (_args, ctx) => {
      ctx.host.printModules();
      return [UNIT];
    }),
    // Loads the module at a path; the host resolves and caches it.
    operation('register-module!', typeAtom('(-> Atom (->))'), (args, ctx) => {
      if (nameOf(args[0]) === null) fail('register-module! expects a file system path; use quotes if needed');
      ctx.host.moduleSpace(args[0]!);
      return [UNIT];
    }),
    // Fetching from git needs the network and a module cache, which this runtime does not have.
    operation('git-module!', typeAtom('(-> Atom (->))'), (args) => {
      const url = nameOf(args[0]);
      if (url === null) fail('git-module! expects a URL; use quotes if needed');
      const name = /([^/:]+?)(?:\.git)?\/?$/.exec(url)?.[1];
      if (name === undefined) fail('git-module! error extracting module name from URL');
      fail(`Unable to pull module "${name}" from git; no local "caches" directory available`);
    }),
    operation('bind!', typeAtom('(-> Symbol %Undefined% (->))'), (args, ctx) => {
      if (args.length < 2) fail('bind! expects two arguments: token and atom');
      if (args[0]!.kind !== SYMBOL) fail('bind! expects symbol atom as a token');
      ctx.host.bindToken(args[0]!.name, args[1]!);
      return [UNIT];
    }),
  ];
}
