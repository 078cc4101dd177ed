// The JavaScript tier for nondeterminism: the body of a `collapse` (a gather
// region) compiled to JS that backtracks by success continuations. Each IR
// node becomes code that calls its continuation once per result; failing is
// falling off the end of a block. The VM's choice points are not built, only
// counted (C), so that every step the VM's backtracking would count is
// counted here too, in the same order: one per resumed alternative (ALTS,
// SPLIT, a procedure's next rule) and one per exhausted filter or gather
// region found on the way back. Procedures the region calls are compiled
// with it, one function per (procedure, expected type).
//
// The subset is pure (no space changes, no tree-walker fallbacks), so any
// case off the VM's fast path (an Error value, a non-Int in arithmetic, a
// value needing re-evaluation, a JS stack too deep) throws DEOPT and the VM
// runs the whole region again itself: exact, since nothing was changed.
import { EXPRESSION, GROUNDED, SYMBOL, expr, atomEq, type Atom } from '../../atom/atom.js';
import { S as SYMS } from '../../atom/symbols.js';
import { numberOf, boolOf } from '../../atom/grounded.js';
import { operationOf } from '../../stdlib/operation.js';
import { isErrorAtom } from '../../interp/values.js';
import type { Program, Proc } from '../compiler.js';
import { checkedToItself, isNondet, PASS_AS_WRITTEN, type Ir, type TypedCall } from '../ir.js';
import { plainAlternatives } from '../emit.js';
import { N_CONST, N_SLOT, type PNode } from '../patterns.js';
import { TY_UNDEF, TY_NUMBER, TY_BOOL, TY_INHERIT } from '../opcodes.js';
import { specsMatch, typeOfSpec } from '../type-specs.js';
import { isMetaSpec, castOfValue } from '../value-types.js';
import { provenArgSpecs } from '../inert.js';
import { isMetaType } from '../../space/types.js';
import { NotJittable, constKind } from './eligible.js';

/** Nested superposes over slots that get an Int-list copy of the code below them (each doubles it). */
const MAX_INT_COPIES = 3;

/** Procedure calls nested in compiled code before it deopts (the JS stack is finite; the VM's is not). */
export const MAX_NONDET_DEPTH = 400;

/** A JS expression's kind: A an Atom, N a raw safe integer, B a raw boolean. */
type VKind = 'A' | 'N' | 'B';
interface Val {
  readonly code: string;
  readonly kind: VKind;
  /** For an Atom known to be a safe Int: its raw value's JS expression. */
  readonly n?: string;
  /** An Atom known to be neither Empty nor an Error (consumers skip their checks). */
  readonly plain?: boolean;
  /** Evaluating `code` has no effect but its value (a tuple a count never looks at need not be built). */
  readonly pure?: boolean;
}
/** Emits what follows a value (the rest of the computation); called at most once per emitted site. */
type Cont = (v: Val) => string;

/** Per parameter of a compiled procedure: the spec its callers proved it has and evaluates to itself against, or -1. */
type Contract = readonly number[];
const NO_CONTRACT: Contract = [];

/** A compiled procedure's name suffix: procedure, expected type and, when there is one, contract. */
function fnKey(p: Proc, ty: number, contract: Contract): string {
  return contract.length === 0 ? `${p.id}_${ty}` : `${p.id}_${ty}_${contract.map((c) => (c < 0 ? 'n' : c)).join('x')}`;
}

/** What a slot holds in the code being emitted: a JS name and the kind of its value. */
type Env = ReadonlyMap<number, Val>;

const MAX_SAFE = '9007199254740991';
/** A JS name (a slot's, a temporary's). */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Names the generated code gets from its helper object H (see index.ts).
const PRELUDE = `"use strict";
const DEOPT = H.DEOPT, EMPTY = H.EMPTY, int = H.int, TRUE = H.TRUE, FALSE = H.FALSE, K = H.K;
const ui = H.ui, uf = H.uf, ub = H.ub, ev = H.ev, isErr = H.isErr, eq = H.eq, tuple = H.tuple, inert = H.inert;
const tyN = H.tyN, tyB = H.tyB, hasTy = H.hasTy, NV = H.NV, intsOf = H.intsOf, tyParam = H.tyParam, could = H.could, limit = H.limit, clock = H.clock, PT = H.PT;
let S = 0, M = 0, C = 0, D = 0, NG = 0, OUT = null;
function tick() { if (++S > M) limit(M); if ((S & 4095) === 0) clock(NG); }
function add(a, b) { const r = a + b; if (r > ${MAX_SAFE} || r < -${MAX_SAFE}) throw DEOPT; return r; }
function sub(a, b) { const r = a - b; if (r > ${MAX_SAFE} || r < -${MAX_SAFE}) throw DEOPT; return r; }
function mul(a, b) { const r = a * b; if (r > ${MAX_SAFE} || r < -${MAX_SAFE}) throw DEOPT; return r; }
function div(a, b) { if (b === 0) throw DEOPT; return Math.trunc(a / b); }
function mod(a, b) { if (b === 0) throw DEOPT; return a % b; }
function land(a, b) { return a && b; }
function isN(x) { return x.kind === ${GROUNDED} && x.value instanceof NV; }
function lor(a, b) { return a || b; }
`;
const ARITH = ['add', 'sub', 'mul', 'div', 'mod'];
const CMP = ['<', '>', '<=', '>='];

/** A compiled region's module source and the constants it refers to (K[i] in the code). */
export interface RegionModule {
  readonly source: string;
  readonly consts: readonly Atom[];
  /** Rules' argument patterns (PT[i] in the code), for the cheap could-it-match test of `enter`. */
  readonly pats: ReadonlyArray<ReadonlyArray<PNode | null>>;
  /** Slots the region reads from the enclosing frame (they must be bound on entry). */
  readonly reads: readonly number[];
  /** Slots the region binds itself (they must be unbound on entry). */
  readonly binds: readonly number[];
}

/**
 * Compiles the body of a gather region; throws NotJittable when anything in
 * it is outside the subset. `count`: `run` gives the number of results instead of their list.
 */
export function emitRegion(program: Program, body: Ir, count: boolean): RegionModule {
  return new RegionEmitter(program).module(body, count);
}

class RegionEmitter {
  private readonly program: Program;
  private readonly consts: Atom[] = [];
  private readonly constIndex = new Map<Atom, number>();
  private readonly pats: Array<ReadonlyArray<PNode | null>> = [];
  /** Module-level declarations (raw copies of Int lists). */
  private readonly decls: string[] = [];
  private tmp = 0;
  /** Emitted or queued procedure functions, by `${id}_${ty}`. */
  private readonly fns = new Map<string, string | null>();
  private readonly todo: Array<[Proc, number, Contract]> = [];
  /** Outer slots read and slots bound, at the region's top level. */
  private readonly reads = new Set<number>();
  private readonly binds = new Set<number>();
  /** Slots bound by a let in the body being emitted (the region's top, or one procedure). */
  private letSlots = new Set<number>();
  /** Int-list copies of code being emitted around the current point (superposeSlot): their number is bounded. */
  private intCopies = 0;
  /** The expected type of the procedure body being emitted (TY_INHERIT's meaning); null at the region's top. */
  private frameTy: number | null = null;

  constructor(program: Program) {
    this.program = program;
  }

  module(body: Ir, count: boolean): RegionModule {
    const root = this.gen(body, TY_UNDEF, new Map(), (v) => this.gatherEnd(v, count ? null : 'OUT'));
    while (this.todo.length > 0) {
      const [p, ty, contract] = this.todo.pop()!;
      this.fns.set(fnKey(p, ty, contract), this.procFn(p, ty, contract));
    }
    for (const s of this.reads) this.need(!this.binds.has(s), 'a slot both read from the frame and bound');
    const reads = [...this.reads];
    const entry = reads.map((s) => `  const s${s} = v[b + ${s}]; if (s${s} == null) throw DEOPT;\n`).join('')
      + [...this.binds].map((s) => `  if (v[b + ${s}] != null) throw DEOPT;\n`).join('');
    const source = `${PRELUDE}
${this.decls.join('\n')}
${[...this.fns.values()].join('\n')}
return {
 run(v, b, steps, max) {
  S = steps; M = max; C = 1; D = 0; NG = 0; OUT = ${count ? 'null' : '[]'};
${entry}${root}
  tick();
  const out = ${count ? 'NG' : 'OUT'}; OUT = null;
  return out;
 },
 steps() { return S; },
};`;
    return { source, consts: this.consts, pats: this.pats, reads, binds: [...this.binds] };
  }

  private need(ok: boolean, why: string): void {
    if (!ok) throw new NotJittable(why);
  }

  private k(a: Atom): string {
    let i = this.constIndex.get(a);
    if (i === undefined) {
      i = this.consts.push(a) - 1;
      this.constIndex.set(a, i);
    }
    return `K[${i}]`;
  }

  private t(): string {
    return `t${this.tmp++}`;
  }

  private resolve(ty: number): number {
    if (ty !== TY_INHERIT) return ty;
    this.need(this.frameTy !== null, 'an inherited type outside a procedure');
    return this.frameTy!;
  }

  private nondet(ir: Ir): boolean {
    return isNondet(ir, (id) => this.program.procs[id]!.nondet);
  }

  /** At most one result, in the code this emitter makes (its only fallbacks are tuples of data). */
  private single(ir: Ir, direct: ReadonlySet<number> | null = null): boolean {
    const one = (x: Ir): boolean => this.single(x, direct);
    switch (ir.t) {
      case 'fallback': case 'collapse': case 'const': case 'slot': case 'build': return true;
      case 'if': return one(ir.cond) && one(ir.then) && one(ir.else);
      case 'let': return one(ir.value) && one(ir.body);
      case 'native': return ir.args.every(one);
      case 'cons': return ir.items.every(one);
      case 'superpose': return ir.alts.length <= 1 && ir.alts.every(one);
      case 'call': return (!this.program.procs[ir.proc]!.nondet || (direct ?? this.direct ?? new Set()).has(ir.proc)) && ir.args.every(one);
      default: return !this.nondet(ir);
    }
  }

  /** The value as an Atom expression. */
  private box(v: Val): string {
    return v.kind === 'A' ? v.code : v.kind === 'N' ? `int(${v.code})` : `(${v.code} ? TRUE : FALSE)`;
  }

  /** A continuation used at several sites becomes one closure over an Atom. */
  private shared(k: Cont, pre: string[]): Cont {
    const name = `k${this.tmp++}`;
    const x = this.t();
    pre.push(`const ${name} = (${x}) => {\n${k({ code: x, kind: 'A' })}\n};`);
    return (v) => `${name}(${this.box(v)});`;
  }

  /** GATHER_END: a result other than Empty joins the list (an Error would need the VM's filter: deopt); null: the region's count. */
  private gatherEnd(v: Val, list: string | null): string {
    const add = list === null ? 'NG++;' : list === 'OUT' ? `NG++; OUT.push(${this.box(v)});` : `${list}.push(${this.box(v)});`;
    if (v.kind !== 'A' || v.plain === true) return add;
    return `if (${v.code} !== EMPTY) { if (isErr(${v.code})) throw DEOPT; ${add} }`;
  }

  private slot(env: Env, s: number): Val {
    const v = env.get(s);
    if (v !== undefined) return this.withUnboxed(v);
    this.need(this.frameTy === null, 'a slot read before it is bound');
    this.reads.add(s);
    return this.withUnboxed({ code: `s${s}`, kind: 'A' });
  }

  /** The slot's value with the Int a guard around this point unboxed from it (if any). */
  private withUnboxed(v: Val): Val {
    if (v.kind !== 'A' || v.n !== undefined) return v;
    const n = this.known(v.code);
    return n === undefined ? v : { ...v, n, plain: true };
  }

  /** Binds `value` to a fresh JS name for the code `rest` emits. */
  private bind(v: Val, rest: (v: Val) => string): string {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.code) || /^K\[\d+\]$/.test(v.code)) return rest(v);
    if (v.pure === true) return rest(v);
    const n = this.t();
    return `{ const ${n} = ${v.code};\n${rest({ ...v, code: n })}\n}`;
  }

  /**
   * Code for `ir` evaluated where type `ty` is asked for, calling `k` once per
   * result. The facts found while it is emitted (see `facts`) hold in the code
   * emitted after them meanwhile, which their guard's block encloses: they are
   * dropped on the way out.
   */
  private gen(ir: Ir, ty: number, env: Env, k: Cont): string {
    const mark = this.facts.length;
    try {
      return this.genNode(ir, ty, env, k);
    } finally {
      this.facts.length = mark;
    }
  }

  /**
   * Facts of the guards and evaluations around the point being emitted: a slot
   * name (`s3`) and the name of the Int a guard unboxed from it; a value's name
   * and type spec (`t12@0`) and the name of its evaluation; a value's name and
   * the type spec a guard found it has (`t12:4`).
   */
  private facts: Array<readonly [string, string]> = [];

  /** The name a fact around this point gives `key`, the newest first; undefined when none does. */
  private known(key: string): string | undefined {
    for (let i = this.facts.length - 1; i >= 0; i--) if (this.facts[i]![0] === key) return this.facts[i]![1];
    return undefined;
  }

  private genNode(ir: Ir, ty: number, env: Env, k: Cont): string {
    switch (ir.t) {
      case 'const': {
        const a = ir.atom;
        // Empty flows on as a value (each consumer drops it as the VM does); Errors are the VM's.
        this.need(!isErrorAtom(a), 'an Error constant');
        if (a === SYMS.empty) return k({ code: 'EMPTY', kind: 'A' });
        const rt = this.resolve(ty);
        if (a.kind !== EXPRESSION && ty !== TY_UNDEF) {
          // EVAL_TOP casts a constant that does not fit the type asked for (`Nil` asked for as a List):
          // the answer is fixed for the program (its declarations), so it is asked here. Kept when the
          // cast leaves it as it is; a type error is the VM's.
          if (!(rt === TY_UNDEF || (rt === TY_NUMBER && numberOf(a) !== null) || (rt === TY_BOOL && boolOf(a) !== null))) {
            const kept = (rt > TY_INHERIT && isMetaSpec(rt, a)) || (a !== SYMS.notReducible && castOfValue(this.program.info, a, rt) === null);
            this.need(kept, 'a constant whose cast to the type asked for is an error');
            return k({ code: this.k(a), kind: 'A', plain: true });
          }
          if (rt === TY_NUMBER || rt === TY_BOOL) this.need(operationOf(a) === null, 'an operation constant');
        }
        if (a.kind === EXPRESSION) this.need(!this.program.info.space.hasValueHeadedRules(), 'an expression constant');
        const ck = constKind(a);
        if (ck === 'N') return k({ code: String(numberOf(a)!.n), kind: 'N' });
        if (ck === 'B') return k({ code: boolOf(a)! ? 'true' : 'false', kind: 'B' });
        return k({ code: this.k(a), kind: 'A' });
      }
      case 'slot': {
        const v = this.slot(env, ir.slot);
        const rt = this.resolve(ty);
        if ((v.kind === 'N' || v.n !== undefined) && (rt === TY_UNDEF || rt === TY_NUMBER)) return k(v);
        if (v.kind === 'B' && (rt === TY_UNDEF || rt === TY_BOOL)) return k(v);
        const box = this.box(v);
        if (!IDENT.test(box)) return this.bind({ code: `ev(${box}, ${rt})`, kind: 'A' }, k);
        // ev gives back its argument or deopts (region code has no effects, so the answer stays):
        // evaluated once, a value read again inside that evaluation's block is itself.
        const key = `${box}@${rt}`;
        if (this.known(key) !== undefined) return k({ code: box, kind: 'A' });
        // The value keeps its name, so that a call passing it on can tell its callee what was proven (see callContract).
        this.facts.push([key, box]);
        return `ev(${box}, ${rt});\n${k({ code: box, kind: 'A' })}`;
      }
      case 'build':
        return this.bind({ code: this.instantiate(ir.tpl.root, env), kind: 'A' }, k);
      case 'fallback': {
        // Only a tuple of data, which evaluates to itself (runFallback's first case); anything else is the tree-walker's.
        this.need(this.resolve(ty) === TY_UNDEF && ir.tpl.root.kind !== N_CONST && ir.tpl.root.kind !== N_SLOT, 'a fallback');
        const code = this.instantiate(ir.tpl.root, env);
        if (this.flatData(ir.tpl.root, env)) return k({ code, kind: 'A', plain: true, pure: true });
        const nums = this.numberItems(ir.tpl.root, env);
        if (nums !== null) {
          // Slots found at run time to hold numbers make flatData's case: only another tuple is walked by inert.
          return `if (!(${nums}) && !inert(${code})) throw DEOPT;\n${k({ code, kind: 'A', plain: true, pure: true })}`;
        }
        const n = this.t();
        return `{ const ${n} = ${code}; if (!inert(${n})) throw DEOPT;\n${k({ code: n, kind: 'A' })}\n}`;
      }
      case 'native':
        return this.native(ir, ty, env, k);
      case 'cons':
        return this.cons(ir, ty, env, k);
      case 'call':
        return this.call(ir, ty, env, k);
      case 'typed-dyn':
        return this.parametricCall(ir, ty, env, k);
      case 'if':
        return this.ifForm(ir, ty, env, k);
      case 'let':
        return this.letForm(ir, env, k);
      case 'superpose':
        return this.superpose(ir, env, k);
      case 'superpose-slot':
        return this.superposeSlot(ir, env, k);
      case 'collapse': {
        const list = this.t();
        const inner = this.gen(ir.body, TY_UNDEF, env, (v) => this.gatherEnd(v, list));
        return `{ const ${list} = []; C++;\n${inner}\n tick(); C--;\n${this.bind({ code: `tuple(${list})`, kind: 'A' }, k)}\n}`;
      }
      default:
        throw new NotJittable(`an IR node of kind ${ir.t}`);
    }
  }

  /**
   * A tuple of Ints (slots known to hold Ints, Int constants) headed by an
   * Int: isInert holds for it whatever the values, unless the space has
   * rules for value-headed calls (fixed for the program's space version).
   */
  private flatData(n: PNode, env: Env): boolean {
    if (n.items.length === 0 || this.program.info.space.hasValueHeadedRules()) return false;
    return n.items.every((x) => {
      if (x.kind === N_CONST) return constKind(x.atom) === 'N';
      if (x.kind !== N_SLOT) return false;
      const v = env.get(x.slot);
      return v !== undefined && (v.kind === 'N' || v.n !== undefined);
    });
  }

  /**
   * For a flat tuple of slots and Int constants (flatData's shape, the slots'
   * kinds not known here): the run-time test that every slot holds a number, or null.
   */
  private numberItems(n: PNode, env: Env): string | null {
    if (n.items.length === 0 || this.program.info.space.hasValueHeadedRules()) return null;
    const tests: string[] = [];
    for (const x of n.items) {
      if (x.kind === N_CONST && constKind(x.atom) === 'N') continue;
      if (x.kind !== N_SLOT) return null;
      const v = this.slot(env, x.slot);
      if (v.kind === 'N' || v.n !== undefined) continue;
      if (v.kind !== 'A') return null;
      tests.push(`isN(${v.code})`);
    }
    return tests.length === 0 ? null : tests.join(' && ');
  }

  /** A template instantiated from the slots (BUILD, a fallback's tuple): every slot must be bound. */
  private instantiate(n: PNode, env: Env): string {
    if (n.kind === N_CONST) return this.k(n.atom);
    if (n.kind === N_SLOT) return this.box(this.slot(env, n.slot));
    return `tuple([${n.items.map((x) => this.instantiate(x, env)).join(', ')}])`;
  }

  /**
   * A value filtered like a nested `metta`: a plain superpose walks its list
   * (one choice point), any other nondeterministic value runs inside a result
   * filter (BAR_PUSH … BAR_END); deterministic ones are just evaluated.
   */
  private filtered(ir: Ir, ty: number, env: Env, k: Cont): string {
    if (!this.nondet(ir)) return this.gen(ir, ty, env, k);
    const list = ty === TY_UNDEF ? plainAlternatives(ir) : null;
    if (list !== null) {
      const L = this.k(list), j = this.t(), x = this.t();
      const n = list.items.length;
      let raw = '', v: Val = { code: x, kind: 'A', plain: true };
      if (list.items.every((a) => constKind(a) === 'N')) {
        const r = `R${this.decls.length}`;
        this.decls.push(`const ${r} = [${list.items.map((a) => String(numberOf(a)!.n)).join(', ')}];`);
        raw = ` const ${x}n = ${r}[${j}];`;
        v = { ...v, n: `${x}n` };
      }
      return `{ C++;\n for (let ${j} = 0; ${j} < ${n}; ${j}++) {\n if (${j} > 0) { tick(); if (${j} === ${n - 1}) C--; }\n const ${x} = ${L}.items[${j}];${raw}\n${k(v)}\n }\n}`;
    }
    const m = this.t(), popped = this.t();
    const inner = this.gen(ir, ty, env, (v) => {
      const pop = `if (!${popped} && C === ${m} + 1) { C--; ${popped} = true; }`;
      if (v.kind !== 'A') return `${pop}\n${k(v)}`;
      if (v.plain === true) return `${pop}\n${k(v)}`;
      return `if (${v.code} !== EMPTY) { if (isErr(${v.code})) throw DEOPT; ${pop}\n${k({ ...v, plain: true })}\n}`;
    });
    return `{ const ${m} = C++; let ${popped} = false;\n${inner}\n if (!${popped}) { tick(); C--; }\n}`;
  }

  /** CHECK_ARG without a literal slot: Empty fails (the block is skipped), an Error deopts. */
  private checked(v: Val, rest: (v: Val) => string): string {
    if (v.kind !== 'A' || v.plain === true) return rest(v);
    return this.bind(v, (w) => `if (${w.code} !== EMPTY) { if (isErr(${w.code})) throw DEOPT;\n${rest(w)}\n}`);
  }

  /** A call argument (untyped: evaluated as %Undefined%, checked for Empty and Errors). */
  private arg(ir: Ir, env: Env, k: Cont): string {
    if (ir.t === 'const') return this.gen(ir, TY_UNDEF, env, k);
    return this.filtered(ir, TY_UNDEF, env, (v) => this.checked(v, k));
  }

  /** Arguments in order, each bound before the next is evaluated (so their alternatives nest the VM's way). */
  private args(irs: readonly Ir[], env: Env, each: (ir: Ir, env: Env, k: Cont, i: number) => string, k: (vs: Val[]) => string): string {
    const go = (i: number, acc: Val[]): string => {
      if (i === irs.length) return k(acc);
      return each(irs[i]!, env, (v) => this.bind(v, (w) => go(i + 1, [...acc, w])), i);
    };
    return go(0, []);
  }

  /**
   * TYCHK: a slot that must hold a Number (Bool) for the fast path. A
   * Number is unboxed here once, as an Int (a float deopts, which is always
   * allowed), and the code below reads the raw value from the new env.
   */
  private guards(checks: ReadonlyArray<{ readonly slot: number; readonly ty: number }>, env: Env): [string, Env] {
    let out = '';
    let e: Map<number, Val> | null = null;
    for (const c of checks) {
      const got = (e ?? env).get(c.slot);
      const v = got === undefined ? this.slot(env, c.slot) : this.withUnboxed(got);
      if (c.ty !== TY_NUMBER && c.ty !== TY_BOOL) {
        // A declared type (List, Expression, …): the VM's own check, the slow path a deopt.
        // A value found to have the type once has it in the code this guard's block encloses.
        const box = this.box(v), key = `${box}:${c.ty}`;
        if (IDENT.test(box) && this.known(key) !== undefined) continue;
        out += `hasTy(${box}, ${c.ty}); `;
        if (IDENT.test(box)) this.facts.push([key, box]);
        continue;
      }
      if (c.ty === TY_NUMBER && (v.kind === 'N' || v.n !== undefined)) continue;
      if (c.ty === TY_BOOL && v.kind === 'B') continue;
      this.need(v.kind === 'A', 'a type check that always fails');
      if (c.ty === TY_BOOL) {
        out += `tyB(${v.code}); `;
        continue;
      }
      const n = this.t();
      out += `const ${n} = ui(${v.code}); `;
      // A slot's own name is a constant of its function: later code inside this guard's block may read the Int.
      if (/^s\d+$/.test(v.code)) this.facts.push([v.code, n]);
      e ??= new Map(env);
      e.set(c.slot, { ...v, n, plain: true });
    }
    return [out, e ?? env];
  }

  private native(ir: Extract<Ir, { t: 'native' }>, ty: number, env: Env, k: Cont): string {
    const ret = ir.op.ret;
    if (ty === TY_INHERIT) this.need(specsMatch(this.resolve(ty), ret), 'a native result of the wrong type');
    else this.need(ty === TY_UNDEF || ty === ret, 'a native result of the wrong type');
    const [pre, genv] = this.guards(ir.checks, env);
    const each = (a: Ir, e: Env, kk: Cont): string => {
      if (a.t === 'slot' && checkedToItself(ir.checks, a.slot, ir.formal)) return kk(this.slot(e, a.slot));
      if (a.t === 'const') {
        this.need(a.atom !== SYMS.empty && !isErrorAtom(a.atom), 'an Empty or Error argument');
        return this.gen(a, ir.formal, e, kk);
      }
      if (a.t === 'slot') return this.gen(a, ir.formal, e, kk);
      return this.filtered(a, ir.formal, e, (v) => this.checked(v, kk));
    };
    // Bound at once: the operation's guards (DEOPT) must run even where nothing reads its value (a count).
    const body = this.args(ir.args, genv, each, (vs) => this.bind(this.op(ir, vs), k));
    return pre === '' ? body : `${pre}\n${body}`;
  }

  private op(ir: Extract<Ir, { t: 'native' }>, vs: readonly Val[]): Val {
    const int = (v: Val): string => (v.kind === 'N' ? v.code : v.n !== undefined ? v.n : v.kind === 'A' ? `ui(${v.code})` : 'ui(null)');
    const flt = (v: Val): string => (v.kind === 'N' ? v.code : v.n !== undefined ? v.n : v.kind === 'A' ? `uf(${v.code})` : 'uf(null)');
    const rawN = (v: Val): string | null => (v.kind === 'N' ? v.code : v.n ?? null);
    const bool = (v: Val): string => (v.kind === 'B' ? v.code : v.kind === 'A' ? `ub(${v.code})` : 'ub(null)');
    const [a, b] = vs;
    switch (ir.op.kind) {
      case 'arith': return { code: `${ARITH[ir.op.code]!}(${int(a!)}, ${int(b!)})`, kind: 'N' };
      case 'cmp': return { code: `(${flt(a!)} ${CMP[ir.op.code]!} ${flt(b!)})`, kind: 'B' };
      case 'eq':
        if (a!.kind === b!.kind && a!.kind !== 'A') return { code: `(${a!.code} === ${b!.code})`, kind: 'B' };
        if (rawN(a!) !== null && rawN(b!) !== null) return { code: `(${rawN(a!)!} === ${rawN(b!)!})`, kind: 'B' };
        return { code: `eq(${this.box(a!)}, ${this.box(b!)})`, kind: 'B' };
      case 'logic':
        // Both sides are evaluated and unboxed (LOGIC does not short-circuit: a non-Bool on the right is off the fast path).
        if (a!.kind === 'B' && b!.kind === 'B') return { code: `(${a!.code} ${ir.op.code === 0 ? '&&' : '||'} ${b!.code})`, kind: 'B' };
        return { code: `${ir.op.code === 0 ? 'land' : 'lor'}(${bool(a!)}, ${bool(b!)})`, kind: 'B' };
      default: return { code: `!${bool(a!)}`, kind: 'B' };
    }
  }

  private cons(ir: Extract<Ir, { t: 'cons' }>, ty: number, env: Env, k: Cont): string {
    this.need(ir.evalResult !== true, 'a re-evaluated tuple');
    if (ir.typed !== undefined) {
      // A typed constructor's term: the call's checks, then its head and arguments as a tuple.
      const tc = ir.typed;
      const [pre, genv] = this.typedEntry(tc, ty, env);
      const head = this.k((ir.items[0] as Extract<Ir, { t: 'const' }>).atom);
      const body = this.args(ir.items.slice(1), genv, (a, e, kk, i) => this.typedArg(tc, a, i, e, kk),
        (vs) => this.bind({ code: `tuple([${[head, ...vs.map((v) => this.box(v))].join(', ')}])`, kind: 'A' }, k));
      return pre === '' ? body : `{ ${pre}\n${body}\n}`;
    }
    if (ir.items.every((a) => a.t === 'const' && a.atom.kind !== EXPRESSION && a.atom !== SYMS.empty)) {
      return k({ code: this.k(expr(ir.items.map((a) => (a as { atom: Atom }).atom))), kind: 'A' });
    }
    for (const a of ir.items) if (a.t === 'const') this.need(a.atom !== SYMS.empty && !isErrorAtom(a.atom), 'an Empty or Error item');
    return this.args(ir.items, env, (a, e, kk) => this.arg(a, e, kk), (vs) => this.bind({ code: `tuple([${vs.map((v) => this.box(v)).join(', ')}])`, kind: 'A' }, k));
  }

  private ifForm(ir: Extract<Ir, { t: 'if' }>, ty: number, env: Env, k: Cont): string {
    const [guard, genv] = this.guards(ir.checks, env);
    const pre = [guard];
    env = genv;
    if (this.single(ir.then) && this.single(ir.else)) return `{ ${pre.join('')}\n${this.detIf(ir, ty, env, k)}\n}`;
    const kk = this.shared(k, pre);
    const code = this.filtered(ir.cond, TY_BOOL, env, (c) => {
      const then = this.gen(ir.then, ty, env, kk), other = this.gen(ir.else, ty, env, kk);
      if (c.kind === 'B') return `if (${c.code}) {\n${then}\n} else {\n${other}\n}`;
      this.need(c.kind === 'A', 'an if over a number');
      return this.bind(c, (w) => `if (${w.code} !== EMPTY) { if (ub(${w.code})) {\n${then}\n} else {\n${other}\n} }`);
    });
    return `{ ${pre.join('\n')}\n${code}\n}`;
  }

  /**
   * An if whose branches give at most one result each: the branch's value
   * goes to one variable and the rest of the computation is emitted once
   * after it (no closure). A deterministic branch leaves no choice point, so
   * going on after it is what the VM does.
   */
  private detIf(ir: Extract<Ir, { t: 'if' }>, ty: number, env: Env, k: Cont): string {
    return this.filtered(ir.cond, TY_BOOL, env, (cond) => this.bind(cond, (c) => {
      const r = this.t();
      // Each branch's value is a marker first: once both are known, raw values of one kind stay raw.
      const vals: Val[] = [];
      const branch = (b: Ir): string => this.gen(b, ty, env, (v) => `@@${r}:${vals.push(v) - 1}@@`);
      const then = branch(ir.then), other = branch(ir.else);
      const raw = vals.length > 0 && vals.every((x) => x.kind === vals[0]!.kind && x.kind !== 'A') ? vals[0]!.kind : null;
      const fill = (code: string): string => code.replace(new RegExp(`@@${r}:(\\d+)@@`, 'g'), (_m, i: string) => {
        const v = vals[Number(i)]!;
        return `${r} = ${raw === null ? this.box(v) : v.code};`;
      });
      this.need(c.kind !== 'N', 'an if over a number');
      const head = c.kind === 'B' ? `if (${c.code}) {\n${fill(then)}\n} else {\n${fill(other)}\n}`
        : `if (${c.code} !== EMPTY) { if (ub(${c.code})) {\n${fill(then)}\n} else {\n${fill(other)}\n} }`;
      const rest = k({ code: r, kind: raw ?? 'A' });
      return `{ let ${r} = null;\n${head}\nif (${r} !== null) {\n${rest}\n} }`;
    }));
  }

  private letForm(ir: Extract<Ir, { t: 'let' }>, env: Env, k: Cont): string {
    const p = ir.pat.root;
    this.need(p.kind === N_SLOT && !env.has(p.slot) && (this.frameTy !== null || !this.reads.has(p.slot)), 'a let pattern that is not a fresh variable');
    this.need(ir.literal || ir.literalSlot < 0, 'a let of a variable that may be Empty');
    // A binding outlives the let's body on the VM (until backtracking undoes it): a second let of the
    // same variable would compare, not bind. One let per slot and body keeps the lexical view exact.
    this.need(!this.letSlots.has(p.slot), 'a variable bound by two lets');
    this.letSlots.add(p.slot);
    if (this.frameTy === null) this.binds.add(p.slot);
    return this.filtered(ir.value, TY_UNDEF, env, (v) => {
      const body = (w: Val): string => this.bind(w, (x) => {
        const e = new Map(env);
        e.set(p.slot, x);
        return this.gen(ir.body, TY_UNDEF, e, k);
      });
      if (ir.literal || v.kind !== 'A') return body(v);
      return this.checked(v, body);
    });
  }

  private superpose(ir: Extract<Ir, { t: 'superpose' }>, env: Env, k: Cont): string {
    const alts = ir.alts;
    if (alts.length === 0) return '';
    if (alts.length === 1) return this.gen(alts[0]!, TY_UNDEF, env, k);
    // ALTS: one choice point; resuming alternative i > 0 is one step, and the last one pops it.
    const pre: string[] = [];
    const kk = this.shared(k, pre);
    const parts = alts.map((a, i) => {
      const head = i === 0 ? 'C++;' : i === alts.length - 1 ? 'tick(); C--;' : 'tick();';
      return `${head}\n{\n${this.gen(a, TY_UNDEF, env, kk)}\n}`;
    });
    return `{ ${pre.join('\n')}\n${parts.join('\n')}\n}`;
  }

  /**
   * `(superpose $xs)` (SPLIT on a slot): a value that is not an expression is
   * the tree-walker's (a deopt); each item is a result evaluated further
   * (EVAL_TOP, which deopts where `metta` would have to run on it), one choice
   * point over the items when there are several.
   */
  private superposeSlot(ir: Extract<Ir, { t: 'superpose-slot' }>, env: Env, k: Cont): string {
    const v = this.slot(env, ir.slot);
    const xs = this.t(), n = this.t(), j = this.t(), x = this.t();
    const loop = (body: string): string => `for (let ${j} = 0; ${j} < ${n}; ${j}++) {
 if (${j} > 0) { tick(); if (${j} === ${n} - 1) C--; }
${body}
 }`;
    const head = `const ${xs} = ${this.box(v)}; if (${xs}.kind !== ${EXPRESSION}) throw DEOPT;
 const ${n} = ${xs}.items.length; if (${n} > 1) C++;`;
    const generic = (): string => `const ${x} = ev(${xs}.items[${j}], ${TY_UNDEF});\n${k({ code: x, kind: 'A' })}`;
    if (this.intCopies >= MAX_INT_COPIES) return `{ ${head}\n${loop(generic())}\n}`;
    // A list of Ints (the usual case: numbers passed as data) gets its own copy of the code
    // below, which reads them raw, as a plain superpose of Int constants is: each Int evaluates to itself.
    const raw = this.t(), cache = `L${this.decls.length}`;
    this.decls.push(`let ${cache}k = null, ${cache}r = null;`);
    this.intCopies++;
    const lets = new Set(this.letSlots);
    let ints: string;
    try {
      ints = `const ${x} = ${xs}.items[${j}], ${x}n = ${raw}[${j}];\n${k({ code: x, kind: 'A', n: `${x}n`, plain: true })}`;
    } finally {
      this.intCopies--;
    }
    // The second copy binds the same variables in the other branch.
    const bound = this.letSlots;
    this.letSlots = lets;
    const other = generic();
    for (const sl of bound) this.letSlots.add(sl);
    return `{ ${head}
 if (${xs} !== ${cache}k) { ${cache}k = ${xs}; ${cache}r = intsOf(${xs}); }
 const ${raw} = ${cache}r;
 if (${raw} !== null) {
${loop(ints)}
 } else {
${loop(other)}
 }
}`;
  }

  private call(ir: Extract<Ir, { t: 'call' }>, ty: number, env: Env, k: Cont): string {
    const p = this.program.procs[ir.proc]!;
    this.need(!p.failed && p.lowered !== null && p.table === null, 'a procedure the VM cannot compile, or a tabled one');
    for (const a of ir.args) if (a.t === 'const' && ir.typed === undefined) this.need(a.atom !== SYMS.empty && !isErrorAtom(a.atom), 'an Empty or Error argument');
    const tc = ir.typed;
    let pre = '';
    let each: (a: Ir, e: Env, kk: Cont, i: number) => string = (a, e, kk) => this.arg(a, e, kk);
    if (tc !== undefined) {
      [pre, env] = this.typedEntry(tc, ty, env);
      each = (a, e, kk, i) => this.typedArg(tc, a, i, e, kk);
    }
    const code = this.untypedCall(ir, tc === undefined ? this.resolve(ty) : tc.ret, env, each, k, tc?.argTys);
    return pre === '' ? code : `{ ${pre}\n${code}\n}`;
  }

  /**
   * A typed call's entry (typedCall in emit.ts): the declared result checked
   * against the type asked for (statically: a procedure's asked-for type is
   * fixed per compiled function), then TYCHK's run-time checks, which deopt.
   */
  private typedEntry(tc: TypedCall, ty: number, env: Env): [string, Env] {
    const declared = tc.declared ?? tc.ret;
    const fits = ty === TY_INHERIT ? declared === TY_UNDEF || specsMatch(this.resolve(ty), declared) : specsMatch(ty, declared);
    this.need(fits, 'a typed call whose declared result does not fit the type asked for');
    return this.guards(tc.checks, env);
  }

  /** One argument of a typed call, against its formal type (the arg of typedCall in emit.ts). */
  private typedArg(tc: TypedCall, a: Ir, i: number, env: Env, k: Cont): string {
    const aty = tc.argTys[i]!;
    if (aty === PASS_AS_WRITTEN) return this.asWritten(a, env, k);
    if (a.t === 'slot' && checkedToItself(tc.checks, a.slot, aty)) return k(this.slot(env, a.slot));
    return this.evaluatedArg(a, aty, env, k);
  }

  /** An argument a typed call evaluates against `aty` (CHECK_ARG with the literal slot). */
  private evaluatedArg(a: Ir, aty: number, env: Env, k: Cont): string {
    if (a.t === 'const') {
      this.need(a.computed !== true || (a.atom !== SYMS.empty && !isErrorAtom(a.atom)), 'an Empty or Error argument');
      return a.atom === SYMS.empty || isErrorAtom(a.atom) ? this.asWritten(a, env, k) : this.gen(a, aty, env, k);
    }
    // ev gives a slot's own value or deopts, so an Empty or Error there is the slot's: CHECK_ARG's literal case passes it on.
    if (a.t === 'slot') return this.gen(a, aty, env, k);
    return this.filtered(a, aty, env, (v) => this.checked(v, k));
  }

  /**
   * A call of a parametric function (parametricCall in emit.ts): TYPARAM's
   * check with the call's values, made by the VM's own code (a failed one is
   * the tree-walker's: a deopt), then the arguments it proved to evaluate to
   * themselves passed as they are, the others evaluated, and the call asked
   * for the declared result type. A result type found only at run time is the VM's.
   */
  private parametricCall(ir: Extract<Ir, { t: 'typed-dyn' }>, ty: number, env: Env, k: Cont): string {
    this.need(ir.retSlot < 0, 'a parametric call whose result type is found at run time');
    const rt = this.resolve(ty);
    const mask = ir.direct.reduce((m, d, i) => (d ? m | (1 << i) : m), 0);
    const check = `tyParam(${this.instantiate(ir.call.root, env)}, ${rt}, ${mask}, true);`;
    const each = (a: Ir, e: Env, kk: Cont, i: number): string => (ir.direct[i] === true ? this.asWritten(a, e, kk) : this.evaluatedArg(a, TY_UNDEF, e, kk));
    if (ir.proc === 'none') {
      const head = this.k(ir.head);
      return `{ ${check}\n${this.args(ir.args, env, each, (vs) => this.bind({ code: `tuple([${[head, ...vs.map((v) => this.box(v))].join(', ')}])`, kind: 'A' }, k))}\n}`;
    }
    const p = this.program.procs[ir.proc]!;
    this.need(!p.failed && p.lowered !== null && p.table === null, 'a procedure the VM cannot compile, or a tabled one');
    const call: Extract<Ir, { t: 'call' }> = { t: 'call', proc: ir.proc, args: ir.args };
    return `{ ${check}\n${this.untypedCall(call, ir.ret, env, each, k)}\n}`;
  }

  /** An argument passed unevaluated (PASS_AS_WRITTEN, TYPARAM's direct ones): a constant, a built atom or a slot's value. */
  private asWritten(a: Ir, env: Env, k: Cont): string {
    if (a.t === 'const') return k({ code: a.atom === SYMS.empty ? 'EMPTY' : this.k(a.atom), kind: 'A' });
    if (a.t === 'build') return this.bind({ code: this.instantiate(a.tpl.root, env), kind: 'A' }, k);
    if (a.t === 'slot') return k({ code: this.box(this.slot(env, a.slot)), kind: 'A' });
    throw new NotJittable(`an unevaluated argument of kind ${a.t}`);
  }

  /**
   * A call of procedure `ir.proc` asked for type `rt`, its arguments emitted by
   * `each`; for a typed call, `argTys` are its formals' specs (see callContract).
   */
  private untypedCall(
    ir: Extract<Ir, { t: 'call' }>, rt: number, env: Env, each: (a: Ir, e: Env, kk: Cont, i: number) => string, k: Cont,
    argTys?: readonly number[],
  ): string {
    const p = this.program.procs[ir.proc]!;
    const only = p.lowered!.length === 1 && p.lowered![0]!.pats.every((x) => x == null) ? p.lowered![0]! : null;
    if (only !== null && only.body.t === 'const') {
      // A rule giving a constant (`(= (empty) Empty)`): the call's step, then the constant, inline.
      const body = only.body;
      return this.args(ir.args, env, each, () => {
        // The constant as the callee's body gives it (its INHERIT is `rt`); the caller's code goes on in the caller's frame.
        const saved = this.frameTy;
        this.frameTy = rt;
        let value: Val | null = null;
        const mark = `@@I${this.tmp++}@@`;
        let code: string;
        try {
          // Its code (a cast's check) stays; the marker is where the caller's code goes on.
          code = this.gen(body, TY_INHERIT, new Map(), (v) => {
            value = v;
            return mark;
          });
        } finally {
          this.frameTy = saved;
        }
        return `tick();\n${code.replace(mark, () => k(value!))}`;
      });
    }
    const direct = this.isDirect(p.id);
    return this.args(ir.args, env, each, (vs) => {
      const contract = argTys === undefined ? NO_CONTRACT : this.callContract(vs, argTys);
      const key = fnKey(p, rt, contract);
      if (!this.fns.has(key)) {
        this.fns.set(key, null);
        if (direct) {
          // Emitted now, so its result kind is known here (a call met while it is being emitted gets Atoms).
          this.inProgress.add(key);
          this.fns.set(key, this.directFn(p, rt, contract));
          this.inProgress.delete(key);
        } else this.todo.push([p, rt, contract]);
      } else if (this.inProgress.has(key)) this.boxed.add(key);
      const x = this.t();
      if (direct) {
        const kind = this.inProgress.has(key) ? 'A' : this.directKinds.get(key) ?? 'A';
        return `tick();\n{ const ${x} = d${key}(${vs.map((v) => this.box(v)).join(', ')});\nif (${x} !== null) {\n${k({ code: x, kind })}\n} }`;
      }
      return `tick();\np${key}((${x}) => {\n${k({ code: x, kind: 'A' })}\n}${vs.map((v) => `, ${this.box(v)}`).join('')});`;
    });
  }

  /**
   * What a typed call tells its callee about the arguments: per argument, the
   * spec of its formal when the argument's value is a name found both to have
   * that type (hasTy) and to evaluate to itself against it (ev) around the
   * call, else -1. The callee is compiled once per contract; its parameters
   * get those facts, and so do the parts its patterns take apart (matchCode).
   */
  private callContract(vs: readonly Val[], argTys: readonly number[]): Contract {
    let any = false;
    const c = vs.map((v, i) => {
      const aty = argTys[i];
      if (aty === undefined || aty <= TY_INHERIT || isMetaType(typeOfSpec(aty))) return -1;
      const box = this.box(v);
      if (!IDENT.test(box) || !this.isProven(box, aty)) return -1;
      any = true;
      return aty;
    });
    return any ? c : NO_CONTRACT;
  }

  /** A procedure function's parameters' facts, from the contract it is compiled for. */
  private enterContract(contract: Contract): void {
    contract.forEach((spec, i) => {
      if (spec >= 0) this.prove(`s${i}`, spec);
    });
  }

  /** The facts of a value known to have type `spec` and to evaluate to itself against it: a guard's and an evaluation's. */
  private prove(name: string, spec: number): void {
    this.facts.push([`${name}:${spec}`, name], [`${name}@${spec}`, name]);
  }

  /** Do both of those facts hold for `name` around this point? */
  private isProven(name: string, spec: number): boolean {
    return this.known(`${name}:${spec}`) !== undefined && this.known(`${name}@${spec}`) !== undefined;
  }

  /** Emits a procedure function (placed apart, at the module's top): no fact of the point that asked for it holds there. */
  private apart(emit: () => string): string {
    const outer = this.facts;
    this.facts = [];
    try {
      return emit();
    } finally {
      this.facts = outer;
    }
  }

  /**
   * A procedure's rules tried in order, the VM's `enter`: the first that
   * matches runs; when a later rule could match too, a choice point resumes
   * there (one step) after the body's results are exhausted. No rule at all:
   * the call is its own value.
   */
  private procFn(p: Proc, ty: number, contract: Contract): string {
    return this.apart(() => this.procFnBody(p, ty, contract));
  }

  private procFnBody(p: Proc, ty: number, contract: Contract): string {
    if (this.isDirect(p.id)) return this.directFn(p, ty, contract);
    this.enterContract(contract);
    const name = `p${fnKey(p, ty, contract)}`;
    const saved = this.frameTy;
    const savedLets = this.letSlots;
    this.frameTy = ty;
    const rules = p.lowered!;
    const n = p.arity;
    const args = Array.from({ length: n }, (_, i) => `s${i}`);
    if (rules.length === 1 && rules[0]!.pats.every((x) => x == null)) {
      // One rule that takes any arguments: no choice point, no matching.
      const env = new Map<number, Val>();
      for (let a = 0; a < n; a++) env.set(a, { code: `s${a}`, kind: 'A' });
      this.letSlots = new Set();
      const body = this.gen(rules[0]!.body, TY_INHERIT, env, (v) => `k(${this.box(v)});`);
      this.frameTy = saved;
      this.letSlots = savedLets;
      return `// ${p.head.name}/${n} asked for type ${ty}
function ${name}(k${args.map((a) => `, ${a}`).join('')}) {
 if (++D > ${MAX_NONDET_DEPTH}) throw DEOPT;
${body}
 D--;
}`;
    }
    const cases = rules.map((r, i) => {
      const env = new Map<number, Val>();
      for (let a = 0; a < n; a++) env.set(a, { code: `s${a}`, kind: 'A' });
      // What a rule's match proves holds in its own body only.
      const mark = this.facts.length;
      const match: string[] = [];
      r.pats.forEach((pat, a) => {
        if (pat != null) match.push(this.matchCode(pat.root, `s${a}`, env, undefined, contract[a] ?? -1));
      });
      this.letSlots = new Set();
      const body = this.gen(r.body, TY_INHERIT, env, (v) => `k(${this.box(v)});`);
      this.facts.length = mark;
      const could = rules.slice(i + 1).map((q, j) => `${q.pats.every((x) => x == null) ? 'true' : `could(PT[${this.pats.push(q.pats.map((x) => x?.root ?? null)) - 1}], [${args.join(', ')}])`} ? ${i + 1 + j} : `).join('') + rules.length;
      return `   case ${i}: {\n${match.join('\n')}\n    const next = ${could};\n    if (next < ${rules.length}) C++;\n${body}\n    if (next >= ${rules.length}) { D--; return; }\n    tick(); C--; i = next; first = false; continue;\n   }`;
    });
    this.frameTy = saved;
    this.letSlots = savedLets;
    return `// ${p.head.name}/${n} asked for type ${ty}
function ${name}(k${args.map((a) => `, ${a}`).join('')}) {
 if (++D > ${MAX_NONDET_DEPTH}) throw DEOPT;
 let i = 0, first = true;
 for (;;) {
  if (i >= ${rules.length}) break;
  switch (i) {
${cases.join('\n')}
  }
 }
 D--;
 if (first) k(tuple([${this.k(p.head)}${args.map((a) => `, ${a}`).join('')}]));
}`;
  }

  /** Direct functions being emitted, those called while being emitted (they return Atoms), and each one's result kind. */
  private readonly inProgress = new Set<string>();
  private readonly boxed = new Set<string>();
  private readonly directKinds = new Map<string, VKind>();

  /** Procedures compiled in direct style (see directFn), found by a greatest fixpoint over the program. */
  private direct: Set<number> | null = null;

  private isDirect(id: number): boolean {
    if (this.direct === null) {
      const procs = this.program.procs.filter((p) => !p.failed && p.lowered !== null && p.table === null && disjointRules(p));
      const d = new Set(procs.map((p) => p.id));
      for (let changed = true; changed;) {
        changed = false;
        for (const p of procs) {
          if (d.has(p.id) && !p.lowered!.every((r) => this.single(r.body, d))) {
            d.delete(p.id);
            changed = true;
          }
        }
      }
      this.direct = d;
    }
    return this.direct.has(id);
  }

  /**
   * A procedure whose rules exclude each other (at most one matches, so the
   * VM never leaves a choice point for the next) and whose bodies give at
   * most one result: a function returning its result (null for none), so
   * its callers need no continuation closure. The body is emitted as
   * everywhere else, its one result stored in R.
   */
  private directFn(p: Proc, ty: number, contract: Contract): string {
    return this.apart(() => this.directFnBody(p, ty, contract));
  }

  private directFnBody(p: Proc, ty: number, contract: Contract): string {
    this.enterContract(contract);
    const saved = this.frameTy;
    const savedLets = this.letSlots;
    this.frameTy = ty;
    const n = p.arity;
    const args = Array.from({ length: n }, (_, i) => `s${i}`);
    // Each result is a marker first: a single rule for any arguments whose results are all raw Ints (Bools) returns them raw.
    const vals: Val[] = [];
    const mark = `@@R${this.tmp++}:`;
    const rules = p.lowered!.map((r, i) => {
      const env = new Map<number, Val>();
      for (let a = 0; a < n; a++) env.set(a, { code: `s${a}`, kind: 'A' });
      const facts = this.facts.length;
      const match = r.pats.map((pat, a) => (pat == null ? '' : this.matchCode(pat.root, `s${a}`, env, `break r${i};`, contract[a] ?? -1))).filter((x) => x !== '');
      this.letSlots = new Set();
      const body = this.gen(r.body, TY_INHERIT, env, (v) => `${mark}${vals.push(v) - 1}@@`);
      this.facts.length = facts;
      return `  r${i}: {\n${match.join('\n')}\n${body}\n  break done;\n  }`;
    });
    this.frameTy = saved;
    this.letSlots = savedLets;
    const key = fnKey(p, ty, contract);
    const anyArgs = p.lowered!.length === 1 && p.lowered![0]!.pats.every((x) => x == null);
    const raw = anyArgs && !this.boxed.has(key) && vals.length > 0 && vals.every((v) => v.kind === vals[0]!.kind && v.kind !== 'A') ? vals[0]!.kind : null;
    this.directKinds.set(key, raw ?? 'A');
    const fill = (code: string): string => code.replace(new RegExp(`${mark}(\\d+)@@`, 'g'), (_m, i: string) => {
      const v = vals[Number(i)]!;
      return `R = ${raw === null ? this.box(v) : v.code};`;
    });
    for (let i = 0; i < rules.length; i++) rules[i] = fill(rules[i]!);
    return `// ${p.head.name}/${n} asked for type ${ty}, direct
function d${key}(${args.join(', ')}) {
 if (++D > ${MAX_NONDET_DEPTH}) throw DEOPT;
 let R = null;
 done: {
${rules.join('\n')}
  R = tuple([${[this.k(p.head), ...args].join(', ')}]);
 }
 D--;
 return R;
}`;
  }

  /**
   * Matching code for one argument: on failure, tries the next rule (`i++;
   * continue`). `spec` (unless -1): v was proven to have that type and to
   * evaluate to itself against it, and so are the parts of it a constructor's
   * signature says (provenArgSpecs): a slot bound to one gets those facts.
   */
  private matchCode(n: PNode, v: string, env: Map<number, Val>, fail = `{ i++; continue; }`, spec = -1): string {
    // Symbols are interned (atom.ts's sym): one is equal only to itself.
    if (n.kind === N_CONST && n.atom.kind === SYMBOL) return `    if (${v} !== ${this.k(n.atom)}) ${fail}`;
    if (n.kind === N_CONST) return `    if (!eq(${this.k(n.atom)}, ${v})) ${fail}`;
    if (n.kind === N_SLOT) {
      const cur = env.get(n.slot);
      if (cur !== undefined) return `    if (!eq(${this.box(cur)}, ${v})) ${fail}`;
      const name = `s${n.slot}`;
      env.set(n.slot, { code: name, kind: 'A' });
      if (spec >= 0) this.prove(name, spec);
      return `    const ${name} = ${v};`;
    }
    const lines = [`    if (${v}.kind !== ${EXPRESSION} || ${v}.items.length !== ${n.items.length}) ${fail}`];
    const h = n.items[0];
    const parts = spec >= 0 && h !== undefined && h.kind === N_CONST ? provenArgSpecs(this.program.info, h.atom, n.items.length - 1, spec) : null;
    n.items.forEach((c, i) => {
      const x = this.t();
      lines.push(`    const ${x} = ${v}.items[${i}];`);
      lines.push(this.matchCode(c, x, env, fail, i > 0 && parts !== null ? parts[i - 1]! : -1));
    });
    return lines.join('\n');
  }
}

/** Do a procedure's rules exclude each other: some argument where every two patterns cannot both match? */
function disjointRules(p: Proc): boolean {
  const rules = p.lowered!;
  for (let i = 0; i < rules.length; i++) {
    for (let j = i + 1; j < rules.length; j++) {
      const a = rules[i]!.pats, b = rules[j]!.pats;
      if (!a.some((x, k) => x != null && b[k] != null && disjoint(x.root, b[k]!.root))) return false;
    }
  }
  return true;
}

/** Can no atom match both patterns? (Conservative: false when unsure.) */
function disjoint(x: PNode, y: PNode): boolean {
  if (x.kind === N_SLOT || y.kind === N_SLOT) return false;
  if (x.kind === N_CONST && y.kind === N_CONST) return !atomEq(x.atom, y.atom);
  if (x.kind === N_CONST || y.kind === N_CONST) {
    const c = x.kind === N_CONST ? x : y, e = x.kind === N_CONST ? y : x;
    return c.atom.kind !== EXPRESSION || c.atom.items.length !== e.items.length;
  }
  return x.items.length !== y.items.length || x.items.some((a, i) => disjoint(a, y.items[i]!));
}
