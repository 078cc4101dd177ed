// IR to JavaScript source, for procedures `shapesFrom` accepted. Values are
// raw JS numbers (safe integers) and booleans; every operation the VM's fast
// path would not take (overflow past 2^53, division by zero, nesting too deep)
// throws DEOPT instead, and the VM runs the call again the normal way: the
// procedures are pure and deterministic, so that is exact. Steps are counted
// one per call, like the VM's CALL, with the same limit and clock checks.
import type { Ir } from '../ir.js';
import { TY_UNDEF, TY_NUMBER, TY_BOOL, TY_INHERIT } from '../opcodes.js';
import { N_SLOT } from '../patterns.js';
import { NotJittable, constKind, kindOfTy, type Kind, type Shape } from './eligible.js';

/** Nested compiled calls allowed before deopting, so the JS stack never overflows (the VM has its own stacks). */
export const MAX_DEPTH = 2500;

const MAX_SAFE = '9007199254740991';

// Names the generated code gets from its helper object H (see index.ts).
const PRELUDE = `"use strict";
const DEOPT = H.DEOPT, limit = H.limit, timeUp = H.timeUp, unbox = H.unbox;
let S = 0, M = 0, T = 0;
function add(a, b) { const r = a + b; if (r > ${MAX_SAFE} || r < -${MAX_SAFE}) throw DEOPT; return r; }
function sub(a, b) { const r = a - b; if (r > ${MAX_SAFE} || r < -${MAX_SAFE}) throw DEOPT; return r; }
function mul(a, b) { const r = a * b; if (r > ${MAX_SAFE} || r < -${MAX_SAFE}) throw DEOPT; return r; }
function div(a, b) { if (b === 0) throw DEOPT; return Math.trunc(a / b); }
function mod(a, b) { if (b === 0) throw DEOPT; return a % b; }
`;

const ARITH = ['add', 'sub', 'mul', 'div', 'mod'];
const CMP = ['<', '>', '<=', '>='];

/**
 * A module body for `new Function('H', source)`: one function per procedure and
 * `run(vals, base, steps, maxSteps, deadline)`, which unboxes the root's
 * arguments (undefined when one is not of its kind) and runs it.
 */
export function emitModule(shapes: ReadonlyMap<number, Shape>, root: number): string {
  const parts = [PRELUDE];
  for (const s of shapes.values()) parts.push(new ProcEmitter(s, shapes).fn());
  const r = shapes.get(root)!;
  const args = r.params.map((_, i) => `x${i}`);
  const unboxing = r.params.map((k, i) =>
    `  const x${i} = unbox(v[b + ${i}]); if (typeof x${i} !== '${k === 'N' ? 'number' : 'boolean'}') return undefined;\n`).join('');
  parts.push(`return {
 run(v, b, steps, max, deadline) {
${unboxing}  S = steps - 1; M = max; T = deadline;
  return f${root}(${['0', ...args].join(', ')});
 },
 steps() { return S; },
};`);
  return parts.join('\n');
}

/** Emits one procedure; throws NotJittable where the VM would do anything but its fast path. */
class ProcEmitter {
  private readonly shape: Shape;
  private readonly shapes: ReadonlyMap<number, Shape>;
  private readonly arity: number;
  /** `let` slots whose binding encloses the code being emitted. */
  private readonly scope = new Set<number>();
  private temps = 0;

  constructor(shape: Shape, shapes: ReadonlyMap<number, Shape>) {
    this.shape = shape;
    this.shapes = shapes;
    this.arity = shape.params.length;
  }

  fn(): string {
    const rule = this.shape.proc.lowered![0]!;
    checkLetSites(rule.body, this.arity);
    const params = ['d', ...this.shape.params.map((_, i) => `a${i}`)];
    const lets = [...this.shape.lets.keys()].map((s) => `s${s}`);
    return `// ${this.shape.proc.head.name}/${this.arity}
function f${this.shape.proc.id}(${params.join(', ')}) {
 if (d > ${MAX_DEPTH}) throw DEOPT;
${lets.length > 0 ? ` let ${lets.join(', ')};\n` : ''} for (;;) {
  if (++S > M) limit(M);
  if ((S & 4095) === 0 && Date.now() > T) timeUp();
${this.tail(rule.body, TY_INHERIT, '  ')}
 }
}`;
  }

  /** Does a value of kind `k` pass where the VM asks for type `ty` (INHERIT: the caller's, checked at entry)? */
  private fits(k: Kind, ty: number): boolean {
    if (ty === TY_UNDEF) return true;
    if (ty === TY_INHERIT) return k === this.shape.ret;
    return kindOfTy(ty) === k;
  }

  private need(ok: boolean, why: string): void {
    if (!ok) throw new NotJittable(why);
  }

  private slotKind(slot: number): Kind {
    if (slot < this.arity) return this.shape.params[slot]!;
    this.need(this.scope.has(slot), 'a slot read outside its let');
    return this.shape.lets.get(slot)!;
  }

  private slotName(slot: number): string {
    return slot < this.arity ? `a${slot}` : `s${slot}`;
  }

  /** Statements delivering the value of `ir` as the procedure's result (tail position). */
  private tail(ir: Ir, ty: number, ind: string): string {
    switch (ir.t) {
      case 'if': {
        this.checks(ir.checks);
        const [c] = this.val(ir.cond, TY_BOOL);
        const deeper = ind + ' ';
        return `${ind}if (${c}) {\n${this.tail(ir.then, ty, deeper)}\n${ind}} else {\n${this.tail(ir.else, ty, deeper)}\n${ind}}`;
      }
      case 'let': {
        const [v, s] = this.letValue(ir);
        this.scope.add(s);
        const body = this.tail(ir.body, TY_UNDEF, ind);
        this.scope.delete(s);
        return `${ind}s${s} = ${v};\n${body}`;
      }
      case 'call':
        if (ir.proc === this.shape.proc.id) {
          // A self tail call: new arguments, then the loop (the VM reuses the frame the same way).
          const callee = this.callee(ir, ty);
          const args = this.args(ir, callee);
          const ts = args.map(() => `t${this.temps++}`);
          const set = ts.map((t, i) => `a${i} = ${t}; `).join('');
          const decl = ts.length > 0 ? `const ${ts.map((t, i) => `${t} = ${args[i]}`).join(', ')}; ` : '';
          return `${ind}{ ${decl}${set}continue; }`;
        }
        return `${ind}return ${this.val(ir, ty)[0]};`;
      default:
        return `${ind}return ${this.val(ir, ty)[0]};`;
    }
  }

  /** A JS expression for `ir` evaluated where type `ty` is asked for, and its kind. */
  private val(ir: Ir, ty: number): [string, Kind] {
    switch (ir.t) {
      case 'const': {
        const k = constKind(ir.atom);
        this.need(k !== null && this.fits(k, ty), 'a constant of the wrong kind');
        const v = ir.atom.value!.display();
        return [k === 'N' ? `(${v})` : v === 'True' ? 'true' : 'false', k!];
      }
      case 'slot': {
        const k = this.slotKind(ir.slot);
        this.need(this.fits(k, ty), 'a variable of the wrong kind');
        return [this.slotName(ir.slot), k];
      }
      case 'native':
        return this.native(ir, ty);
      case 'call': {
        const callee = this.callee(ir, ty);
        const args = this.args(ir, callee);
        return [`f${ir.proc}(${['d + 1', ...args].join(', ')})`, callee.ret];
      }
      case 'if': {
        this.checks(ir.checks);
        const [c] = this.val(ir.cond, TY_BOOL);
        const [a, ka] = this.val(ir.then, ty);
        const [b, kb] = this.val(ir.else, ty);
        this.need(ka === kb, 'branches of two kinds');
        return [`(${c} ? ${a} : ${b})`, ka];
      }
      case 'let': {
        const [v, s] = this.letValue(ir);
        this.scope.add(s);
        const [body, k] = this.val(ir.body, TY_UNDEF);
        this.scope.delete(s);
        this.need(this.fits(k, ty), 'a let of the wrong kind');
        return [`(s${s} = ${v}, ${body})`, k];
      }
      default:
        throw new NotJittable(`an IR node of kind ${ir.t}`);
    }
  }

  private native(ir: Extract<Ir, { t: 'native' }>, ty: number): [string, Kind] {
    const op = ir.op;
    const k: Kind = op.ret === TY_NUMBER ? 'N' : 'B';
    // Other types asked for make the VM fall back to the tree-walker (a type error).
    this.need(this.fits(k, ty), 'an operation whose result type is not the one asked for');
    this.checks(ir.checks);
    const args = ir.args.map((a) => this.val(a, ir.formal));
    const [a, ka] = args[0]!;
    switch (op.kind) {
      case 'arith':
      case 'cmp':
        this.need(args.every(([, x]) => x === 'N'), 'a non-number operand');
        return [op.kind === 'arith' ? `${ARITH[op.code]}(${a}, ${args[1]![0]})` : `(${a} ${CMP[op.code]} ${args[1]![0]})`, k];
      case 'eq':
        this.need(ka === args[1]![1], 'comparing values of two kinds');
        return [`(${a} === ${args[1]![0]})`, k];
      case 'logic':
        // `&`/`|` evaluate both sides, as the VM does (&& would skip calls and their steps).
        this.need(args.every(([, x]) => x === 'B'), 'a non-Bool operand');
        return [`((${a} ${op.code === 0 ? '&' : '|'} ${args[1]![0]}) === 1)`, k];
      default:
        this.need(ka === 'B', 'a non-Bool operand');
        return [`!${a}`, k];
    }
  }

  /** A type check the VM makes on a slot before an operation: it must hold statically. */
  private checks(cs: ReadonlyArray<{ readonly slot: number; readonly ty: number }>): void {
    for (const c of cs) this.need(this.slotKind(c.slot) === kindOfTy(c.ty), 'a type check that would fail');
  }

  /**
   * The shape of the procedure a call reaches. A typed call's checks must
   * hold statically, and its declared result type must be the callee's kind
   * (the VM evaluates the callee's body against it).
   */
  private callee(ir: Extract<Ir, { t: 'call' }>, ty: number): Shape {
    const callee = this.shapes.get(ir.proc);
    this.need(callee !== undefined && this.fits(callee.ret, ty), 'a call whose result kind is not the one asked for');
    if (ir.typed !== undefined) {
      this.need(kindOfTy(ir.typed.ret) === callee!.ret, 'a declared result type that is not the result kind');
      this.checks(ir.typed.checks);
    }
    return callee!;
  }

  private args(ir: Extract<Ir, { t: 'call' }>, callee: Shape): string[] {
    const irs = ir.args;
    this.need(irs.length === callee.params.length, 'arity');
    return irs.map((a, i) => {
      const aty = ir.typed === undefined ? TY_UNDEF : ir.typed.argTys[i]!;
      this.need(aty === TY_UNDEF || kindOfTy(aty) !== null, 'an argument passed unevaluated or of another type');
      const [code, k] = this.val(a, aty);
      this.need(k === callee.params[i], 'an argument of the wrong kind');
      return code;
    });
  }

  private letValue(ir: Extract<Ir, { t: 'let' }>): [string, number] {
    const s = ir.pat.root.slot;
    this.need(ir.pat.root.kind === N_SLOT && s >= this.arity && !this.scope.has(s), 'a let that would compare, not bind');
    const [v, k] = this.val(ir.value, TY_UNDEF);
    this.need(this.shape.lets.get(s) === k, 'a let slot of two kinds');
    return [v, s];
  }
}

/** Each let slot is bound at one place only: a second binding would compare in the VM, not bind. */
function checkLetSites(ir: Ir, arity: number): void {
  const seen = new Set<number>();
  const visit = (x: Ir): void => {
    switch (x.t) {
      case 'native': case 'call': x.args.forEach(visit); break;
      case 'if': visit(x.cond); visit(x.then); visit(x.else); break;
      case 'let': {
        const s = x.pat.root.slot;
        if (x.pat.root.kind !== N_SLOT || s < arity || seen.has(s)) throw new NotJittable('a let slot bound twice');
        seen.add(s);
        visit(x.value);
        visit(x.body);
        break;
      }
      default: break;
    }
  };
  visit(ir);
}
