// Modules built into the runtime (reference: runner/builtin_mods): loaded on
// first import, not imported by default. `!(import! &self random)` brings a
// module's operations (and its own tokens, such as `&rng`) into the importing
// module's tokens and its space (rules, types, documentation) in as a
// dependency; importing into a symbol binds that token to the module's space.
import { Atom, SYMBOL } from '../atom/atom.js';
import { UNIT } from '../atom/symbols.js';
import { GroundingSpace, spaceAtom, spaceOf } from '../space/space.js';
import { Parser } from '../syntax/parser.js';
import type { TokenTable } from '../syntax/tokens.js';
import { format } from '../syntax/printer.js';
import { operationOf, type OpContext } from './operation.js';
import { fail } from './errors.js';
import { randomModuleOps, moduleGenerator } from './random.js';
import { jsonModuleOps, JSON_LIBRARY } from './json.js';
import { fileioModuleOps, FILEIO_LIBRARY } from './fileio.js';
import { skelModuleOps, SKEL_LIBRARY } from './skel.js';
import { RANDOM_DOCS } from './prelude-docs.js';

interface BuiltinModule {
  readonly ops: () => Atom[];
  /** MeTTa text loaded into the module's space. */
  readonly library: string;
  /** Tokens of one loaded copy besides its operations. */
  readonly tokens: () => ReadonlyArray<readonly [string, Atom]>;
}

const MODULES: ReadonlyMap<string, BuiltinModule> = new Map<string, BuiltinModule>([
  ['random', { ops: randomModuleOps, library: RANDOM_DOCS, tokens: () => [['&rng', moduleGenerator()]] }],
  ['json', { ops: jsonModuleOps, library: JSON_LIBRARY, tokens: () => [] }],
  ['fileio', { ops: fileioModuleOps, library: FILEIO_LIBRARY, tokens: () => [] }],
  ['skel', { ops: skelModuleOps, library: SKEL_LIBRARY, tokens: () => [] }],
]);

export const BUILTIN_MODULES: ReadonlySet<string> = new Set(MODULES.keys());

interface LoadedModule {
  readonly space: GroundingSpace;
  readonly ops: readonly Atom[];
  readonly tokens: ReadonlyArray<readonly [string, Atom]>;
}

/** One copy of each built-in module per importing module space. */
const loaded = new WeakMap<GroundingSpace, Map<string, LoadedModule>>();

function moduleFor(name: string, owner: GroundingSpace, standardTokens: () => TokenTable): LoadedModule {
  let byName = loaded.get(owner);
  if (byName === undefined) {
    byName = new Map();
    loaded.set(owner, byName);
  }
  let m = byName.get(name);
  if (m === undefined) {
    const def = MODULES.get(name)!;
    const space = new GroundingSpace();
    space.name = name;
    const ops = def.ops();
    const own = def.tokens();
    // The module's text is read with its own operations and tokens, as its loader registers them first.
    const tokens = standardTokens();
    for (const op of ops) tokens.registerWord(operationOf(op)!.name, () => op);
    for (const [word, atom] of own) tokens.registerWord(word, () => atom);
    const parser = new Parser(def.library, `${name}.metta`);
    for (let f = parser.next(tokens); f !== null; f = parser.next(tokens)) space.add(f.atom);
    m = { space, ops, tokens: own };
    byName.set(name, m);
  }
  return m;
}

/** The space of a built-in module, loading it for the current module if needed. */
export function builtinModuleSpace(name: string, ctx: OpContext, standardTokens: () => TokenTable): Atom {
  return spaceAtom(moduleFor(name, ctx.space, standardTokens).space);
}

/** `(import! <target> <name>)` of a built-in module. */
export function importBuiltin(name: string, target: Atom, ctx: OpContext, standardTokens: () => TokenTable): Atom[] {
  const m = moduleFor(name, ctx.space, standardTokens);
  if (target.kind === SYMBOL) {
    ctx.host.bindToken(target.name, spaceAtom(m.space));
    return [UNIT];
  }
  const into = spaceOf(target);
  if (into === null) {
    fail(`import! destination argument must be a symbol atom naming a new space, or &self.  Found: ${format(target)}`);
  }
  into.addDependency(m.space);
  for (const op of m.ops) ctx.host.bindToken(operationOf(op)!.name, op);
  for (const [word, atom] of m.tokens) ctx.host.bindToken(word, atom);
  return [UNIT];
}
