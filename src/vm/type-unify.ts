// What the tree-walker's interpretExpression decides about a call before it
// evaluates anything: which declared function type of the head applies, with
// its type variables unified against the arguments' types (fresh per call).
// Worked out with the tree-walker's own checker (checkFunctionType), so the
// VM compiles exactly the specialization the reference would pick.
import { EXPRESSION, type Atom } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { checkFunctionType, getAtomTypes, getValidTypes, isFunctionType } from '../space/types.js';
import { operationOf } from '../stdlib/operation.js';
import { isStandardOp, type SpaceInfo } from './space-info.js';
import { isInert } from './inert.js';
import { isErrorAtom } from '../interp/values.js';
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

/**
 * `(get-type x)` of the standard library: x's valid types in `space`, as the
 * operation gives them (x is typed Atom, so not evaluated); null for any
 * other atom. The caller evaluates each answer against %Undefined%, the
 * operation's declared result type.
 */
export function typesOfCall(space: GroundingSpace, call: Atom): Atom[] | null {
  if (call.kind !== EXPRESSION || call.items.length !== 2) return null;
  const h = call.items[0]!;
  if (operationOf(h)?.name !== 'get-type' || !isStandardOp(h)) return null;
  return getValidTypes(space, call.items[1]!);
}

/**
 * Does argument `a` (ground, as written) evaluate to itself against a formal
 * type its call leaves open (`$t` bound by no argument), binding nothing? A
 * symbol or grounded atom whose only types are %Undefined% or Atom does (its
 * cast matches without binding), and so does plain untyped data.
 */
export function passesOpenFormal(info: SpaceInfo, a: Atom): boolean {
  if (a === S.empty) return false;
  if (a.kind === EXPRESSION) return a.items.length > 0 && !isErrorAtom(a) && isInert(info, a);
  return getValidTypes(info.space, a).every((t) => t === S.undefinedType || t === S.atomType);
}
