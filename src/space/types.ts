// The type system over a space: the types of an atom (declared with `:`,
// widened with `:<`, inferred for grounded atoms and function applications)
// and the checks the evaluator makes before calling a function.
import { Atom, SYMBOL, VARIABLE, EXPRESSION, GROUNDED, expr, atomEq, freshVariable } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { makeInt } from '../atom/grounded.js';
import { Bindings, renameVariables } from '../match/bindings.js';
import { unify } from '../match/unify.js';
import type { GroundingSpace } from './space.js';

export const VALUE_TYPE = 0;
export const APPLICATION_TYPE = 1;
export const ERROR_TYPE = 2;

export interface AtomType {
  readonly type: Atom;
  readonly kind: typeof VALUE_TYPE | typeof APPLICATION_TYPE | typeof ERROR_TYPE;
  readonly error: Atom | null;
}

const valueType = (type: Atom): AtomType => ({ type, kind: VALUE_TYPE, error: null });
const UNDEFINED: AtomType = valueType(S.undefinedType);

/** `(-> …)` with at least a result type. */
export function isFunctionType(t: Atom): boolean {
  return t.kind === EXPRESSION && t.items.length > 1 && t.items[0] === S.arrow;
}

export function metaTypeOf(a: Atom): Atom {
  switch (a.kind) {
    case SYMBOL: return S.symbolType;
    case VARIABLE: return S.variableType;
    case EXPRESSION: return S.expressionType;
    default: return S.groundedType;
  }
}

export function isMetaType(t: Atom): boolean {
  return t === S.atomType || t === S.symbolType || t === S.variableType || t === S.expressionType || t === S.groundedType;
}

const symbolTypeCache = new WeakMap<GroundingSpace, { version: number; types: Map<Atom, Atom[]> }>();

function queryTypes(space: GroundingSpace, atom: Atom): Atom[] {
  const cacheable = atom.kind === SYMBOL;
  if (cacheable) {
    let c = symbolTypeCache.get(space);
    if (c === undefined || c.version !== space.schemaVersion) {
      c = { version: space.schemaVersion, types: new Map() };
      symbolTypeCache.set(space, c);
    }
    const hit = c.types.get(atom);
    if (hit !== undefined) return hit.map((t) => renameVariables(t));
    const types = queryTypesUncached(space, atom);
    c.types.set(atom, types);
    return types.map((t) => renameVariables(t));
  }
  return queryTypesUncached(space, atom);
}

function queryTypesUncached(space: GroundingSpace, atom: Atom): Atom[] {
  const x = freshVariable('X');
  const out: Atom[] = [];
  for (const b of space.query(expr([S.colon, atom, x]))) {
    const t = b.apply(x);
    if (t.kind === VARIABLE || t === S.undefinedType) continue;
    out.push(t);
  }
  addSuperTypes(space, out);
  return out;
}

function addSuperTypes(space: GroundingSpace, types: Atom[]): void {
  for (let i = 0; i < types.length; i++) {
    const x = freshVariable('X');
    for (const b of space.query(expr([S.subtype, types[i]!, x]))) {
      const t = b.apply(x);
      // An unbound result (e.g. a bare variable stored in the space) names no type.
      if (t.kind === VARIABLE || t === S.undefinedType) continue;
      if (!types.some((u) => atomEq(u, t))) types.push(t);
    }
  }
}

/** Every type of `atom`, `%Undefined%` when it has none. Error types are included (marked). */
export function getAtomTypes(space: GroundingSpace, atom: Atom): AtomType[] {
  const ts = typesInternal(space, atom);
  return ts.length === 0 ? [UNDEFINED] : ts;
}

/** The valid types only (what `get-type` returns). */
export function getValidTypes(space: GroundingSpace, atom: Atom): Atom[] {
  const ts = typesInternal(space, atom);
  if (ts.length === 0) return [S.undefinedType];
  return ts.filter((t) => t.kind !== ERROR_TYPE).map((t) => t.type);
}

// Type inference recurses into arguments; past this nesting an expression is left
// untyped (%Undefined%) rather than exhausting the JS stack.
const MAX_TYPE_DEPTH = 256;

function typesInternal(space: GroundingSpace, atom: Atom, depth = 0): AtomType[] {
  switch (atom.kind) {
    case VARIABLE:
      return [];
    case GROUNDED: {
      const t = atom.value!.typeAtom();
      return t === S.undefinedType ? [] : [valueType(renameVariables(t))];
    }
    case SYMBOL:
      return queryTypes(space, atom).map(valueType);
    default:
      if (atom.items.length === 0 || depth > MAX_TYPE_DEPTH) return [];
      return cachedExpressionTypes(space, atom, depth);
  }
}

// Types of an expression object, remembered for the space version they were computed in.
// Checking `(+ (+ (+ 1 0) 1) 2)` asks for the types of every nested argument again at
// each level; without this the type checks alone make a nested chain quadratic.
const exprTypeCache = new WeakMap<Atom, { space: GroundingSpace; version: number; types: AtomType[] }>();

function cachedExpressionTypes(space: GroundingSpace, atom: Atom, depth: number): AtomType[] {
  const version = space.schemaVersion;
  const hit = exprTypeCache.get(atom);
  if (hit !== undefined && hit.space === space && hit.version === version) {
    // Fresh type variables per use, as a new computation would give.
    return hit.types.map((t) => (t.type.ground ? t : { type: renameVariables(t.type), kind: t.kind, error: t.error }));
  }
  const types = expressionTypes(space, atom, depth);
  exprTypeCache.set(atom, { space, version, types });
  return types;
}

function expressionTypes(space: GroundingSpace, atom: Atom, depth: number): AtomType[] {
  const op = atom.items[0]!;
  const args = atom.items.slice(1);
  const opTypes = typesInternal(space, op, depth + 1);
  const opFuncs: Atom[] = [];
  const opValues: Atom[] = [];
  for (const t of opTypes) (isFunctionType(t.type) ? opFuncs : opValues).push(t.type);
  const argTypes = args.map((a) => typesInternal(space, a, depth + 1).map((t) => t.type));

  // Tuple types: the product of the element types, plus explicit declarations.
  const tuple: Atom[] = [];
  if (opValues.length > 0 && argTypes.every((ts) => ts.length > 0)) {
    let combos: Atom[][] = opValues.map((t) => [t]);
    for (const ts of argTypes) {
      const next: Atom[][] = [];
      for (const c of combos) for (const t of ts) next.push([...c, t]);
      combos = next;
    }
    for (const c of combos) tuple.push(expr(c));
  }
  for (const t of queryTypes(space, atom)) tuple.push(t);
  addSuperTypes(space, tuple);
  const out: AtomType[] = tuple.map(valueType);

  // Application types: each function type of the head whose argument types fit;
  // where none fits, error types naming why, as the reference's check_arg_types does.
  for (const fn of opFuncs) {
    const expected = fn.items.slice(1, -1);
    const ret = fn.items[fn.items.length - 1]!;
    if (expected.length !== args.length) {
      out.push({ type: fn, kind: ERROR_TYPE, error: expr([S.error, atom, S.incorrectNumberOfArguments]) });
      continue;
    }
    checkArgTypes(atom, fn, args, argTypes, expected, ret, 0, Bindings.EMPTY, out);
  }
  return out;
}

function checkArgTypes(
  call: Atom, fn: Atom, args: readonly Atom[], actual: Atom[][], expected: readonly Atom[], ret: Atom,
  i: number, b: Bindings, out: AtomType[],
): void {
  if (i === args.length) {
    out.push({ type: b.apply(ret), kind: APPLICATION_TYPE, error: null });
    return;
  }
  const exp = expected[i]!;
  const acts = actual[i]!;
  if (acts.length === 0 || exp === S.undefinedType || exp === metaTypeOf(args[i]!) || exp === S.atomType) {
    checkArgTypes(call, fn, args, actual, expected, ret, i + 1, b, out);
    return;
  }
  let matched = false;
  for (const t of acts) {
    // Only %Undefined% is a wildcard here: an argument typed Atom does not fit a Grounded formal.
    const m = unify(widenUndefined(t), widenUndefined(exp), b);
    if (m === null) continue;
    matched = true;
    checkArgTypes(call, fn, args, actual, expected, ret, i + 1, m, out);
  }
  if (matched) return;
  for (const t of acts) {
    const err = expr([S.error, call, expr([S.badArgType, makeInt(i + 1), exp, t])]);
    out.push({ type: fn, kind: ERROR_TYPE, error: err });
  }
}

/** Replaces `%Undefined%` inside a type by fresh variables so it matches anything there. */
function widenUndefined(t: Atom): Atom {
  if (t === S.undefinedType) return freshVariable('undef');
  if (t.kind !== EXPRESSION) return t;
  let changed = false;
  const items = t.items.map((x) => {
    const y = widenUndefined(x);
    if (y !== x) changed = true;
    return y;
  });
  return changed ? expr(items) : t;
}

/** Type compatibility: `%Undefined%` and `Atom` match anything, otherwise the types unify. */
export function matchTypes(t1: Atom, t2: Atom, b: Bindings): Bindings | null {
  if (t1 === S.undefinedType || t2 === S.undefinedType || t1 === S.atomType || t2 === S.atomType) return b;
  return unify(widenUndefined(t1), widenUndefined(t2), b);
}

export interface FunctionCheck {
  /** Bindings of the type variables when the type applies, else null. */
  readonly ok: Bindings | null;
  readonly errors: Atom[];
}

/**
 * Can `call` be applied under function type `fnType`, giving `expected`?
 * Errors use the reference's forms: IncorrectNumberOfArguments,
 * (BadArgType <1-based index> <expected> <actual>), (BadType <expected> <returned>).
 */
export function checkFunctionType(space: GroundingSpace, call: Atom, fnType: Atom, expected: Atom): FunctionCheck {
  const formals = fnType.items.slice(1, -1);
  const ret = fnType.items[fnType.items.length - 1]!;
  const args = call.items.slice(1);
  if (formals.length !== args.length) {
    return { ok: null, errors: [expr([S.error, call, S.incorrectNumberOfArguments])] };
  }
  const errors: Atom[] = [];
  let results: Bindings[] = [Bindings.EMPTY];
  for (let i = 0; i < args.length && results.length > 0; i++) {
    const arg = args[i]!;
    const formal = formals[i]!;
    if (isMetaType(formal) && (formal === S.atomType || formal === metaTypeOf(arg))) continue;
    let actuals = getValidTypes(space, arg);
    if (actuals.length === 0) actuals = [S.undefinedType];
    const next: Bindings[] = [];
    for (const r of results) {
      for (const t of actuals) {
        const m = matchTypes(formal, t, r);
        if (m === null) errors.push(expr([S.error, call, expr([S.badArgType, makeInt(i + 1), r.apply(formal), t])]));
        else next.push(m);
      }
    }
    results = next;
  }
  for (const r of results) {
    const m = matchTypes(expected, ret, r);
    if (m !== null) return { ok: m, errors };
    errors.push(expr([S.error, call, expr([S.badType, r.apply(expected), r.apply(ret)])]));
  }
  return { ok: null, errors };
}

/**
 * `type_cast` with the caller's bindings: the bindings under which the first fitting
 * type of `atom` matches `expected` (type variables of `expected` bound, as
 * `(metta S $t &space)` binds `$t`), else null and the BadType errors.
 */
export function typeCast(space: GroundingSpace, atom: Atom, expected: Atom, b: Bindings): { ok: Bindings | null; errors: Atom[] } {
  const errors: Atom[] = [];
  for (const t of getValidTypes(space, atom)) {
    const m = matchTypes(expected, t, b);
    if (m !== null) return { ok: m, errors };
    errors.push(expr([S.error, atom, expr([S.badType, expected, t])]));
  }
  return { ok: null, errors };
}

/** `type_cast`: the atom itself when one of its types fits `expected`, else BadType errors. */
export function castErrors(space: GroundingSpace, atom: Atom, expected: Atom): Atom[] | null {
  const types = getValidTypes(space, atom);
  const errors: Atom[] = [];
  for (const t of types) {
    if (matchTypes(t, expected, Bindings.EMPTY) !== null) return null;
    errors.push(expr([S.error, atom, expr([S.badType, expected, t])]));
  }
  return errors;
}

/** True when no inferred type of `atom` is an error (the reference's validate_atom). */
export function validateAtom(space: GroundingSpace, atom: Atom): boolean {
  return typesInternal(space, atom).every((t) => t.kind !== ERROR_TYPE);
}
