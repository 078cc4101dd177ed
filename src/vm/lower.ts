// The compiler's front half: a rule (or a top-level form) to IR. It mirrors
// the tree-walker's `metta` step by step for the forms it knows, and turns
// everything else into a fallback node (the tree-walker evaluates that
// subterm), so the compiled code never means something different.
import { Atom, SYMBOL, VARIABLE, EXPRESSION, GROUNDED, expr, sym, freshVariable, atomEq } from '../atom/atom.js';
import { standardOperations } from '../stdlib/index.js';
import { S } from '../atom/symbols.js';
import { numberOf, boolOf } from '../atom/grounded.js';
import { varKey, distinctVariables, type VarKey } from '../match/bindings.js';
import { spaceOf } from '../space/space.js';
import { operationOf, Signal } from '../stdlib/operation.js';
import { isErrorAtom } from '../interp/values.js';
import { NO_SLOTS, Pattern, Template, isCustomMatcher, type SlotMap } from './patterns.js';
import { TY_UNDEF, TY_NUMBER, TY_BOOL, NR_PLAIN, NR_BAIL, NR_EMPTY } from './opcodes.js';
import { PASS_AS_WRITTEN, type Ir, type LoweredRule, type MIr, type NativeOp, type SlotCheck } from './ir.js';
import { isSizeFunction } from './lean.js';
import { getAtomTypes, getValidTypes, isFunctionType, isMetaType, matchTypes, metaTypeOf } from '../space/types.js';
import { Bindings } from '../match/bindings.js';
import { typeSpec } from './type-specs.js';
import { callTyping, passesOpenFormal } from './type-unify.js';
import { isStandardOp, MINIMAL_INSTRUCTIONS, MINIMAL_RUN, type SpaceInfo } from './space-info.js';
import { ASSERTS, type AssertShape } from './assert-forms.js';
import { groundTupleHead } from './tuple-head.js';
import { lowerGroundedCall, type GroundedLowering } from './grounded-calls.js';

/** The whole rule or form cannot be compiled (the caller falls back for all of it). */
export class CompileFail extends Signal {}
/** This subterm cannot be compiled (the message says why); it becomes a fallback node. */
class Unsupported extends Signal {}

export interface ProcResolver {
  /** Procedure id for `(head a1 … an)`, 'none' when no rule can apply, null when the call must fall back. */
  resolve(head: Atom, arity: number): number | 'none' | null;
  /** The same for `eval` of the call: a procedure whose rule bodies are run as minimal-MeTTa code. */
  resolveMinimal(head: Atom, arity: number): number | 'none' | null;
}

const LET = sym('let');

const ARG_DOES_NOT_FIT = 'an argument whose type does not fit (or is not known before the call)';

const COLLAPSE = sym('collapse');

let opsByName: Map<string, Atom> | null = null;
function standardOp(name: string): Atom {
  opsByName ??= new Map(standardOperations().map((op) => [operationOf(op)!.name, op]));
  const op = opsByName.get(name);
  if (op === undefined) throw new Error(`no standard operation ${name}`);
  return op;
}

const NATIVES = new Map<string, NativeOp>();
for (const [name, kind, code, arity, ret] of [
  ['+', 'arith', 0, 2, TY_NUMBER], ['-', 'arith', 1, 2, TY_NUMBER], ['*', 'arith', 2, 2, TY_NUMBER],
  ['/', 'arith', 3, 2, TY_NUMBER], ['%', 'arith', 4, 2, TY_NUMBER],
  ['<', 'cmp', 0, 2, TY_BOOL], ['>', 'cmp', 1, 2, TY_BOOL], ['<=', 'cmp', 2, 2, TY_BOOL], ['>=', 'cmp', 3, 2, TY_BOOL],
  ['==', 'eq', 0, 2, TY_BOOL], ['and', 'logic', 0, 2, TY_BOOL], ['or', 'logic', 1, 2, TY_BOOL], ['not', 'not', 0, 1, TY_BOOL],
] as const) {
  NATIVES.set(name, { name, kind, code, arity, ret });
}

/** How an argument's type looks before evaluation (what checkFunctionType sees). */
// A: a library operation typed to give an Atom, which fits any type without binding one (get-metatype).
type ArgClass = 'N' | 'B' | 'U' | 'D' | 'NU' | 'BU' | 'A' | 'X';

/** Variables of one rule mapped to frame slots; arguments take the first slots. */
class Scope {
  readonly slots: SlotMap = new Map();
  nslots: number;
  private readonly occurrences = new Map<VarKey, number>();
  constructor(arity: number, whole: Atom) {
    this.nslots = arity;
    countVars(whole, this.occurrences);
  }
  slotOf(v: Atom): number {
    const k = varKey(v);
    let s = this.slots.get(k);
    if (s === undefined) {
      s = this.nslots++;
      this.slots.set(k, s);
    }
    return s;
  }
  /** Gives every variable of `a` a slot. */
  declare(a: Atom): void {
    const seen = new Map<VarKey, number>();
    countVars(a, seen);
    for (const k of seen.keys()) if (!this.slots.has(k)) this.slots.set(k, this.nslots++);
  }
  /** Each slot's variable name ('v' for a fresh variable's slot or a temporary). */
  names(): string[] {
    const out = new Array<string>(this.nslots).fill('v');
    for (const [k, s] of this.slots) if (typeof k === 'string') out[s] = k;
    return out;
  }
  /** Slots of the variables of `sub` that also occur outside it: a fallback needs them bound. */
  outsideSlots(sub: Atom): number[] {
    const inner = new Map<VarKey, number>();
    countVars(sub, inner);
    return this.outside(inner);
  }
  /** declare(sub), then outsideSlots(sub), counting sub's variables once. */
  declareWithOutside(sub: Atom): number[] {
    const inner = new Map<VarKey, number>();
    countVars(sub, inner);
    for (const k of inner.keys()) if (!this.slots.has(k)) this.slots.set(k, this.nslots++);
    return this.outside(inner);
  }
  private outside(inner: ReadonlyMap<VarKey, number>): number[] {
    const out: number[] = [];
    for (const [k, n] of inner) if ((this.occurrences.get(k) ?? 0) > n) out.push(this.slots.get(k)!);
    return out;
  }
}

function countVars(a: Atom, into: Map<VarKey, number>): void {
  if (a.ground) return;
  const stack: Atom[] = [a];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.ground) continue;
    if (x.kind === VARIABLE) into.set(varKey(x), (into.get(varKey(x)) ?? 0) + 1);
    else for (const it of x.items) stack.push(it);
  }
}

export class Lowerer {
  private readonly info: SpaceInfo;
  private readonly procs: ProcResolver;
  private sc: Scope = new Scope(0, S.empty);
  /** Lowering a top-level form (its variables are as written; a rule's are renamed per call). */
  private inForm = false;
  private readonly grounded: GroundedLowering;

  constructor(info: SpaceInfo, procs: ProcResolver) {
    this.info = info;
    this.procs = procs;
    this.grounded = {
      info, eval: (x) => this.eval(x), asWritten: (x) => this.build(x),
      template: (a) => {
        this.sc.declare(a);
        return new Template(a, this.sc.slots);
      },
    };
  }

  /** `(= (f p1 … pn) body)`: head patterns and the body in result position. */
  lowerRule(rule: Atom): LoweredRule {
    return this.lowerRuleWith(rule, (body) => this.result(body, NR_BAIL));
  }

  /** A rule as `eval` finds it, its body then run as minimal-MeTTa code (its raw results). */
  lowerMinimalRule(rule: Atom): LoweredRule {
    return this.lowerRuleWith(rule, (body) => ({ t: 'minimal', body: this.run(body), ret: null }));
  }

  private lowerRuleWith(rule: Atom, lowerBody: (body: Atom) => Ir): LoweredRule {
    const head = rule.items[1]!;
    const arity = head.items.length - 1;
    const sc = new Scope(arity, rule);
    this.sc = sc;
    this.inForm = false;
    const pats: Array<Pattern | null> = [];
    for (let i = 0; i < arity; i++) {
      const p = head.items[i + 1]!;
      if (p.kind === VARIABLE && !sc.slots.has(varKey(p))) {
        sc.slots.set(varKey(p), i);
        pats.push(null);
      } else {
        sc.declare(p);
        pats.push(new Pattern(p, sc.slots));
      }
    }
    let body: Ir;
    try {
      body = lowerBody(rule.items[2]!);
    } catch (e) {
      if (e instanceof Unsupported) throw new CompileFail('rule body is NotReducible');
      throw e;
    }
    return { source: rule, pats, body, nslots: sc.nslots, slotNames: sc.names() };
  }

  /** A top-level form: `metta(form)`. */
  lowerForm(form: Atom): LoweredRule {
    const sc = new Scope(0, form);
    this.sc = sc;
    this.inForm = true;
    sc.declare(form);
    const body = this.eval(form);
    const formVars: Array<readonly [number, Atom]> = [];
    for (const v of distinctVariables(form)) {
      const s = sc.slots.get(varKey(v));
      if (s !== undefined) formVars.push([s, v]);
    }
    return { source: form, pats: [], body, nslots: sc.nslots, slotNames: sc.names(), formVars };
  }

  /** An atom in a `metta` position. */
  private eval(a: Atom): Ir {
    switch (a.kind) {
      case VARIABLE:
        return { t: 'slot', slot: this.sc.slotOf(a), nr: NR_PLAIN };
      case SYMBOL:
      case GROUNDED:
        return { t: 'const', atom: a };
      default:
        if (a.items.length === 0 || (a.ground && isErrorAtom(a))) return { t: 'const', atom: a };
        if (isErrorAtom(a)) return this.build(a);
        try {
          return this.expression(a);
        } catch (e) {
          if (e instanceof Unsupported) return this.fallback(a, e.message);
          throw e;
        }
    }
  }

  /** An atom in a result position (what a rule, branch or template gives back before it is evaluated). */
  private result(a: Atom, nr: number): Ir {
    if (a.kind === VARIABLE) return { t: 'slot', slot: this.sc.slotOf(a), nr };
    if (a === S.notReducible) {
      if (nr === NR_EMPTY) return { t: 'const', atom: S.empty };
      throw new Unsupported('a NotReducible result');
    }
    return this.eval(a);
  }

  /**
   * In a top-level form, are the variables of `x` (an atom passed as written) found nowhere
   * else? Nothing can bind them then, so the tree-walker passes them as they are written.
   */
  private freeInForm(x: Atom): boolean {
    return this.inForm && this.sc.outsideSlots(x).length === 0;
  }

  private build(a: Atom): Ir {
    this.sc.declare(a);
    return { t: 'build', tpl: new Template(a, this.sc.slots) };
  }

  /** `a` as written, not evaluated: the atom itself when ground, else built with its slots substituted. */
  private asWritten(a: Atom): Ir {
    return a.ground ? { t: 'const', atom: a } : this.build(a);
  }

  private fallback(a: Atom, reason: string): Ir {
    return { t: 'fallback', tpl: this.fallbackTemplate(a, reason) };
  }

  /** The tree-walker's evaluation of `a`; `reason` says why (counted by `--stats`). */
  private fallbackTemplate(a: Atom, reason: string): Template {
    if (a.ground) return new Template(a, NO_SLOTS, [], reason);
    return new Template(a, this.sc.slots, this.sc.declareWithOutside(a), reason, true);
  }

  private expression(a: Atom): Ir {
    const items = a.items;
    const h = items[0]!;
    if (h.kind === GROUNDED) {
      const op = operationOf(h);
      if (op === null) {
        // A value-headed tuple is data unless some rule is headed by a value (eval then looks it up).
        if (this.info.space.hasValueHeadedRules()) throw new Unsupported('a value-headed tuple while rules are headed by values');
        return this.cons(a);
      }
      if (!isStandardOp(h)) throw new Unsupported('a grounded operation bound by the user');
      const native = NATIVES.get(op.name);
      if (native !== undefined && items.length - 1 === native.arity) return this.native(a, native);
      if (op.name === 'superpose' && items.length === 2) return this.superpose(a);
      if (op.name === 'match' && items.length === 4) return this.match(a);
      if (op.name === 'add-atom' && items.length === 3 && spaceOf(items[1]!) !== null) {
        const x = items[2]!;
        const slow = this.fallbackTemplate(a, 'add-atom where a result type is asked for');
        return { t: 'add-atom', space: items[1]!, atom: x.ground || this.freeInForm(x) ? { t: 'const', atom: x } : this.build(x), slow };
      }
      const direct = lowerGroundedCall(a, h, this.grounded);
      if (typeof direct === 'string') throw new Unsupported(direct);
      return direct;
    }
    if (h.kind === EXPRESSION && (this.untypedApplication(h) || groundTupleHead(this.info, h))) {
      // An expression head makes the whole a tuple: every item evaluated, then the result called (usually plain data).
      return { t: 'cons', items: items.map((x) => this.eval(x)), evalResult: true };
    }
    if (h.kind !== SYMBOL) throw new Unsupported('a call with a variable or grounded non-operation head');
    if (this.info.specialsIntact) {
      switch (h.name) {
        case 'if': if (items.length === 4) return this.ifForm(a); break;
        case 'let': if (items.length === 4) return this.letForm(items[1]!, items[2]!, items[3]!); break;
        case 'let*': if (items.length === 3) return this.letStar(items[1]!, items[2]!); break;
        case 'case': if (items.length === 3) return this.caseForm(items[1]!, items[2]!); break;
        case 'collapse': if (items.length === 2) return { t: 'collapse', body: this.eval(items[1]!) };
          break;
        case 'quote': if (items.length === 2) return this.asWritten(a);
          break;
        case 'car-atom': case 'cdr-atom': if (items.length === 2) return this.listOp(a);
          break;
        case 'cons-atom': if (items.length === 3) return this.consAtom(a);
          break;
        case 'chain': case 'unify': return this.minimalCall(a);
        default: {
          const check = ASSERTS.get(h.name);
          if (check !== undefined && items.length === check.arity + 1) return this.assertForm(a, check);
        }
      }
    }
    if (this.info.typed(h)) return this.typedCall(a, h);
    return this.untypedCall(a, h);
  }

  /** `(f a1 … an)` evaluated by the tuple rule: every item against %Undefined%, then the call. */
  private untypedCall(a: Atom, h: Atom): Ir {
    const proc = this.procs.resolve(h, a.items.length - 1);
    if (proc === null) throw new Unsupported('rules the compiler cannot index');
    if (proc === 'none') return this.cons(a);
    const args = a.items.slice(1).map((x) => this.eval(x));
    if (args.length === 1 && args[0]!.t === 'collapse' && isSizeFunction(this.info.rulesFor(h, 1))) return { t: 'call', proc, args, sizeOfArg: true };
    return { t: 'call', proc, args };
  }

  /**
   * The assert family as its library definition reads: collapse the actual
   * (and, unless `…ToResult`, the expected) results here on the VM, then hand
   * only the comparison to the grounded helper. Run whole on the tree-walker,
   * the collapsed program would not be compiled.
   */
  private assertForm(a: Atom, check: AssertShape): Ir {
    const items = a.items;
    const actual = freshVariable('actual');
    const expected = check.evaluatesExpected ? freshVariable('expected') : items[2]!;
    const compare = expr([standardOp(check.helper), actual, expected, expr(items.slice(0, 3)), ...items.slice(3)]);
    const inner = (): Ir => (check.evaluatesExpected ? this.chainLet(expected, expr([COLLAPSE, items[2]!]), () => this.result(compare, NR_BAIL)) : this.result(compare, NR_BAIL));
    return this.chainLet(actual, expr([COLLAPSE, items[1]!]), inner);
  }

  /**
   * A fresh variable bound to a value as `chain` binds it (the library's assert
   * definitions): no abort when the value is an Error, as `((Error) …)` collapsed from `Error` is.
   */
  private chainLet(v: Atom, value: Atom, body: () => Ir): Ir {
    this.sc.declare(v);
    const pat = new Pattern(v, this.sc.slots);
    return { t: 'let', pat, value: this.eval(value), literalSlot: -1, literal: true, body: body() };
  }

  /** The one declared type of `h` when it is a ground function type; else why a call of it is not compiled. */
  private functionType(h: Atom): Atom | string {
    const ts = getAtomTypes(this.info.space, h);
    if (ts.length !== 1 || !isFunctionType(ts[0]!.type)) return 'several declared types, or a non-function type';
    const fn = ts[0]!.type;
    return fn.ground ? fn : 'a parametric function type';
  }

  /** R of the one declared type `(-> … R)` of `h` when R has no type variables (a parametric type's too): every application has it. */
  private declaredResult(h: Atom): Atom | null {
    const ts = getAtomTypes(this.info.space, h);
    if (ts.length !== 1 || !isFunctionType(ts[0]!.type)) return null;
    const ret = ts[0]!.type.items[ts[0]!.type.items.length - 1]!;
    return ret.ground ? ret : null;
  }

  /**
   * `(f a1 … an)` with `(: f (-> T1 … Tn R))`: what the tree-walker's
   * interpretExpression does, with the checks the declarations prove left out.
   */
  private typedCall(a: Atom, h: Atom): Ir {
    const typing = callTyping(this.info, a);
    // A head with no function type is evaluated as an untyped one is.
    if (typing.kind === 'tuple') return this.untypedCall(a, h);
    if (typing.kind === 'unknown') {
      if (!a.ground && typing.reason === 'a parametric function type') return this.parametricCall(a, h);
      throw new Unsupported(typing.reason);
    }
    const { formals, proven } = typing;
    try {
      return this.checkedCall(a, h, formals, typing.ret, proven);
    } catch (e) {
      // An argument whose type is known only at run time (a constructor term): check the call there.
      if (e instanceof Unsupported && e.message === ARG_DOES_NOT_FIT && !a.ground) return this.parametricCall(a, h, e.message);
      throw e;
    }
  }

  /** typedCall with the formal and result types it applies. */
  private checkedCall(a: Atom, h: Atom, formals: readonly Atom[], declaredRet: Atom, proven: boolean): Ir {
    const args = a.items.slice(1);
    if (formals.length !== args.length) {
      const err = expr([S.error, a, S.incorrectNumberOfArguments]);
      if (!err.ground) throw new Unsupported('a call with the wrong number of arguments');
      return { t: 'const', atom: err, computed: true };
    }
    let ret = declaredRet;
    const declared = ret === S.expressionType ? { declared: typeSpec(ret) } : {};
    if (ret === S.expressionType) ret = S.undefinedType;
    // A meta result type returns the body unevaluated (or cast by kind): not compiled.
    if (isMetaType(ret)) throw new Unsupported('a meta-typed result');
    const checks: SlotCheck[] = [];
    const argTys: number[] = [];
    const irs: Ir[] = [];
    args.forEach((x, i) => {
      const f = formals[i]!;
      if (isMetaType(f)) {
        if (f !== S.atomType && (x.kind === VARIABLE || metaTypeOf(x) !== f)) {
          // A variable's value is tested at run time; a literal of another kind is checked (and maybe evaluated) by the tree-walker.
          if (x.kind !== VARIABLE) throw new Unsupported('an argument of another meta type');
          checks.push({ slot: this.sc.slotOf(x), ty: typeSpec(f) });
        }
        argTys.push(PASS_AS_WRITTEN);
        irs.push(this.asWritten(x));
        return;
      }
      if (!f.ground) {
        // A type variable the arguments leave open would be bound while evaluating (the tree-walker's
        // cast), unless the argument is a value that casts to anything without binding.
        if (!passesOpenFormal(this.info, x, f)) throw new Unsupported('a parametric type the arguments leave open');
        argTys.push(PASS_AS_WRITTEN);
        irs.push({ t: 'const', atom: x });
        return;
      }
      argTys.push(typeSpec(f));
      irs.push(this.eval(x));
      if (f === S.undefinedType || proven) return;
      if (x.kind === VARIABLE) checks.push({ slot: this.sc.slotOf(x), ty: typeSpec(f) });
      else if (!this.argFits(x, f)) throw new Unsupported(ARG_DOES_NOT_FIT);
    });
    const proc = this.procs.resolve(h, args.length);
    if (proc === null) throw new Unsupported('rules the compiler cannot index');
    // A minimal-MeTTa instruction (unify, chain, cons-atom …) is run, not kept as data.
    if (proc === 'none' && MINIMAL_INSTRUCTIONS.has(h.name)) throw new Unsupported(`the instruction ${h.name}`);
    // An open result type only matters to a body evaluated against it; a constructor (no rules) has none.
    if (!ret.ground && proc !== 'none') throw new Unsupported('a parametric result type the arguments leave open');
    const typed = { argTys, checks, ret: typeSpec(ret), ...declared, slow: this.fallbackTemplate(a, 'a typed call that fails its type check') };
    if (proc === 'none') return { t: 'cons', items: [{ t: 'const', atom: h }, ...irs], typed };
    return { t: 'call', proc, args: irs, typed };
  }

  /**
   * `(f a1 … an)` with one parametric declared type and arguments that are not
   * ground: the type variables are unified per call at run time (TYPARAM).
   * Compiled when every argument is a value as written (a variable, or data
   * built from constructors), proven at run time to evaluate to itself, or a
   * call whose value does not depend on the type asked for (a native
   * operation, or a call of a head with one ground type and a plain result type).
   */
  private parametricCall(a: Atom, h: Atom, why = 'a parametric function type'): Ir {
    const ts = getAtomTypes(this.info.space, h);
    const fn = ts[0]!.type;
    const formals = fn.items.slice(1, -1);
    const args = a.items.slice(1);
    if (formals.length !== args.length || args.length > 30) throw new Unsupported(why);
    let ret = fn.items[fn.items.length - 1]!;
    if (ret === S.expressionType) ret = S.undefinedType;
    if (isMetaType(ret)) throw new Unsupported('a meta-typed result');
    // Every variable must be bound before the call (TYPARAM checks the call as written, values substituted).
    this.sc.declare(a);
    const inner = new Map<VarKey, number>();
    countVars(a, inner);
    if (this.sc.outsideSlots(a).length !== inner.size) throw new Unsupported(why);
    const direct: boolean[] = [];
    const irs: Ir[] = [];
    args.forEach((x, i) => {
      if (isMetaType(formals[i]!) || this.builtValue(x)) {
        direct.push(true);
        irs.push(x.kind === VARIABLE ? { t: 'slot', slot: this.sc.slotOf(x), nr: NR_PLAIN } : this.asWritten(x));
      } else if (this.typeIndependent(x)) {
        direct.push(false);
        irs.push(this.eval(x));
      } else throw new Unsupported(why);
    });
    const proc = this.procs.resolve(h, args.length);
    if (proc === null) throw new Unsupported('rules the compiler cannot index');
    if (proc === 'none' && MINIMAL_INSTRUCTIONS.has(h.name)) throw new Unsupported(`the instruction ${h.name}`);
    const open = !ret.ground && proc !== 'none';
    return {
      t: 'typed-dyn', head: h, proc, args: irs, direct, ret: ret.ground ? typeSpec(ret) : TY_UNDEF,
      retSlot: open ? this.sc.nslots++ : -1, call: new Template(a, this.sc.slots),
      slow: this.fallbackTemplate(a, 'a parametric typed call its run-time check sends to the tree-walker'),
    };
  }

  /** A variable, or an atom whose instances may evaluate to themselves: data built from heads without rules. */
  private builtValue(x: Atom): boolean {
    if (x.kind !== EXPRESSION) return true;
    if (x.items.length === 0) return true;
    const h = x.items[0]!;
    if (h.kind !== SYMBOL || h === S.empty || MINIMAL_INSTRUCTIONS.has(h.name)) return false;
    const rules = this.info.rulesFor(h, x.items.length - 1);
    if (rules === null || rules.length > 0) return false;
    return x.items.every((it, i) => i === 0 || this.builtValue(it));
  }

  /**
   * A call whose evaluation against any type is its evaluation against
   * %Undefined% plus a check of its result type (which the caller's type check
   * has already made): a native operation, or a call of a head with one ground
   * function type whose result type is not a meta type.
   */
  private typeIndependent(x: Atom): boolean {
    if (x.kind !== EXPRESSION || x.items.length === 0) return false;
    const h = x.items[0]!;
    if (h.kind === GROUNDED) {
      const op = operationOf(h);
      const n = op === null ? undefined : NATIVES.get(op.name);
      return n !== undefined && isStandardOp(h) && n.arity === x.items.length - 1;
    }
    if (h.kind !== SYMBOL || !this.info.typed(h) || this.info.exprTypeDecls) return false;
    if (this.info.specialsIntact && ['if', 'let', 'let*', 'case', 'collapse', 'quote', 'car-atom', 'cdr-atom'].includes(h.name)) return false;
    const fn = this.functionType(h);
    if (typeof fn === 'string') return false;
    const ret = fn.items[fn.items.length - 1]!;
    return !isMetaType(ret) || ret === S.expressionType;
  }

  /** Do the types of `x` (before evaluation) always fit formal type `f` (not a variable, not a meta type)? */
  private argFits(x: Atom, f: Atom): boolean {
    const cls = this.argClass(x);
    if (cls === 'U') return true;
    if (f === S.numberType) return cls === 'N' || cls === 'NU';
    if (f === S.boolType) return cls === 'B' || cls === 'BU';
    // A call of a typed function is of its declared result type, or of %Undefined% when ill-typed.
    const h = x.kind === EXPRESSION && x.items.length > 0 ? x.items[0]! : null;
    if (h !== null && h.kind === SYMBOL && this.info.typed(h) && !this.info.exprTypeDecls) {
      const ret = this.declaredResult(h);
      if (ret !== null) return matchTypes(f, ret, Bindings.EMPTY) !== null;
    }
    if (!x.ground) return false;
    const ts = getValidTypes(this.info.space, x);
    return ts.length === 0 || ts.some((t) => matchTypes(f, t, Bindings.EMPTY) !== null);
  }

  /** The type class of a call of typed `h` before evaluation: its declared result type, or %Undefined% when ill-typed. */
  private resultClass(h: Atom): ArgClass {
    if (this.info.exprTypeDecls) return 'X';
    const ret = this.declaredResult(h);
    return ret === S.numberType ? 'NU' : ret === S.boolType ? 'BU' : ret === S.undefinedType ? 'U' : 'X';
  }

  /** `(car-atom x)`, `(cdr-atom x)`: typed `(-> Expression …)`, so x is not evaluated. */
  private listOp(a: Atom): Ir {
    const [h, x] = a.items as [Atom, Atom];
    const checks: SlotCheck[] = [];
    if (x.kind === VARIABLE) checks.push({ slot: this.sc.slotOf(x), ty: typeSpec(S.expressionType) });
    else if (x.kind !== EXPRESSION) throw new Unsupported(`${h.name} of an atom that is not an expression`);
    const arg = this.asWritten(x);
    const slow = this.fallbackTemplate(a, `${h.name} of a value that is not an expression`);
    return { t: 'list-op', op: h.name === 'car-atom' ? 0 : 1, head: h, arg, checks, slow };
  }

  private consAtom(a: Atom): Ir {
    const [h, x, t] = a.items as [Atom, Atom, Atom];
    const checks: SlotCheck[] = [];
    if (t.kind === VARIABLE) checks.push({ slot: this.sc.slotOf(t), ty: typeSpec(S.expressionType) });
    else if (t.kind !== EXPRESSION) throw new Unsupported('cons-atom onto an atom that is not an expression');
    const slow = this.fallbackTemplate(a, 'cons-atom onto a value that is not an expression, or a result type asked for');
    return { t: 'cons-atom', head: h, first: this.asWritten(x), rest: this.asWritten(t), checks, slow };
  }

  /** `(f …)` with f an untyped symbol, and no types declared for expressions: its type is %Undefined%. */
  private untypedApplication(h: Atom): boolean {
    const f = h.items[0];
    return f !== undefined && f.kind === SYMBOL && !this.info.typed(f) && !this.info.exprTypeDecls;
  }

  private cons(a: Atom): Ir {
    return { t: 'cons', items: a.items.map((x) => this.eval(x)) };
  }

  /** The pre-evaluation type class of an argument of a typed operation. */
  private argClass(x: Atom): ArgClass {
    switch (x.kind) {
      case VARIABLE: return 'D';
      case GROUNDED: return numberOf(x) !== null ? 'N' : boolOf(x) !== null ? 'B' : 'X';
      case SYMBOL: return this.info.typed(x) ? 'X' : 'U';
      default: {
        if (x.items.length === 0) return 'U';
        if (isErrorAtom(x)) return 'X';
        const h = x.items[0]!;
        if (h.kind === GROUNDED) {
          const op = operationOf(h);
          if (op === null || !isStandardOp(h)) return 'X';
          const n = NATIVES.get(op.name);
          if (n !== undefined) return n.ret === TY_NUMBER ? 'NU' : 'BU';
          if (op.name === 'superpose' || op.name === 'match') return 'U';
          const ty = op.type;
          return ty.kind === EXPRESSION && ty.items[0] === S.arrow && ty.items[ty.items.length - 1] === S.atomType ? 'A' : 'X';
        }
        if (h.kind !== SYMBOL) return 'X';
        if (this.info.specialsIntact && ['if', 'let', 'let*', 'case', 'collapse', 'quote'].includes(h.name)) return 'U';
        if (this.info.typed(h)) return this.resultClass(h);
        return this.info.exprTypeDecls ? 'X' : 'U';
      }
    }
  }

  private native(a: Atom, op: NativeOp): Ir {
    const args = a.items.slice(1);
    const cls = args.map((x) => this.argClass(x));
    // (== Expression (get-metatype $x)): nothing but Atom-typed operations and plain literals, so nothing
    // fixes $t, and each operand is evaluated as against %Undefined%. Anywhere else such an operand is unknown.
    const atomOnly = op.kind === 'eq' && cls.includes('A') && args.every((x, i) => cls[i] === 'A' || (cls[i] === 'U' && isPlainLiteral(x)));
    if (atomOnly) {
      const slow = this.fallbackTemplate(a, 'an operand of == with a result type asked for');
      return { t: 'native', op, opAtom: a.items[0]!, args: args.map((x) => this.eval(x)), formal: TY_UNDEF, checks: [], slow };
    }
    if (cls.includes('X') || cls.includes('A')) throw new Unsupported('an operand whose type is not known before evaluation');
    let formal: number;
    if (op.kind === 'arith' || op.kind === 'cmp') formal = TY_NUMBER;
    else if (op.kind === 'logic' || op.kind === 'not') formal = TY_BOOL;
    else {
      const hasN = cls.some((c) => c === 'N' || c === 'NU');
      const hasB = cls.some((c) => c === 'B' || c === 'BU');
      const exprU = args.some((x, i) => cls[i] === 'U' && x.kind === EXPRESSION);
      if (hasN && hasB) throw new Unsupported('operands of two types');
      // A type decided only by an operation's result type can turn into %Undefined% when that
      // operation is ill-typed, which would change how a sibling call is evaluated.
      if (hasN) {
        if (!cls.includes('N') && exprU) throw new Unsupported('an operand type decided by an operation');
        formal = TY_NUMBER;
      } else if (hasB) {
        if (!cls.includes('B') && exprU) throw new Unsupported('an operand type decided by an operation');
        formal = TY_BOOL;
      } else if (cls.filter((c) => c === 'D').length === 1 && args.every((x, i) => cls[i] === 'D' || (cls[i] === 'U' && isPlainLiteral(x)))) {
        // (== $x ()) or (== $x Nil): $t is the value's own type, which the literal (of type %Undefined%) fits.
        formal = TY_UNDEF;
      } else formal = cls.includes('D') ? TY_NUMBER : TY_UNDEF;
    }
    const bad = formal === TY_NUMBER ? ['B', 'BU'] : formal === TY_BOOL ? ['N', 'NU'] : [];
    if (cls.some((c) => bad.includes(c))) throw new Unsupported('an operand of the wrong type');
    const checks: SlotCheck[] = [];
    args.forEach((x, i) => {
      if (cls[i] === 'D') checks.push({ slot: this.sc.slotOf(x), ty: formal });
    });
    const slow = this.fallbackTemplate(a, `an operand of ${op.name} that is not a ${formal === TY_BOOL ? 'Bool' : 'Number'}, or a result type asked for`);
    return { t: 'native', op, opAtom: a.items[0]!, args: args.map((x) => this.eval(x)), formal, checks, slow };
  }

  private ifForm(a: Atom): Ir {
    const [, c, th, el] = a.items as [Atom, Atom, Atom, Atom];
    // A literal non-Bool condition is passed to `if` as written (no rule applies then).
    if ((c.kind === SYMBOL || c.kind === GROUNDED) && boolOf(c) === null) throw new Unsupported('a literal non-Bool if condition');
    this.sc.declare(a);
    const cls = this.argClass(c);
    if (cls !== 'B' && cls !== 'BU' && cls !== 'U' && cls !== 'D') throw new Unsupported('an if condition whose type is not known before evaluation');
    const checks: SlotCheck[] = cls === 'D' ? [{ slot: this.sc.slotOf(c), ty: TY_BOOL }] : [];
    const slow = this.fallbackTemplate(a, 'an if condition that is not a Bool');
    return {
      t: 'if', cond: this.eval(c), checks, then: this.result(th, NR_BAIL), else: this.result(el, NR_BAIL),
      thenTpl: new Template(th, this.sc.slots), elseTpl: new Template(el, this.sc.slots), slow,
    };
  }

  private letForm(p: Atom, v: Atom, body: Atom): Ir {
    if (isCustomMatcher(p)) throw new Unsupported('a custom matcher in a let pattern');
    this.sc.declare(p);
    const pat = new Pattern(p, this.sc.slots);
    const value = this.eval(v);
    const literalSlot = v.kind === VARIABLE ? this.sc.slotOf(v) : -1;
    const literal = (value.t === 'const' && value.computed !== true) || value.t === 'build';
    return { t: 'let', pat, value, literalSlot, literal, body: this.result(body, NR_BAIL) };
  }

  private letStar(pairs: Atom, body: Atom): Ir {
    // A NotReducible body gives back the library's inner call, which nested lets would not.
    if (pairs.kind !== EXPRESSION || body === S.notReducible) throw new Unsupported('a malformed let* (or a NotReducible body)');
    let nested = body;
    for (let i = pairs.items.length - 1; i >= 0; i--) {
      const pair = pairs.items[i]!;
      if (pair.kind !== EXPRESSION || pair.items.length !== 2) throw new Unsupported('a malformed let* pair');
      nested = expr([LET, pair.items[0]!, pair.items[1]!, nested]);
    }
    return pairs.items.length === 0 ? this.result(body, NR_BAIL) : this.eval(nested);
  }

  private caseForm(s: Atom, cases: Atom): Ir {
    if (cases.kind !== EXPRESSION) throw new Unsupported('a malformed case');
    for (const c of cases.items) {
      if (c.kind !== EXPRESSION || c.items.length !== 2 || isCustomMatcher(c.items[0]!)) throw new Unsupported('a malformed case branch (or a custom matcher)');
    }
    // Bindings made inside the scrutinee reach the templates in the tree-walker; the
    // compiled case gathers the scrutinee and so drops them: leave such cases to it.
    const binders = new Set<VarKey>();
    patternVars(s, binders);
    this.sc.declare(s);
    const outside = this.sc.outsideSlots(s);
    for (const k of binders) if (outside.includes(this.sc.slots.get(k)!)) throw new Unsupported('a case whose scrutinee binds variables the branches use');
    const scrut = this.eval(s);
    const out = cases.items.map((c) => {
      this.sc.declare(c.items[0]!);
      return { pat: new Pattern(c.items[0]!, this.sc.slots), body: this.result(c.items[1]!, NR_EMPTY) };
    });
    return { t: 'case', scrut, cases: out };
  }

  private superpose(a: Atom): Ir {
    const arg = a.items[1]!;
    if (arg.kind === VARIABLE) return { t: 'superpose-slot', slot: this.sc.slotOf(arg), slow: this.fallbackTemplate(a, 'superpose of a value that is not an expression') };
    if (arg.kind !== EXPRESSION) throw new Unsupported('superpose of a non-expression');
    for (const x of arg.items) if (x.kind === EXPRESSION && x.items.length === 2 && x.items[0] === S.function) throw new Unsupported('superpose of a (function …) alternative');
    return { t: 'superpose', alts: arg.items.map((x) => this.result(x, NR_BAIL)) };
  }

  /**
   * `(chain …)` or `(unify …)` in a metta position (types `(-> Atom Variable Atom %Undefined%)`,
   * `(-> Atom Atom Atom Atom %Undefined%)`: every argument as written): the instruction run as
   * minimal MeTTa, each result given back as metta_call_return does (M_RETURN).
   */
  private minimalCall(a: Atom): Ir {
    this.sc.declare(a);
    const body = this.run(a);
    return { t: 'minimal', body, ret: new Template(a, this.sc.slots), open: bindsVariables(a) };
  }

  /** What doMinimal gives for `a`: an instruction is run; anything else is data, its bound variables substituted. */
  private run(a: Atom): MIr {
    if (a.kind === VARIABLE) return this.data(a, true);
    if (a.kind !== EXPRESSION || a.items.length === 0) return { m: 'data', atom: a };
    const h = a.items[0]!;
    if (!MINIMAL_RUN.has(h)) return this.data(a, h.kind === VARIABLE);
    const items = a.items;
    if (h === S.chain && items.length === 4 && items[2]!.kind === VARIABLE) return this.chain(a);
    if (h === S.unify && items.length === 5) return this.unify(items, (x) => this.data(x));
    if (h === S.eval && items.length === 2) return this.evalOp(items[1]!);
    throw new Unsupported(`the instruction ${h.name}`);
  }

  /**
   * An atom as data, bound variables substituted. `run`: the atom stands where it is run and
   * its value is only known at run time (a variable, or a variable-headed template): a value
   * that is an instruction bails (the tree-walker would run it).
   */
  private data(a: Atom, run = false): MIr {
    if (a.kind === VARIABLE) return { m: 'slot', slot: this.sc.slotOf(a), run };
    if (a.ground) return { m: 'data', atom: a };
    this.sc.declare(a);
    return { m: 'build', tpl: new Template(a, this.sc.slots), run };
  }

  /**
   * `(chain A $v T)`: the chain substitutes each result of A for $v in T; binding $v's slot
   * instead means the same while $v occurs nowhere but in T (not in A, not outside the chain,
   * not as the variable of a chain in T, which the substitution would make malformed).
   */
  private chain(a: Atom): MIr {
    const [, value, v, body] = a.items as [Atom, Atom, Atom, Atom];
    this.sc.declare(a);
    const slot = this.sc.slotOf(v);
    if (this.sc.outsideSlots(a).includes(slot) || occursIn(v, value) || rebindsChainVar(v, body)) {
      throw new Unsupported('a chain whose variable occurs outside its template');
    }
    // `(chain X $v $v)` runs X's result: for `(eval (f …))` that is the rule body, for `unify` the branch taken.
    if (body.kind === VARIABLE && varKey(body) === varKey(v) && value.kind === EXPRESSION && value.items.length > 0) {
      const vh = value.items[0]!;
      if (vh === S.eval && value.items.length === 2) {
        const call = this.ruleCall(value.items[1]!);
        if (call !== null) return call;
      }
      if (vh === S.unify && value.items.length === 5) return this.unify(value.items, (x) => this.run(x));
    }
    return { m: 'chain', value: this.run(value), v: new Pattern(v, this.sc.slots), body: this.run(body) };
  }

  /** `(f a…)` as `(chain (eval …) $v $v)` runs it: each matching rule's body run (a minimal procedure); no rule: NotReducible. */
  private ruleCall(x: Atom): MIr | null {
    if (x.kind !== EXPRESSION || x.items.length === 0) return null;
    const h = x.items[0]!;
    if (h.kind !== SYMBOL || h === S.empty || MINIMAL_RUN.has(h)) return null;
    const proc = this.procs.resolveMinimal(h, x.items.length - 1);
    if (proc === null) throw new Unsupported('rules the compiler cannot index');
    if (proc === 'none') return { m: 'data', atom: S.notReducible };
    return { m: 'call', proc, args: x.items.slice(1).map((y) => this.data(y)) };
  }

  /**
   * `(unify A P then else)` with A's value ground (a value with variables bails when built),
   * so the two-sided unification is P matched against it. `branch` lowers then and else: as data,
   * or run (inside `(chain (unify …) $v $v)`).
   */
  private unify(items: readonly Atom[], branch: (x: Atom) => MIr): MIr {
    const [, value, p, th, el] = items as [Atom, Atom, Atom, Atom, Atom];
    // A space on either side matches by querying itself; a variable pattern's value could be one.
    if (p.kind === VARIABLE || isCustomMatcher(p) || isCustomMatcher(value)) throw new Unsupported('unify with a variable pattern or a custom matcher');
    const v = this.data(value);
    this.sc.declare(p);
    const pat = new Pattern(p, this.sc.slots);
    return { m: 'unify', value: v, pat, then: branch(th), else: branch(el) };
  }

  /** `(eval (op a b))`: a native arithmetic or comparison, its operands as written (Numbers, or slots checked to hold one). */
  private evalOp(x: Atom): MIr {
    const h = x.kind === EXPRESSION && x.items.length === 3 ? x.items[0]! : null;
    const op = h === null || h.kind !== GROUNDED || !isStandardOp(h) ? null : operationOf(h);
    const native = op === null ? undefined : NATIVES.get(op.name);
    if (native === undefined || native.arity !== 2 || (native.kind !== 'arith' && native.kind !== 'cmp')) {
      throw new Unsupported('eval of anything but arithmetic or a comparison');
    }
    const checks: SlotCheck[] = [];
    const args = x.items.slice(1).map((y): MIr => {
      if (y.kind === VARIABLE) {
        const slot = this.sc.slotOf(y);
        checks.push({ slot, ty: TY_NUMBER });
        return { m: 'slot', slot, run: false };
      }
      if (numberOf(y) === null) throw new Unsupported('eval of an operation on a non-number');
      return { m: 'data', atom: y };
    });
    return { m: 'op', op: native, opAtom: h!, args, checks };
  }

  private match(a: Atom): Ir {
    const [, sp, p, tpl] = a.items as [Atom, Atom, Atom, Atom];
    if (spaceOf(sp) === null || isCustomMatcher(p)) throw new Unsupported('match on a non-space or with a custom matcher');
    this.sc.declare(p);
    if (p.kind === EXPRESSION && p.items.length > 0 && p.items[0] !== S.comma && atomEq(tpl, p)) {
      // The template is the pattern, `(match &self (r $x $y) (r $x $y))`: each answer's
      // instance of it is the matched atom, so the query hands that atom over (the stored
      // one, not a copy) in a slot of its own, and the result is that value evaluated.
      const whole = this.sc.slotOf(freshVariable('matched'));
      return { t: 'match', space: sp, pat: new Pattern(p, this.sc.slots, whole), body: { t: 'slot', slot: whole, nr: NR_BAIL } };
    }
    const pat = new Pattern(p, this.sc.slots);
    let body = this.result(tpl, NR_BAIL);
    // A template headed by one of the pattern's variables, say `($a $b $c)`: nothing to compile
    // until the match binds it, but every answer makes it ground. Build it and evaluate the value
    // (data evaluates to itself without leaving the VM) instead of a tree-walker call per answer.
    if (body.t === 'fallback' && tpl.kind === EXPRESSION && tpl.items.length > 0 && tpl.items[0]!.kind === VARIABLE) {
      const inPattern = new Set<VarKey>();
      countInto(p, inPattern);
      const inTemplate = new Set<VarKey>();
      countInto(tpl, inTemplate);
      if ([...inTemplate].every((k) => inPattern.has(k))) body = { t: 'eval-built', tpl: new Template(tpl, this.sc.slots), nr: NR_BAIL };
    }
    return { t: 'match', space: sp, pat, body };
  }
}

/** Does `v` occur in `a`? */
function occursIn(v: Atom, a: Atom): boolean {
  const m = new Map<VarKey, number>();
  countVars(a, m);
  return m.has(varKey(v));
}

/** Does minimal code `a` bind variables (a chain's variable, a unify pattern's)? They were free in the call as given. */
function bindsVariables(a: Atom): boolean {
  if (a.kind !== EXPRESSION || a.ground) return false;
  if (a.items[0] === S.chain && a.items.length === 4 && a.items[2]!.kind === VARIABLE) return true;
  if (a.items[0] === S.unify && a.items.length === 5 && !a.items[2]!.ground) return true;
  return a.items.some(bindsVariables);
}

/** Is `v` the variable of a chain nested in `a` (substituted by the outer chain, the inner one is malformed)? */
function rebindsChainVar(v: Atom, a: Atom): boolean {
  if (a.kind !== EXPRESSION || a.ground) return false;
  if (a.items[0] === S.chain && a.items.length === 4 && a.items[2]!.kind === VARIABLE && varKey(a.items[2]!) === varKey(v)) return true;
  return a.items.some((x) => rebindsChainVar(v, x));
}

/** An untyped symbol or `()`: its type is %Undefined%, it evaluates to itself against any type. */
function isPlainLiteral(x: Atom): boolean {
  return (x.kind === SYMBOL && x !== S.empty) || (x.kind === EXPRESSION && x.items.length === 0);
}

/** Variables in pattern positions of let, let*, case and match forms inside `a` (they get bound there). */
function patternVars(a: Atom, into: Set<VarKey>): void {
  if (a.kind !== EXPRESSION || a.ground) return;
  const h = a.items[0];
  if (h !== undefined && h.kind === SYMBOL) {
    if (h.name === 'let' && a.items.length === 4) countInto(a.items[1]!, into);
    if (h.name === 'case' && a.items.length === 3 && a.items[2]!.kind === EXPRESSION) {
      for (const c of a.items[2]!.items) if (c.kind === EXPRESSION && c.items.length > 0) countInto(c.items[0]!, into);
    }
    if (h.name === 'let*' && a.items.length === 3 && a.items[1]!.kind === EXPRESSION) {
      for (const c of a.items[1]!.items) if (c.kind === EXPRESSION && c.items.length > 0) countInto(c.items[0]!, into);
    }
  }
  if (h !== undefined && h.kind === GROUNDED && operationOf(h)?.name === 'match' && a.items.length === 4) countInto(a.items[2]!, into);
  for (const x of a.items) patternVars(x, into);
}

function countInto(a: Atom, into: Set<VarKey>): void {
  const m = new Map<VarKey, number>();
  countVars(a, m);
  for (const k of m.keys()) into.add(k);
}
