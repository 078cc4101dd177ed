// What the tree-walker's interpretExpression decides about a call before it
// evaluates anything: which declared function type of the head applies, with
// its type variables unified against the arguments' types (fresh per call).
// Worked out with the tree-walker's own checker (checkFunctionType), so the
// VM compiles exactly the specialization the reference would pick.
import { type Atom } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { checkFunctionType, getAtomTypes, isFunctionType } from '../space/types.js';
import type { GroundingSpace } from '../space/space.js';

export type CallTyping =
  /** No declared function type: the call is evaluated like one of an untyped head (the tuple rule). */
  | { readonly kind: 'tuple' }
  /**
   * The function type that applies, type variables bound by the arguments' types:
   * `formals[i]` is what argument i is evaluated against, `ret` what the body is.
   * `proven` says the argument check already passed (on the call as written).
   */
  | { readonly kind: 'function'; readonly formals: readonly Atom[]; readonly ret: Atom; readonly proven: boolean }
  /** Decided only at run time (or the check fails and the tree-walker makes the errors). */
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * The typing of `call` (a symbol-headed expression) for a caller asking for
 * %Undefined%. One ground function type: its formals as declared (the
 * arguments are checked by the caller). Otherwise, for a ground call, the
 * first function type whose argument check passes, as the reference tries
 * them in order; a caller asking for another type must check `ret` and leave
 * the call to the tree-walker when it does not fit (a later type might).
 */
export function callTyping(space: GroundingSpace, call: Atom): CallTyping {
  const ts = getAtomTypes(space, call.items[0]!);
  const fns = ts.filter((t) => isFunctionType(t.type));
  if (fns.length === 0) return { kind: 'tuple' };
  if (ts.length === 1 && fns[0]!.type.ground) {
    const fn = fns[0]!.type;
    return { kind: 'function', formals: fn.items.slice(1, -1), ret: fn.items[fn.items.length - 1]!, proven: false };
  }
  const why = ts.length === 1 ? 'a parametric function type' : 'several declared types, or a non-function type';
  if (!call.ground) return { kind: 'unknown', reason: why };
  for (const t of fns) {
    const check = checkFunctionType(space, call, t.type, S.undefinedType);
    if (check.ok === null) continue;
    const fn = check.ok.apply(t.type);
    return { kind: 'function', formals: fn.items.slice(1, -1), ret: fn.items[fn.items.length - 1]!, proven: true };
  }
  return { kind: 'unknown', reason: `${why} whose check fails` };
}
