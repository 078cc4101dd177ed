// The compiler's back half: IR to bytecode. An expression is emitted either
// in value mode (it leaves one value on the stack and falls through, once per
// result) or in tail mode (every path ends by delivering a value with RET or
// a tail call). `ty` is the type the enclosing `metta` asks for.
import { EXPRESSION, GROUNDED, expr, sym, type Atom } from '../atom/atom.js';
import { operationOf } from '../stdlib/operation.js';
import { S, UNIT_TYPE } from '../atom/symbols.js';
import { numberOf, boolOf } from '../atom/grounded.js';
import { ChunkBuilder, type Chunk } from './chunk.js';
import { OP, TY_UNDEF, TY_NUMBER, TY_BOOL, TY_INHERIT, TY_FROM_SLOT, NR_PLAIN, NR_BAIL, NR_CALL } from './opcodes.js';
import { checkedToItself, isNondet, PASS_AS_WRITTEN, type Ir, type LoweredRule, type MIr, type TypedCall, type SlotCheck } from './ir.js';
import { specsMatch, typeSpec } from './type-specs.js';
import { gcallEvaluated } from './grounded-calls.js';
import type { Template } from './patterns.js';
import { isCountedCollapse } from './lean.js';

/** Why `(eval (op a b))` left the VM: an operand that is not a Number (the operation's own error, or NotReducible). */
const EVAL_OP_BAIL = sym('eval of an operation on a value that is not a Number');

export class Emitter {
  private readonly b = new ChunkBuilder();
  private readonly procNondet: (id: number) => boolean;
  /** Error exits and slow paths, emitted after the body so the fast path falls straight through. */
  private readonly coldCode: Array<() => void> = [];
  /** The whole body being emitted (what a slot's other readers are looked for in). */
  private root: Ir = { t: 'superpose', alts: [] };

  constructor(procNondet: (id: number) => boolean) {
    this.procNondet = procNondet;
  }

  /** A rule body or top-level form as a chunk; rule bodies inherit the caller's expected type. */
  static chunk(name: string, rule: LoweredRule, arity: number, ty: number, procNondet: (id: number) => boolean): Chunk {
    const e = new Emitter(procNondet);
    e.root = rule.body;
    e.b.setSource(rule.source);
    e.gen(rule.body, true, ty);
    for (let i = 0; i < e.coldCode.length; i++) e.coldCode[i]!();
    const chunk = e.b.finish(name, arity, rule.nslots);
    chunk.slotNames = rule.slotNames ?? null;
    chunk.formVars = rule.formVars ?? null;
    return chunk;
  }

  private cold(f: () => void): void {
    this.coldCode.push(f);
  }

  private readonly nondetMemo = new Map<Ir, boolean>();
  private readonly nondetOf = (ir: Ir): boolean => this.nondet(ir);
  /** isNondet, remembered per node: every nested argument asks about its subtree. */
  private nondet(ir: Ir): boolean {
    let v = this.nondetMemo.get(ir);
    if (v === undefined) {
      v = isNondet(ir, this.procNondet, this.nondetOf);
      this.nondetMemo.set(ir, v);
    }
    return v;
  }

  /** Ends a value-producing path: RET in tail mode, a jump to `end` (when given) in value mode. */
  /** The out-of-line path at label `slow`: the tree-walker evaluates `atom` (a guard failed), then the form goes on at `end`. */
  private slowPath(slow: number, atom: Template, ty: number, tail: boolean, end: number): void {
    this.b.mark(slow);
    this.b.emit(OP.FALLBACK, this.b.template(atom), ty, 1);
    this.done(tail, end);
  }

  private done(tail: boolean, end = -1): void {
    if (tail) this.b.emit(OP.RET);
    else if (end >= 0) this.b.emit(OP.JUMP, end);
  }

  private gen(ir: Ir, tail: boolean, ty: number): void {
    const b = this.b;
    switch (ir.t) {
      case 'const':
        b.emit(OP.CONST, b.constant(ir.atom));
        if (needsCast(ir.atom, ty)) b.emit(OP.EVAL_TOP, ty, NR_PLAIN);
        return this.done(tail);
      case 'slot':
        b.emit(OP.EVAL_SLOT, ir.slot, ty, ir.nr);
        return this.done(tail);
      case 'build':
        b.emit(OP.BUILD, b.template(ir.tpl));
        return this.done(tail);
      case 'fallback':
        b.emit(OP.FALLBACK, b.template(ir.tpl), ty, 0);
        return this.done(tail);
      case 'minimal':
        if (ir.ret === null) return this.minimal(ir.body, tail);
        this.minimal(ir.body, false);
        b.emit(OP.M_RETURN, b.template(ir.ret), ir.open === true ? 1 : 0);
        return this.done(tail);
      case 'eval-built':
        b.emit(OP.BUILD, b.template(ir.tpl));
        b.emit(OP.EVAL_TOP, ty, ir.nr);
        return this.done(tail);
      case 'native':
        return this.native(ir, tail, ty);
      case 'call':
      case 'cons':
        return this.call(ir, tail, ty);
      case 'if':
        return this.ifForm(ir, tail, ty);
      case 'let':
        return this.letForm(ir, tail);
      case 'case':
        return this.caseForm(ir, tail);
      case 'superpose':
        return this.superpose(ir, tail);
      case 'superpose-slot': {
        const slow = b.newLabel();
        const end = b.newLabel();
        b.emit(OP.SLOT, ir.slot);
        b.emit(OP.SPLIT, slow);
        b.emit(OP.EVAL_TOP, TY_UNDEF, 1);
        this.done(tail, end);
        b.mark(slow);
        b.emit(OP.POP);
        b.emit(OP.FALLBACK, b.template(ir.slow), ty, 0);
        this.done(tail);
        b.mark(end);
        return;
      }
      case 'list-op':
        return this.listOp(ir, tail, ty);
      case 'cons-atom':
        return this.consAtom(ir, tail, ty);
      case 'typed-dyn':
        return this.parametricCall(ir, tail, ty);
      case 'add-atom': {
        const unit = typeSpec(UNIT_TYPE);
        if (ty !== TY_INHERIT && !specsMatch(ty, unit)) {
          b.emit(OP.FALLBACK, b.template(ir.slow), ty, 1);
          return this.done(tail);
        }
        const slow = b.newLabel();
        const end = b.newLabel();
        if (ty === TY_INHERIT) b.emit(OP.RETCHK, unit, slow);
        this.gen(ir.atom, false, TY_UNDEF);
        b.emit(OP.ADD_ATOM, b.constant(ir.space));
        this.done(tail);
        this.cold(() => {
          this.slowPath(slow, ir.slow, ty, tail, end);
        });
        b.mark(end);
        return;
      }
      case 'gcall':
        return this.groundedCall(ir, tail, ty);
      case 'collapse':
        this.gathered(ir.body);
        return this.done(tail);
      case 'match':
        b.emit(OP.MATCH_SPACE, b.pattern(ir.pat), b.constant(ir.space));
        return this.gen(ir.body, tail, TY_UNDEF);
    }
  }

  /**
   * One argument of a call: its value is filtered like a nested `metta` (a
   * barrier when it may give several results), then Empty drops the call and
   * an Error aborts it. Typed arguments pass an Empty or Error that is the
   * argument as written (`literal`).
   */
  private arg(ir: Ir, ty: number, abort: number, typed: boolean): void {
    const b = this.b;
    if (ir.t === 'const' || ir.t === 'build') {
      this.gen(ir, false, ty);
      const computed = ir.t === 'const' && ir.computed === true;
      if ((!typed || computed) && (ir.t === 'build' || ir.atom === S.empty || isError(ir.atom))) b.emit(OP.CHECK_ARG, abort, 0);
      return;
    }
    if (ir.t === 'slot') {
      this.gen(ir, false, ty);
      b.emit(OP.CHECK_ARG, abort, typed ? ir.slot + 1 : 0);
      return;
    }
    this.filtered(ir, ty);
    b.emit(OP.CHECK_ARG, abort, 0);
  }

  /** A value-mode evaluation inside a result filter when it may give several results. */
  private filtered(ir: Ir, ty: number): void {
    const b = this.b;
    if (!this.nondet(ir)) return this.gen(ir, false, ty);
    const list = ty === TY_UNDEF ? plainAlternatives(ir) : null;
    if (list !== null) {
      // superpose over plain constants: one list-walking choice point, no per-alternative code or filter.
      const next = b.newLabel();
      b.emit(OP.CONST, b.constant(list));
      b.emit(OP.SPLIT, next);
      b.mark(next);
      return;
    }
    const after = b.newLabel();
    b.emit(OP.BAR_PUSH, after);
    this.gen(ir, false, ty);
    b.emit(OP.BAR_END);
    b.mark(after);
  }

  /** A value-mode evaluation whose results are gathered into one list (collapse, case). */
  private gathered(ir: Ir, countTo = -1, countSteps = 0): void {
    const b = this.b;
    const after = b.newLabel();
    b.region(ir, countTo, countSteps);
    b.emit(OP.GATHER_PUSH, after);
    this.gen(ir, false, TY_UNDEF);
    b.emit(OP.GATHER_END);
    b.mark(after);
  }

  /** Abort exits: the error is on top with `depth` earlier arguments below it. */
  private aborts(labels: number[], tail: boolean, end: number, below = 0): void {
    for (let i = 0; i < labels.length; i++) {
      this.b.mark(labels[i]!);
      if (i + below > 0) this.b.emit(OP.SQUASH, i + below);
      this.done(tail, end);
    }
  }

  private native(ir: Extract<Ir, { t: 'native' }>, tail: boolean, ty: number): void {
    const b = this.b;
    if (ty !== TY_UNDEF && ty !== TY_INHERIT && ty !== ir.op.ret) {
      // The result type cannot be what is asked for: the tree-walker makes the BadType error.
      b.emit(OP.FALLBACK, b.template(ir.slow), ty, 1);
      return this.done(tail);
    }
    const slow = b.newLabel();
    const end = b.newLabel();
    for (const c of ir.checks) b.emit(OP.TYCHK, c.slot, c.ty, slow);
    if (ty === TY_INHERIT) b.emit(OP.RETCHK, ir.op.ret, slow);
    const aborts = ir.args.map(() => b.newLabel());
    ir.args.forEach((a, i) => {
      if (a.t === 'slot' && checkedToItself(ir.checks, a.slot, ir.formal)) b.emit(OP.SLOT, a.slot);
      else this.arg(a, ir.formal, aborts[i]!, true);
    });
    const k = b.constant(ir.opAtom);
    switch (ir.op.kind) {
      case 'arith': b.emit(OP.ARITH, ir.op.code, k); break;
      case 'cmp': b.emit(OP.CMP, ir.op.code, k); break;
      case 'eq': b.emit(OP.EQ, k); break;
      case 'logic': b.emit(OP.LOGIC, ir.op.code, k); break;
      default: b.emit(OP.NOT, k);
    }
    this.done(tail);
    this.cold(() => {
      this.aborts(aborts, tail, end);
      this.slowPath(slow, ir.slow, ty, tail, end);
    });
    b.mark(end);
  }

  private call(ir: Extract<Ir, { t: 'call' | 'cons' }>, tail: boolean, ty: number): void {
    const b = this.b;
    if (ir.typed !== undefined) return this.typedCall(ir, ir.typed, tail, ty);
    const args = ir.t === 'call' ? ir.args : ir.items;
    if (ir.t === 'cons' && args.every((a) => a.t === 'const' && a.atom.kind !== EXPRESSION && a.atom !== S.empty)) {
      b.emit(OP.CONST, b.constant(consAtom(args)));
      return this.done(tail);
    }
    const collapsed = args[0];
    if (ir.t === 'call' && ir.sizeOfArg === true && ty === TY_UNDEF && collapsed?.t === 'collapse') {
      // The count of the collapse's results may be made at once (lean.ts); it goes on after the call,
      // counting the call's one step (the size function's body, a size-atom, counts none).
      const counted = b.newLabel();
      this.gathered(collapsed.body, counted, 1);
      b.emit(tail ? OP.TAILCALL : OP.CALL, ir.proc, 1, ty);
      b.mark(counted);
      return this.done(tail);
    }
    const end = b.newLabel();
    const aborts = args.map(() => b.newLabel());
    args.forEach((a, i) => this.arg(a, TY_UNDEF, aborts[i]!, false));
    if (ir.t === 'cons') {
      b.emit(OP.CONS, args.length);
      if (ir.evalResult === true) b.emit(OP.EVAL_TOP, TY_UNDEF, NR_CALL);
      this.done(tail);
    } else if (tail) {
      b.emit(OP.TAILCALL, ir.proc, args.length, ty);
    } else {
      b.emit(OP.CALL, ir.proc, args.length, ty);
    }
    this.cold(() => this.aborts(aborts, tail, end));
    b.mark(end);
  }

  /**
   * A call of a function with a declared type: the run-time checks, the
   * result-type check against what the caller asks for, then each argument
   * against its formal type; the callee's body is evaluated against the
   * declared result type. A failed check hands the call to the tree-walker.
   */
  private typedCall(ir: Extract<Ir, { t: 'call' | 'cons' }>, tc: TypedCall, tail: boolean, ty: number): void {
    const b = this.b;
    const single = this.nondet(ir) ? 0 : 1;
    // The declared result type is checked; the body is evaluated against `ret` (%Undefined% for Expression).
    const declared = tc.declared ?? tc.ret;
    if (ty !== TY_INHERIT && !specsMatch(ty, declared)) {
      // The declared result cannot be what is asked for: the tree-walker makes the BadType error.
      b.emit(OP.FALLBACK, b.template(tc.slow), ty, single);
      return this.done(tail);
    }
    const slow = b.newLabel();
    const end = b.newLabel();
    for (const c of tc.checks) b.emit(OP.TYCHK, c.slot, c.ty, slow);
    if (ty === TY_INHERIT && declared !== TY_UNDEF) b.emit(OP.RETCHK, declared, slow);
    const args = ir.t === 'call' ? ir.args : ir.items.slice(1);
    if (ir.t === 'cons') b.emit(OP.CONST, b.constant((ir.items[0] as { atom: Atom }).atom));
    const aborts = args.map(() => b.newLabel());
    args.forEach((a, i) => {
      const aty = tc.argTys[i]!;
      if (aty === PASS_AS_WRITTEN) return this.gen(a, false, TY_UNDEF);
      if (a.t === 'slot' && checkedToItself(tc.checks, a.slot, aty)) b.emit(OP.SLOT, a.slot);
      else this.arg(a, aty, aborts[i]!, true);
    });
    if (ir.t === 'cons') {
      b.emit(OP.CONS, args.length + 1);
      this.done(tail);
    } else b.emit(tail ? OP.TAILCALL : OP.CALL, ir.proc, args.length, tc.ret);
    this.cold(() => {
      this.aborts(aborts, tail, end, ir.t === 'cons' ? 1 : 0);
      b.mark(slow);
      b.emit(OP.FALLBACK, b.template(tc.slow), ty, single);
      this.done(tail, end);
    });
    b.mark(end);
  }

  /**
   * A call of a parametric function: TYPARAM makes the type check with the
   * values the call has at run time (or sends the call to the tree-walker),
   * then the arguments it proved to evaluate to themselves are pushed as they
   * are, the others evaluated, and the call made against the result type it found.
   */
  private parametricCall(ir: Extract<Ir, { t: 'typed-dyn' }>, tail: boolean, ty: number): void {
    const b = this.b;
    const single = this.nondet(ir) ? 0 : 1;
    const slow = b.newLabel();
    const end = b.newLabel();
    const mask = ir.direct.reduce((m, d, i) => (d ? m | (1 << i) : m), 0);
    b.emit(OP.TYPARAM, b.template(ir.call), ty, ir.retSlot, mask, slow);
    const cons = ir.proc === 'none';
    if (cons) b.emit(OP.CONST, b.constant(ir.head));
    const aborts = ir.args.map(() => b.newLabel());
    ir.args.forEach((a, i) => {
      if (!ir.direct[i]) return this.arg(a, TY_UNDEF, aborts[i]!, true);
      if (a.t === 'slot') b.emit(OP.SLOT, a.slot);
      else this.gen(a, false, TY_UNDEF);
    });
    if (ir.proc === 'none') {
      b.emit(OP.CONS, ir.args.length + 1);
      this.done(tail);
    } else {
      b.emit(tail ? OP.TAILCALL : OP.CALL, ir.proc, ir.args.length, ir.retSlot >= 0 ? TY_FROM_SLOT - ir.retSlot : ir.ret);
    }
    this.cold(() => {
      this.aborts(aborts, tail, end, cons ? 1 : 0);
      b.mark(slow);
      b.emit(OP.FALLBACK, b.template(ir.slow), ty, single);
      this.done(tail, end);
    });
    b.mark(end);
  }

  /** A library operation the VM calls itself (grounded-calls.ts): arguments, then GCALL. */
  private groundedCall(ir: Extract<Ir, { t: 'gcall' }>, tail: boolean, ty: number): void {
    const b = this.b;
    const end = b.newLabel();
    const checked = b.newLabel();
    const tpl = ir.check === null ? 0 : b.template(ir.check) + 1;
    if (ir.check !== null) b.emit(OP.GCHECK, tpl - 1, ty, checked);
    const aborts = ir.args.map(() => b.newLabel());
    ir.args.forEach((a, i) => {
      if ((ir.flags & gcallEvaluated(i)) !== 0) this.arg(a, TY_UNDEF, aborts[i]!, !ir.tuple);
      else this.gen(a, false, TY_UNDEF);
    });
    b.emit(OP.GCALL, b.constant(ir.opAtom), ir.args.length, ty, ir.flags, tpl);
    this.done(tail);
    this.cold(() => {
      this.aborts(aborts, tail, end);
      if (ir.check === null) return;
      b.mark(checked);
      this.done(tail, end);
    });
    b.mark(end);
  }

  private listOp(ir: Extract<Ir, { t: 'list-op' }>, tail: boolean, ty: number): void {
    // car-atom's result type is %Undefined%, cdr-atom's Expression (evaluated as %Undefined%, but checked against ty).
    this.libraryListOp(ir.op === 0 ? TY_UNDEF : typeSpec(S.expressionType), ir.checks, ir.slow, tail, ty, () => {
      this.gen(ir.arg, false, TY_UNDEF);
      this.b.emit(OP.LIST_OP, ir.op, this.b.constant(ir.head));
      this.b.emit(OP.EVAL_TOP, TY_UNDEF, NR_BAIL);
    });
  }

  private consAtom(ir: Extract<Ir, { t: 'cons-atom' }>, tail: boolean, ty: number): void {
    // The result type is Atom: the result is given back as it is, where the type asked for accepts it.
    this.libraryListOp(typeSpec(S.atomType), ir.checks, ir.slow, tail, ty, () => {
      this.gen(ir.first, false, TY_UNDEF);
      this.gen(ir.rest, false, TY_UNDEF);
      this.b.emit(OP.CONS_ATOM, this.b.constant(ir.head));
    });
  }

  /**
   * A list operation of the library with result type `ret`: the tree-walker's when the type asked
   * for does not accept ret, else `body` behind the argument checks, the slow path when one fails.
   */
  private libraryListOp(ret: number, checks: readonly SlotCheck[], slowTpl: Template, tail: boolean, ty: number, body: () => void): void {
    const b = this.b;
    if (ty !== TY_INHERIT && !specsMatch(ty, ret)) {
      b.emit(OP.FALLBACK, b.template(slowTpl), ty, 1);
      return this.done(tail);
    }
    const slow = b.newLabel();
    const end = b.newLabel();
    for (const c of checks) b.emit(OP.TYCHK, c.slot, c.ty, slow);
    if (ty === TY_INHERIT && ret !== TY_UNDEF) b.emit(OP.RETCHK, ret, slow);
    body();
    this.done(tail);
    this.cold(() => {
      this.slowPath(slow, slowTpl, ty, tail, end);
    });
    b.mark(end);
  }

  private ifForm(ir: Extract<Ir, { t: 'if' }>, tail: boolean, ty: number): void {
    const b = this.b;
    const slow = b.newLabel(), other = b.newLabel(), elseL = b.newLabel(), end = b.newLabel();
    for (const c of ir.checks) b.emit(OP.TYCHK, c.slot, c.ty, slow);
    this.filtered(ir.cond, TY_BOOL);
    b.emit(OP.IF_TEST, other, b.template(ir.thenTpl), b.template(ir.elseTpl));
    b.emit(OP.JUMP_FALSE, elseL);
    this.gen(ir.then, tail, ty);
    this.done(false, tail ? -1 : end);
    b.mark(elseL);
    this.gen(ir.else, tail, ty);
    this.cold(() => {
      b.mark(other);
      this.done(tail, end);
      this.slowPath(slow, ir.slow, ty, tail, end);
    });
    b.mark(end);
  }

  /** Minimal-MeTTa code: every result is a raw value (no result filter, no evaluation). */
  private minimal(m: MIr, tail: boolean): void {
    const b = this.b;
    switch (m.m) {
      case 'data':
        b.emit(OP.CONST, b.constant(m.atom));
        return this.done(tail);
      case 'build':
        b.emit(OP.BUILD, b.template(m.tpl));
        if (m.run) b.emit(OP.M_VALUE);
        return this.done(tail);
      case 'slot':
        b.emit(OP.SLOT, m.slot);
        if (m.run) b.emit(OP.M_VALUE);
        return this.done(tail);
      case 'chain': {
        const fail = b.newLabel();
        this.minimal(m.value, false);
        b.emit(OP.MATCH, b.pattern(m.v), fail);
        b.emit(OP.POP);
        this.minimal(m.body, tail);
        this.cold(() => {
          b.mark(fail);
          b.emit(OP.FAIL);
        });
        return;
      }
      case 'unify': {
        const no = b.newLabel(), end = b.newLabel();
        this.minimal(m.value, false);
        b.emit(OP.MATCH, b.pattern(m.pat), no);
        b.emit(OP.POP);
        this.minimal(m.then, tail);
        if (!tail) b.emit(OP.JUMP, end);
        b.mark(no);
        b.emit(OP.POP);
        this.minimal(m.else, tail);
        b.mark(end);
        return;
      }
      case 'op': {
        const bail = b.newLabel();
        for (const c of m.checks) b.emit(OP.TYCHK, c.slot, c.ty, bail);
        for (const a of m.args) this.minimal(a, false);
        b.emit(m.op.kind === 'arith' ? OP.ARITH : OP.CMP, m.op.code, b.constant(m.opAtom));
        this.cold(() => {
          b.mark(bail);
          b.emit(OP.BAIL, b.constant(EVAL_OP_BAIL));
        });
        return this.done(tail);
      }
      case 'call':
        for (const a of m.args) this.minimal(a, false);
        b.emit(tail ? OP.TAILCALL : OP.CALL, m.proc, m.args.length, TY_UNDEF);
        return;
    }
  }

  private letForm(ir: Extract<Ir, { t: 'let' }>, tail: boolean): void {
    const b = this.b;
    const fail = b.newLabel(), abort = b.newLabel(), end = b.newLabel();
    // (let $r (collapse X) (size-atom $r)): the JS tier may count X's results and go on at `counted` with the size.
    const counted = isCountedCollapse(ir, this.root) ? b.newLabel() : -1;
    if (counted >= 0) this.gathered((ir.value as Extract<Ir, { t: 'collapse' }>).body, counted);
    else this.filtered(ir.value, TY_UNDEF);
    if (!ir.literal) b.emit(OP.CHECK_ARG, abort, ir.literalSlot + 1);
    b.emit(OP.MATCH, b.pattern(ir.pat), fail);
    b.emit(OP.POP);
    if (counted >= 0) {
      b.emit(OP.FALLBACK, b.template((ir.body as Extract<Ir, { t: 'fallback' }>).tpl), TY_UNDEF, 0);
      b.mark(counted);
      this.done(tail);
    } else this.gen(ir.body, tail, TY_UNDEF);
    this.cold(() => {
      b.mark(abort);
      this.done(tail, end);
      b.mark(fail);
      b.emit(OP.FAIL);
    });
    b.mark(end);
  }

  private caseForm(ir: Extract<Ir, { t: 'case' }>, tail: boolean): void {
    const b = this.b;
    const end = b.newLabel();
    this.gathered(ir.scrut);
    b.emit(OP.CASE_VALUES);
    for (const c of ir.cases) {
      const next = b.newLabel();
      b.emit(OP.MATCH, b.pattern(c.pat), next);
      b.emit(OP.POP);
      this.gen(c.body, tail, TY_UNDEF);
      this.done(false, tail ? -1 : end);
      b.mark(next);
    }
    b.emit(OP.FAIL);
    b.mark(end);
  }

  private superpose(ir: Extract<Ir, { t: 'superpose' }>, tail: boolean): void {
    const b = this.b;
    if (ir.alts.length === 0) {
      b.emit(OP.FAIL);
      return;
    }
    if (ir.alts.length === 1) return this.gen(ir.alts[0]!, tail, TY_UNDEF);
    const end = b.newLabel();
    const labels = ir.alts.map(() => b.newLabel());
    b.emitOps(OP.ALTS, labels);
    ir.alts.forEach((a, i) => {
      b.mark(labels[i]!);
      this.gen(a, tail, TY_UNDEF);
      this.done(false, tail ? -1 : end);
    });
    b.mark(end);
  }
}

/** `(superpose (c1 c2 …))` of symbols and grounded data: the list of them (they evaluate to themselves, never fail). */
export function plainAlternatives(ir: Ir): Atom | null {
  if (ir.t !== 'superpose' || ir.alts.length < 2) return null;
  const atoms: Atom[] = [];
  for (const a of ir.alts) {
    if (a.t !== 'const' || a.atom.kind === EXPRESSION || a.atom === S.empty) return null;
    if (a.atom.kind === GROUNDED && operationOf(a.atom) !== null) return null;
    atoms.push(a.atom);
  }
  return expr(atoms);
}

function isError(a: Atom): boolean {
  return a.kind === EXPRESSION && a.items.length > 0 && a.items[0] === S.error;
}

/** Does a constant in an evaluated position need a run-time type cast? */
function needsCast(a: Atom, ty: number): boolean {
  if (ty === TY_UNDEF || a.kind === EXPRESSION || a === S.empty) return false;
  if (ty === TY_NUMBER && numberOf(a) !== null) return false;
  if (ty === TY_BOOL && boolOf(a) !== null) return false;
  return true;
}

function consAtom(items: readonly Ir[]): Atom {
  return expr(items.map((i) => (i as { atom: Atom }).atom));
}
