// When is `((f a …) x …)` a tuple? The reference asks for the types of the head
// expression: each non-function type makes the whole a tuple (every item
// evaluated, then the result called), each function type a call. For a ground
// head those types are known when the rule is compiled.
import { type Atom, EXPRESSION } from '../atom/atom.js';
import { ERROR_TYPE, getAtomTypes, isFunctionType } from '../space/types.js';
import type { SpaceInfo } from './space-info.js';

/**
 * True when the ground head expression `h`, e.g. `(prime? 7)` with
 * `(: prime? (-> Number Bool))`, has only valid types and none is a function
 * type: the expression it heads is a tuple and nothing else.
 */
export function groundTupleHead(info: SpaceInfo, h: Atom): boolean {
  if (h.kind !== EXPRESSION || !h.ground || info.exprTypeDecls) return false;
  const ts = getAtomTypes(info.space, h);
  return ts.length > 0 && ts.every((t) => t.kind !== ERROR_TYPE && !isFunctionType(t.type));
}
