// The standard library: every grounded operation as a token, plus the MeTTa prelude.
import type { Atom } from '../atom/atom.js';
import { makeFloat } from '../atom/grounded.js';
import { TokenTable, literalTokens } from '../syntax/tokens.js';
import { arithmeticOps } from './arith.js';
import { controlOps } from './control.js';
import { atomOps } from './atoms.js';
import { spaceOps } from './spaces.js';
import { ioOps } from './io.js';
import { docOps } from './docs.js';
import { operationOf } from './operation.js';

export { PRELUDE } from './prelude.js';

let cached: Atom[] | null = null;

/** Every grounded operation of the standard library (shared: operations are stateless). */
export function standardOperations(): Atom[] {
  cached ??= [...arithmeticOps(), ...controlOps(), ...atomOps(), ...spaceOps(), ...ioOps(), ...docOps()];
  return cached;
}

/** A token table with the literals and every standard operation registered by name. */
export function standardTokens(): TokenTable {
  const t = literalTokens();
  for (const op of standardOperations()) {
    const name = operationOf(op)!.name;
    t.registerWord(name, () => op);
  }
  const pi = makeFloat(Math.PI);
  const e = makeFloat(Math.E);
  t.registerWord('PI', () => pi);
  t.registerWord('EXP', () => e);
  return t;
}
