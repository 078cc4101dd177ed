// Library operations with side effects (states, tokens, modules, pragmas) and
// a few data operations, called by the VM itself (GCALL) instead of sending
// their whole form to the tree-walker. The type check is the tree-walker's own
// (checkFunctionType on the call as it would see it), made at run time; the
// lowering only lets arguments through whose atom before evaluation is the
// value on the stack (variables, literals, data), so the check sees the same
// atom. Effects are either journaled (change-state!: a later bail restores the
// old value), harmless to repeat (new-state makes a fresh state), or final
// (bind!, import!, pragma!: only as the whole top-level form, with no choice
// point left, so no bail can follow them).
import { Atom, SYMBOL, VARIABLE, EXPRESSION, GROUNDED, expr } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { makeString } from '../atom/grounded.js';
import { recordUndo } from '../space/journal.js';
import { checkFunctionType, getAtomTypes, isFunctionType, isMetaType, metaTypeOf, typeCast } from '../space/types.js';
import { Bindings } from '../match/bindings.js';
import { ExecError, NoReduce, operationOf, type OpContext, type OpHost } from '../stdlib/operation.js';
import { StateValue } from '../stdlib/spaces.js';
import { LimitExceeded } from '../runner/limits.js';
import { isErrorAtom } from '../interp/values.js';
import { isInert, isTypedInert } from './inert.js';
import { typeSpec } from './type-specs.js';
import type { SpaceInfo } from './space-info.js';
import type { Ir } from './ir.js';
import type { Template } from './patterns.js';

/** What running an operation does besides computing its answers. */
type Effect = 'pure' | 'journaled' | 'final' | 'fresh';

const EFFECTS = new Map<string, Effect>([
  ['new-state', 'pure'], ['get-state', 'pure'], ['change-state!', 'journaled'], ['nop', 'pure'],
  ['sort-strings', 'pure'], ['get-metatype', 'pure'], ['get-atoms', 'pure'],
  ['bind!', 'final'], ['import!', 'final'], ['pragma!', 'final'],
  // A new space takes the next space number: made twice (a bail, then the tree-walker), later spaces would print differently.
  ['new-space', 'fresh'],
  // The json module: json-decode of an object makes a new space (a space number, as new-space).
  ['json-encode', 'pure'], ['json-decode', 'fresh'],
]);

/** Is `opAtom` an operation whose effect cannot be taken back (so nothing may bail after it)? */
export function hasFinalEffect(opAtom: Atom): boolean {
  const op = operationOf(opAtom);
  return op !== null && EFFECTS.get(op.name) === 'final';
}

/** GCALL flag: the operation's effect is final (the run must be in its top frame with no choice point left). */
export const GCALL_FINAL = 1;
/** GCALL flag: an %Undefined%-typed operation, called as a tuple (no type check). */
export const GCALL_TUPLE = 2;
/** GCALL flag bit of argument i: the VM has evaluated it already (an %Undefined% formal, or a tuple item). */
export const gcallEvaluated = (i: number): number => 1 << (i + 2);

/** The lowerer's services a grounded call needs. */
export interface GroundedLowering {
  readonly info: SpaceInfo;
  /** The argument evaluated by the VM (`metta` of it). */
  eval(x: Atom): Ir;
  /** The argument as written, variables substituted (their values pushed unevaluated). */
  asWritten(x: Atom): Ir;
  /** `a` with bound variables substituted (the call as the tree-walker's type check sees it). */
  template(a: Atom): Template;
}

/** `(op a1 … an)` as a GCALL, or the reason it stays a fallback. */
export function lowerGroundedCall(a: Atom, opAtom: Atom, ctx: GroundedLowering, insideFinal = false): Ir | string {
  const op = operationOf(opAtom)!;
  const effect = EFFECTS.get(op.name);
  // Flags hold one bit per argument.
  if (a.items.length > 28) return `the grounded operation ${op.name}`;
  const why = `the grounded operation ${op.name}`;
  if (effect === undefined || op.fn === null) return why;
  if (effect === 'fresh' && !insideFinal) return why;
  const type = op.type;
  const args = a.items.slice(1);
  const irs: Ir[] = [];
  let flags = effect === 'final' ? GCALL_FINAL : 0;
  if (!isFunctionType(type)) {
    // %Undefined%-typed (nop, pragma!): a tuple, every item evaluated before the call.
    flags |= GCALL_TUPLE;
    args.forEach((x, i) => {
      irs.push(ctx.eval(x));
      flags |= gcallEvaluated(i);
    });
    return { t: 'gcall', opAtom, args: irs, flags, tuple: true, check: null };
  }
  const formals = type.items.slice(1, -1);
  if (formals.length !== args.length) return why;
  let evaluated = false;
  for (let i = 0; i < args.length; i++) {
    const x = args[i]!;
    const f = formals[i]!;
    // As written: an Atom formal, and atoms whose value is their atom before evaluation (variables, literals, data).
    if (isMetaType(f) || x.kind === VARIABLE || x.kind === SYMBOL || x.kind === GROUNDED || (x.ground && isInert(ctx.info, x))) {
      irs.push(x.ground ? { t: 'const', atom: x } : ctx.asWritten(x));
      continue;
    }
    // A call: the VM evaluates it after the type check (GCHECK) and GCALL verifies its value against the formal.
    const nested = effect === 'final' ? nestedFresh(x, ctx) : null;
    irs.push(nested ?? ctx.eval(x));
    flags |= gcallEvaluated(i);
    evaluated = true;
  }
  return { t: 'gcall', opAtom, args: irs, flags, tuple: false, check: evaluated ? ctx.template(a) : null };
}

/** `(new-space)` as the argument of a final operation. */
function nestedFresh(x: Atom, ctx: GroundedLowering): Ir | null {
  if (x.kind !== EXPRESSION || x.items.length === 0) return null;
  const h = x.items[0]!;
  if (h.kind !== GROUNDED || operationOf(h) === null || EFFECTS.get(operationOf(h)!.name) !== 'fresh') return null;
  const ir = lowerGroundedCall(x, h, ctx, true);
  return typeof ir === 'string' ? null : ir;
}

/** The context the VM's grounded calls run with (none of these operations evaluates anything itself). */
export function groundedContext(space: OpContext['space'], host: OpHost): OpContext {
  return {
    space,
    host,
    evaluate(): never {
      throw new Error('no nested evaluation in a grounded call');
    },
  };
}

/** What the type check of a call leaves: the formal types and the result type, bindings applied. */
export interface CheckedCall {
  readonly formals: readonly Atom[];
  readonly ret: Atom;
}

/**
 * The tree-walker's type check of `pre` (the call before its arguments are
 * evaluated) against `expected`: the formals, or the answers that replace the
 * call (its type errors; the call itself when an Atom or Expression is asked for);
 * null when the operation has other declared types than its own.
 */
export function checkGroundedCall(pre: Atom, expected: Atom, info: SpaceInfo): CheckedCall | Atom[] | null {
  if (expected === S.atomType || expected === S.expressionType) return [pre];
  // The operation's type with fresh variables, as the tree-walker reads it.
  const types = getAtomTypes(info.space, pre.items[0]!);
  if (types.length !== 1 || !isFunctionType(types[0]!.type)) return null;
  const type = types[0]!.type;
  const check = checkFunctionType(info.space, pre, type, expected);
  if (check.ok === null) return check.errors;
  const fn = check.ok.apply(type);
  const ret = fn.items[fn.items.length - 1]!;
  return { formals: fn.items.slice(1, -1), ret: ret === S.expressionType ? S.undefinedType : ret };
}

/**
 * What `metta` of the call gives, as the tree-walker computes it: `call` holds
 * the argument values (as written, or evaluated by the VM where `flags` says so),
 * `pre` the call before evaluation. The type check, each argument against its
 * formal (the value itself, or the cast error that aborts the call), the
 * operation, each answer against the result type. Null when that is not
 * something the VM can do exactly here.
 */
export function runGroundedCall(
  call: Atom, pre: Atom, expected: Atom, flags: number, info: SpaceInfo, ctx: OpContext,
): Atom[] | null {
  const op = operationOf(call.items[0]!)!;
  // Values hold variables only in logic mode; of the operations, only get-metatype is sure not to bind them.
  if (!call.ground && op.name !== 'get-metatype') return null;
  let ret = expected;
  let tb = Bindings.EMPTY;
  const args = call.items.slice(1);
  if ((flags & GCALL_TUPLE) === 0) {
    const checked = checkGroundedCall(pre, expected, info);
    if (checked === null || Array.isArray(checked)) return checked;
    ret = checked.ret;
    for (let i = 0; i < args.length; i++) {
      const v = args[i]!;
      const f = checked.formals[i]!;
      // A meta-typed formal takes its argument unevaluated: the VM must not have evaluated it.
      if ((flags & gcallEvaluated(i)) !== 0 && isMetaType(f.ground ? f : tb.apply(f))) return null;
      const r = castValue(v, f, tb, info);
      if (r === null) return null;
      // An argument whose evaluation is an Error (other than itself as written) aborts the call.
      if (r instanceof Bindings) tb = r;
      else return r;
    }
  }
  let state: StateValue | null = null;
  let old: Atom | null = null;
  if (op.name === 'change-state!') {
    const s = args[0]!;
    if (s.kind === GROUNDED && s.value instanceof StateValue) {
      state = s.value;
      old = state.value;
    }
  }
  let answers: Atom[];
  try {
    answers = op.fn!(args, ctx);
  } catch (e) {
    if (e instanceof NoReduce) return [call];
    if (e instanceof ExecError) return [expr([S.error, call, e.atom ?? makeString(e.message)])];
    if (e instanceof LimitExceeded || !(e instanceof Error)) throw e;
    return [expr([S.error, call, makeString(e.message)])];
  } finally {
    if (state !== null && state.value !== old) {
      const st = state, prev = old!;
      recordUndo(() => {
        st.value = prev;
      });
    }
  }
  const out: Atom[] = [];
  for (const r of answers) {
    if (r === S.notReducible) {
      out.push(call);
      continue;
    }
    const c = castValue(r, ret, tb, info);
    if (c === null) return null;
    if (c instanceof Bindings) {
      if (r !== S.empty) out.push(r);
    } else out.push(...c);
  }
  return out;
}

/**
 * The last step of `metta(v, t)` for a value that evaluates to itself: the type
 * bindings it extends (a cast, which may bind the operation's type variables),
 * its cast errors, or null when it may do more than that (the VM cannot say).
 * Empty and Errors pass as they are (their own atom as written).
 */
function castValue(v: Atom, t0: Atom, tb: Bindings, info: SpaceInfo): Bindings | Atom[] | null {
  const t = t0.ground ? t0 : tb.apply(t0);
  // Any value fits Atom; a value with variables (logic mode) fits nothing else here.
  if (t === S.atomType) return tb;
  if (!v.ground) return null;
  if (v === S.empty || isErrorAtom(v)) return tb;
  if (t === metaTypeOf(v)) return tb;
  if (v.kind === EXPRESSION && v.items.length > 0) {
    // A tuple whose head has no function type is evaluated as a tuple whatever the type asked for.
    if (t === S.undefinedType || tupleHead(v, info)) return isInert(info, v) ? tb : null;
    return t.ground && isTypedInert(info, v, typeSpec(t)) ? tb : null;
  }
  if (t === S.undefinedType) return tb;
  const cast = typeCast(info.space, v, t, tb);
  return cast.ok ?? cast.errors;
}

function tupleHead(v: Atom, info: SpaceInfo): boolean {
  const h = v.items[0]!;
  return h.kind === SYMBOL && getAtomTypes(info.space, h).every((x) => !isFunctionType(x.type));
}
