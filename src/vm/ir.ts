// The compiler's intermediate form: what a rule body (or a form) does, with
// variables already mapped to frame slots and patterns compiled. The
// bytecode emitter reads it; a JS-emitting tier could read it too.
import type { Atom } from '../atom/atom.js';
import type { Pattern, Template } from './patterns.js';
import { TY_NUMBER, TY_BOOL } from './opcodes.js';

/** A native grounded operation the VM runs inline. */
export interface NativeOp {
  readonly name: string;
  readonly kind: 'arith' | 'cmp' | 'eq' | 'logic' | 'not';
  /** Sub-operation for ARITH/CMP/LOGIC. */
  readonly code: number;
  readonly arity: number;
  /** Result type as a type spec (TY_NUMBER or TY_BOOL). */
  readonly ret: number;
}

/**
 * A call whose head has one declared function type `(-> T1 … Tn R)`: the
 * type check the tree-walker makes before the call, compiled. Each argument
 * is evaluated against its formal type (or passed as written, PASS_AS_WRITTEN,
 * for Atom and matching meta types); `checks` are what the declarations
 * cannot prove before run time; when one fails, or the result type does not
 * fit what the caller asks for, the tree-walker makes the call (`slow`), and
 * so gives the reference's error atoms.
 */
export interface TypedCall {
  readonly argTys: readonly number[];
  readonly checks: readonly SlotCheck[];
  /** The declared result type's spec: the callee's body is evaluated against it. */
  readonly ret: number;
  /** The declared result type checked against what the caller asks for, when it is not `ret` (Expression: the body is evaluated as %Undefined%). */
  readonly declared?: number;
  readonly slow: Template;
}

/** An argument a typed call takes unevaluated. */
export const PASS_AS_WRITTEN = -1;

/** A slot whose value must have a type (Number/Bool) for the fast path to apply. */
export interface SlotCheck {
  readonly slot: number;
  readonly ty: number;
}

/**
 * Has a TYCHK among `checks` found `slot` to hold a value of type `ty` that evaluates to itself,
 * never Empty or an Error? Only a Number or Bool check proves that; one against any other type
 * (%Undefined% included: `(== $x ())`) proves nothing, and the value may need evaluating.
 */
export function checkedToItself(checks: readonly SlotCheck[], slot: number, ty: number): boolean {
  return (ty === TY_NUMBER || ty === TY_BOOL) && checks.some((c) => c.slot === slot && c.ty === ty);
}

export type Ir =
  /** A ground atom in an evaluated position (evaluates to itself, maybe cast to the expected type). */
  | {
    readonly t: 'const'; readonly atom: Atom;
    /** The value of a computation (a type error made here), not an argument as written: Errors and Empty abort a call. */
    readonly computed?: boolean;
  }
  /** A variable in an evaluated position: its value is evaluated again, as the tree-walker does after substitution. */
  | { readonly t: 'slot'; readonly slot: number; readonly nr: number }
  /** An atom returned as written, with bound variables substituted (quote, Error forms). */
  | { readonly t: 'build'; readonly tpl: Template }
  /** A template instantiated from bound slots, then evaluated as a value (`metta` of the atom). */
  | { readonly t: 'eval-built'; readonly tpl: Template; readonly nr: number }
  /** A native operation; `formal` is the type its arguments are evaluated with. */
  | {
    readonly t: 'native'; readonly op: NativeOp; readonly opAtom: Atom; readonly args: readonly Ir[]; readonly formal: number;
    readonly checks: readonly SlotCheck[]; readonly slow: Template;
  }
  /** A call of a function defined by `=` rules (procedure id). */
  | {
    readonly t: 'call'; readonly proc: number; readonly args: readonly Ir[]; readonly typed?: TypedCall;
    /** `(f (collapse X))` where f's one rule is `(= (f $xs) (size-atom $xs))`: its value is X's result count (lean.ts). */
    readonly sizeOfArg?: true;
  }
  /** A tuple no rule applies to: its items evaluated, the expression kept. */
  | {
    readonly t: 'cons'; readonly items: readonly Ir[];
    /** The head was an untyped call `((f …) …)`: the built tuple is evaluated again unless it is plain data. */
    readonly evalResult?: boolean;
    /** The head has a declared function type (a constructor without rules). */
    readonly typed?: TypedCall;
  }
  | {
    readonly t: 'if'; readonly cond: Ir; readonly checks: readonly SlotCheck[]; readonly then: Ir; readonly else: Ir;
    readonly thenTpl: Template; readonly elseTpl: Template; readonly slow: Template;
  }
  /** `let`: the value (literal when it is the slot `literalSlot`), matched against the pattern, then the body. */
  | { readonly t: 'let'; readonly pat: Pattern; readonly value: Ir; readonly literalSlot: number; readonly literal: boolean; readonly body: Ir }
  | { readonly t: 'case'; readonly scrut: Ir; readonly cases: ReadonlyArray<{ readonly pat: Pattern; readonly body: Ir }> }
  | { readonly t: 'superpose'; readonly alts: readonly Ir[] }
  | { readonly t: 'superpose-slot'; readonly slot: number; readonly slow: Template }
  | { readonly t: 'collapse'; readonly body: Ir }
  | { readonly t: 'match'; readonly space: Atom; readonly pat: Pattern; readonly body: Ir }
  /**
   * `(car-atom x)` (op 0) or `(cdr-atom x)` (op 1) as the library defines them: x passed as written
   * (an Expression; `checks` test a variable's value), the head or tail evaluated, Errors for ().
   */
  | { readonly t: 'list-op'; readonly op: number; readonly head: Atom; readonly arg: Ir; readonly checks: readonly SlotCheck[]; readonly slow: Template }
  /**
   * `(cons-atom h t)` as the library types it, (-> Atom Expression Atom): h and t passed as written
   * (`checks` test that a variable t holds an expression), the result (h . t) not evaluated.
   */
  | { readonly t: 'cons-atom'; readonly head: Atom; readonly first: Ir; readonly rest: Ir; readonly checks: readonly SlotCheck[]; readonly slow: Template }
  /** `(add-atom <space> x)`: x added as written; the result () is of type (->), checked against what is asked for. */
  | { readonly t: 'add-atom'; readonly space: Atom; readonly atom: Ir; readonly slow: Template }
  /**
   * A call of a head with a parametric function type whose arguments are not
   * ground: TYPARAM unifies the formals with the arguments' types at run time
   * (the tree-walker's checker, fresh type variables per call) and proves the
   * `direct` arguments evaluate to themselves (pushed as written); the other
   * arguments are calls whose value does not depend on the type asked for
   * (evaluated against %Undefined%). The body's type is `ret`, or the spec
   * TYPARAM leaves in `retSlot` when the declared result type has variables.
   */
  | {
    readonly t: 'typed-dyn'; readonly head: Atom; readonly proc: number | 'none'; readonly args: readonly Ir[];
    readonly direct: readonly boolean[]; readonly ret: number; readonly retSlot: number; readonly call: Template; readonly slow: Template;
  }
  /**
   * A library operation the VM calls itself (grounded-calls.ts): the arguments pushed as written or
   * evaluated (flags), checked and run as the tree-walker does; `tuple` for %Undefined%-typed ones.
   */
  | {
    readonly t: 'gcall'; readonly opAtom: Atom; readonly args: readonly Ir[]; readonly flags: number; readonly tuple: boolean;
    /** The call before evaluation, when the VM evaluates some argument: type-checked first (GCHECK). */
    readonly check: Template | null;
  }
  /**
   * Minimal-MeTTa code (`chain`, `unify`, `eval`) run as the tree-walker's doMinimal runs it:
   * `body` gives the raw results. With `ret`, the code is an instruction call in a `metta`
   * position, and each result is given back as metta_call_return does (NotReducible: the call
   * `ret` itself; Empty and Errors as they are; anything else evaluated again). Without it,
   * it is the body of a procedure called by `(chain (eval (f …)) $v $v)`.
   */
  | {
    readonly t: 'minimal'; readonly body: MIr; readonly ret: Template | null;
    /** The call has variables the instruction binds (free in the call as given back): NotReducible bails. */
    readonly open?: boolean;
  }
  /** Anything else: the tree-walker evaluates the instantiated atom. */
  | { readonly t: 'fallback'; readonly tpl: Template };

/** The minimal-MeTTa subset the VM runs (inside an Ir `minimal`). */
export type MIr =
  /** An atom as data. */
  | { readonly m: 'data'; readonly atom: Atom }
  /** A template instantiated as data; `run`: its head is a variable, so the value is checked not to be an instruction (the VM bails then). */
  | { readonly m: 'build'; readonly tpl: Template; readonly run: boolean }
  /** A slot's value as data; `run` as for build (a substituted variable in a run position). */
  | { readonly m: 'slot'; readonly slot: number; readonly run: boolean }
  /** `(chain A $v T)`: each result of A bound to the variable (pattern `v`, one slot), then T run. */
  | { readonly m: 'chain'; readonly value: MIr; readonly v: Pattern; readonly body: MIr }
  /** `(unify A P then else)` for a ground A: `then` when A matches P (binding its variables), else `else`. */
  | { readonly m: 'unify'; readonly value: MIr; readonly pat: Pattern; readonly then: MIr; readonly else: MIr }
  /** `(eval (op a b))` for a native arithmetic or comparison on Numbers (a slot that holds none bails). */
  | { readonly m: 'op'; readonly op: NativeOp; readonly opAtom: Atom; readonly args: readonly MIr[]; readonly checks: readonly SlotCheck[] }
  /** `(chain (eval (f a…)) $v $v)`: each rule body of f (minimal procedure `proc`) run; no rule gives NotReducible. */
  | { readonly m: 'call'; readonly proc: number; readonly args: readonly MIr[] };

/** Can minimal-MeTTa code give more than one result? */
export function isNondetMinimal(m: MIr, procNondet: (id: number) => boolean): boolean {
  switch (m.m) {
    case 'data': case 'build': case 'slot': case 'op':
      return false;
    case 'chain':
      return isNondetMinimal(m.value, procNondet) || isNondetMinimal(m.body, procNondet);
    case 'unify':
      return isNondetMinimal(m.then, procNondet) || isNondetMinimal(m.else, procNondet);
    case 'call':
      return procNondet(m.proc);
  }
}

/** Slots read by minimal-MeTTa code (patterns and templates included). */
export function minimalReadsSlot(m: MIr, slot: number, inTemplate: (tpl: Template) => boolean, inPattern: (p: Pattern) => boolean): boolean {
  const rec = (x: MIr): boolean => minimalReadsSlot(x, slot, inTemplate, inPattern);
  switch (m.m) {
    case 'data': return false;
    case 'build': return inTemplate(m.tpl);
    case 'slot': return m.slot === slot;
    case 'chain': return inPattern(m.v) || rec(m.value) || rec(m.body);
    case 'unify': return inPattern(m.pat) || rec(m.value) || rec(m.then) || rec(m.else);
    case 'op': return m.checks.some((c) => c.slot === slot) || m.args.some(rec);
    case 'call': return m.args.some(rec);
  }
}

/** A rule lowered to IR: one pattern per argument (null when the argument is just a fresh variable). */
export interface LoweredRule {
  readonly source: Atom;
  readonly pats: ReadonlyArray<Pattern | null>;
  readonly body: Ir;
  readonly nslots: number;
  /** Each slot's variable name (a fresh variable made for an unbound slot in logic mode takes it). */
  readonly slotNames?: readonly string[];
  /** A top-level form's own variables by slot: logic mode starts them as values. */
  readonly formVars?: ReadonlyArray<readonly [number, Atom]>;
}

/** Can this IR give more than one result (so an enclosing argument needs a result filter)? */
export function isNondet(ir: Ir, procNondet: (id: number) => boolean, sub?: (ir: Ir) => boolean): boolean {
  // `sub` answers for the children (a memo keeps the emitter's repeated questions linear).
  const rec = sub ?? ((x: Ir): boolean => isNondet(x, procNondet));
  switch (ir.t) {
    case 'const': case 'slot': case 'build': case 'collapse': case 'eval-built': case 'list-op': case 'cons-atom': case 'add-atom':
      return false;
    case 'native': case 'gcall':
      return ir.args.some((a) => rec(a));
    case 'call':
      return procNondet(ir.proc) || ir.args.some((a) => rec(a));
    case 'cons':
      return ir.items.some((a) => rec(a));
    case 'typed-dyn':
      return (ir.proc !== 'none' && procNondet(ir.proc)) || ir.args.some((a) => rec(a));
    case 'if':
      return rec(ir.cond) || rec(ir.then) || rec(ir.else);
    case 'let':
      return rec(ir.value) || rec(ir.body);
    case 'superpose':
      return ir.alts.length > 1 || ir.alts.some((a) => rec(a));
    case 'minimal':
      return isNondetMinimal(ir.body, procNondet);
    default:
      return true;
  }
}
