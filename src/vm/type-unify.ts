// What the tree-walker's interpretExpression decides about a call before it
// evaluates anything: which declared function type of the head applies, with
// its type variables unified against the arguments' types (fresh per call).
// Worked out with the tree-walker's own checker (checkFunctionType), so the
// VM compiles exactly the specialization the reference would pick.
import { EXPRESSION, SYMBOL, type Atom } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { checkFunctionType, getAtomTypes, getValidTypes, isFunctionType, isMetaType, matchTypes, metaTypeOf, typeCast } from '../space/types.js';
import { Bindings } from '../match/bindings.js';
import { TY_UNDEF } from './opcodes.js';
import { typeSpec } from './type-specs.js';
import { operationOf } from '../stdlib/operation.js';
import { isStandardOp, type SpaceInfo } from './space-info.js';
import { isInert, isTypedInert } from './inert.js';
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
export function callTyping(info: SpaceInfo, call: Atom): CallTyping {
  const head = call.items[0]!;
  // What the head's declarations alone decide is the same for every call of it in this space version.
  const known = info.headTyping.get(head);
  if (known !== undefined) return known;
  const space = info.space;
  const ts = getAtomTypes(space, head);
  const fns = ts.filter((t) => isFunctionType(t.type));
  if (fns.length === 0) return remember(info, head, { kind: 'tuple' });
  if (ts.length === 1 && fns[0]!.type.ground) {
    const fn = fns[0]!.type;
    return remember(info, head, { kind: 'function', formals: fn.items.slice(1, -1), ret: fn.items[fn.items.length - 1]!, proven: false });
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

/** Keeps a typing the head alone decides (a symbol's: a grounded head's types are its value's). */
function remember(info: SpaceInfo, head: Atom, t: CallTyping): CallTyping {
  if (head.kind === SYMBOL) info.headTyping.set(head, t);
  return t;
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
 * Does argument `a` (ground, as written) evaluate to itself against formal
 * type `f` that its call leaves open (`$t` bound by no argument)? A symbol or
 * grounded atom whose only types are %Undefined% or Atom does (its cast
 * matches, binding nothing), and one of a single type that unifies with `f`
 * (its cast binds the type variables as the call's check did, so no later
 * cast can fail on them); so does plain untyped data.
 */
export function passesOpenFormal(info: SpaceInfo, a: Atom, f: Atom): boolean {
  if (a === S.empty) return false;
  if (a.kind === EXPRESSION) return a.items.length > 0 && !isErrorAtom(a) && isInert(info, a);
  const ts = getValidTypes(info.space, a);
  if (ts.every((t) => t === S.undefinedType || t === S.atomType)) return true;
  return ts.length === 1 && matchTypes(f, ts[0]!, Bindings.EMPTY) !== null;
}

/**
 * TYPARAM at run time: `call` is the call as written with the frame's values
 * substituted, `expected` the type its caller asks for. The tree-walker's
 * check picks the first binding of the type variables (fresh per call) that
 * fits; then each argument in `direct` (a bit per argument) must be one that
 * evaluates to itself against its formal type, and each other argument (a
 * call) must have a declared result type its formal accepts and must not be
 * passed unevaluated. Gives the spec the body is evaluated against (for a
 * constructor, whose result type nothing reads, %Undefined% when open), or
 * -1 when the tree-walker must make the call.
 */
export function specializeCall(info: SpaceInfo, call: Atom, expected: Atom, direct: number, constructor: boolean): number {
  if (!call.ground) return -1;
  const ts = getAtomTypes(info.space, call.items[0]!);
  if (ts.length !== 1 || !isFunctionType(ts[0]!.type)) return -1;
  const check = checkFunctionType(info.space, call, ts[0]!.type, expected);
  if (check.ok === null) return -1;
  const fn = check.ok.apply(ts[0]!.type);
  const n = call.items.length - 1;
  for (let i = 0; i < n; i++) {
    const a = call.items[i + 1]!;
    const f = fn.items[i + 1]!;
    if ((direct & (1 << i)) === 0) {
      // A call evaluated against %Undefined%: the same as against f once f takes its declared result
      // (which the check above does not ensure when the call's own arguments are ill-typed).
      if (isMetaType(f) || !fitsDeclaredResult(info, a, f)) return -1;
      continue;
    }
    if (f === S.atomType || (isMetaType(f) && metaTypeOf(a) === f)) continue;
    if (isMetaType(f) || !evaluatesToItself(info, a, f)) return -1;
  }
  let ret = fn.items[n + 1]!;
  if (ret === S.expressionType) ret = S.undefinedType;
  if (!ret.ground) return constructor ? TY_UNDEF : -1;
  if (isMetaType(ret)) return -1;
  return typeSpec(ret);
}

/** Is `metta(a, f)` surely `[a]`, with no type variable bound (a ground, f not a meta type)? */
function evaluatesToItself(info: SpaceInfo, a: Atom, f: Atom): boolean {
  if (!f.ground) return passesOpenFormal(info, a, f);
  if (a === S.empty) return true;
  if (a.kind === EXPRESSION && a.items.length > 0) {
    return isErrorAtom(a) || isInert(info, a) || isTypedInert(info, a, typeSpec(f));
  }
  // A symbol, a grounded atom or (): metta casts it to f.
  return typeCast(info.space, a, f, Bindings.EMPTY).ok !== null;
}

/** Does `f` accept the declared result type of call `a` (a head with one function type)? */
function fitsDeclaredResult(info: SpaceInfo, a: Atom, f: Atom): boolean {
  if (a.kind !== EXPRESSION || a.items.length === 0) return false;
  const ts = getAtomTypes(info.space, a.items[0]!);
  if (ts.length !== 1 || !isFunctionType(ts[0]!.type)) return false;
  const fn = ts[0]!.type;
  return matchTypes(f, fn.items[fn.items.length - 1]!, Bindings.EMPTY) !== null;
}
