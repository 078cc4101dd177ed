// Type questions about a value the VM asks without evaluating anything: does
// it pass a typed parameter's check (TYCHK), and what does casting it to an
// expected type give (EVAL_SLOT's last case)? Shared by the VM loop and the
// JS tier's helpers, so both answer alike (and share the symbol memos).
import { type Atom, SYMBOL, EXPRESSION } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { castErrors, getValidTypes, isMetaType, matchTypes, metaTypeOf } from '../space/types.js';
import { Bindings } from '../match/bindings.js';
import { typeOfSpec } from './type-specs.js';
import { isTypedInert, recentlyTypedInert } from './inert.js';
import { symbolAnswer, type SymbolMemo } from './symbol-types.js';
import type { SpaceInfo } from './space-info.js';

/** A symbol value's castErrors and hasType answers (symbol-types.ts). */
const castMemo: SymbolMemo<Atom[] | null> = new WeakMap();
const hasTypeMemo: SymbolMemo<boolean> = new WeakMap();

/** Is `ty` `Atom`, or the meta type of `v`'s kind? */
export function isMetaSpec(ty: number, v: Atom): boolean {
  const t = typeOfSpec(ty);
  return t === S.atomType || (isMetaType(t) && metaTypeOf(v) === t);
}

/**
 * Does an argument whose value is `v` pass the type check for formal type
 * `ty` (checkFunctionType)? A meta type is the value's kind; any other type
 * one of the value's types (none known: %Undefined%, which fits).
 */
export function valueHasType(info: SpaceInfo, v: Atom, ty: number): boolean {
  // The case below for a term proven a moment ago (the memo holds no meta-type proofs), without its lookups.
  if (v.kind === EXPRESSION && !info.exprTypeDecls && recentlyTypedInert(info, v, ty)) return true;
  const t = typeOfSpec(ty);
  if (isMetaType(t)) return t === S.atomType || metaTypeOf(v) === t;
  // A term of typed constructors proven to have a type fitting t (remembered per term) has
  // that application type among its valid types; without expression declarations no other
  // valid type can exclude it, so the check passes without computing them again.
  if (v.kind === EXPRESSION && !info.exprTypeDecls && isTypedInert(info, v, ty)) return true;
  const check = (): boolean => {
    const ts = getValidTypes(info.space, v);
    return ts.length === 0 || ts.some((x) => matchTypes(t, x, Bindings.EMPTY) !== null);
  };
  return v.kind === SYMBOL ? symbolAnswer(hasTypeMemo, info, v, ty, check) : check();
}

/** The type errors of casting a non-expression value to `ty` (null: it fits as it is). */
export function castOfValue(info: SpaceInfo, v: Atom, ty: number): Atom[] | null {
  const cast = (): Atom[] | null => castErrors(info.space, v, typeOfSpec(ty));
  // A symbol's errors are remembered only when ground (type variables are fresh per check).
  return v.kind === SYMBOL ? symbolAnswer(castMemo, info, v, ty, cast, (e) => e === null || e.every((x) => x.ground)) : cast();
}
