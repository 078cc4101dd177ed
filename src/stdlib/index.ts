// The standard library: every grounded operation as a token, plus the MeTTa
// prelude (definitions, then the `@doc` of everything in the corelib).
import type { Atom } from '../atom/atom.js';
import { makeFloat, makeChar } from '../atom/grounded.js';
import { TokenTable, literalTokens } from '../syntax/tokens.js';
import { Parser } from '../syntax/parser.js';
import { GroundingSpace } from '../space/space.js';
import { arithmeticOps } from './arith.js';
import { mathOps } from './math.js';
import { controlOps } from './control.js';
import { assertOps } from './asserts.js';
import { atomOps } from './atoms.js';
import { spaceOps } from './spaces.js';
import { textOps } from './text.js';
import { moduleOps } from './modules.js';
import { legacyRandomOps } from './random.js';
import { docOps } from './docs.js';
import { operationOf } from './operation.js';
import { PRELUDE as DEFINITIONS } from './prelude.js';
import { CORELIB_DOCS } from './prelude-docs.js';

/** The corelib's MeTTa source: library definitions and documentation. */
export const PRELUDE = DEFINITIONS + CORELIB_DOCS;

let cached: Atom[] | null = null;

/** Every grounded operation of the standard library (shared: operations keep no per-runner state). */
export function standardOperations(): Atom[] {
  cached ??= [
    ...arithmeticOps(), ...mathOps(), ...controlOps(), ...assertOps(), ...atomOps(), ...spaceOps(),
    ...textOps(standardTokens), ...moduleOps(standardTokens), ...legacyRandomOps(), ...docOps(standardTokens),
  ];
  return cached;
}

let standardTable: TokenTable | null = null;

/**
 * A token table with the literals and every standard operation registered by name: a copy of
 * one built once, its own for each caller (a runner registers more).
 */
export function standardTokens(): TokenTable {
  return (standardTable ??= makeStandardTokens()).clone();
}

function makeStandardTokens(): TokenTable {
  const t = literalTokens();
  for (const op of standardOperations()) {
    const name = operationOf(op)!.name;
    t.registerWord(name, () => op);
  }
  const pi = makeFloat(Math.PI);
  const e = makeFloat(Math.E);
  t.registerWord('PI', () => pi);
  // A Char literal, as hyperon's Python stdlib reads it: one character between apostrophes.
  t.registerRegex(/'[^']'/u, (text) => makeChar(Array.from(text)[1]!));
  t.registerWord('EXP', () => e);
  return t;
}

let librarySpace: GroundingSpace | null = null;

/** The standard library's MeTTa part loaded in a space, built once per process and never modified. */
export function standardLibrarySpace(): GroundingSpace {
  if (librarySpace === null) {
    const space = new GroundingSpace();
    space.name = 'corelib';
    const tokens = standardTokens();
    const parser = new Parser(PRELUDE, 'stdlib.metta');
    for (let f = parser.next(tokens); f !== null; f = parser.next(tokens)) space.add(f.atom);
    librarySpace = space;
  }
  return librarySpace;
}
