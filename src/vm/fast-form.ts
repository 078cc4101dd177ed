// The compiler's one-pass path for the commonest top-level forms: ground
// arithmetic, comparison and Boolean chains over literals, `if` chains in
// tail position, `superpose` of constants, `quote`. It writes bytecode
// straight from the atom (no IR, no labels to patch, no verifier pass: it
// counts the stack depth as it writes), with the instructions the general
// path (lower.ts + emit.ts) gives these forms on their fast path, except that
// a superpose in the form's tail is one YIELD_ALL instead of ALTS.
// Anything else, or any doubt, returns null and the general path compiles the
// form. A test compares both paths' results and verifies every chunk.
import { Atom, SYMBOL, EXPRESSION, GROUNDED } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { NumberValue, BoolValue } from '../atom/grounded.js';
import { standardOperations } from '../stdlib/index.js';
import { operationOf } from '../stdlib/operation.js';
import { Chunk } from './chunk.js';
import { OP } from './opcodes.js';
import { NO_SLOTS, Template } from './patterns.js';
import type { SpaceInfo } from './space-info.js';

const NUM = 1, BOOL = 2;

interface Native {
  readonly op: number;
  /** ARITH/CMP/LOGIC sub-operation; -1 for NOT. */
  readonly code: number;
  readonly arity: number;
  /** What the arguments must be (NUM or BOOL) and what the result is. */
  readonly args: number;
  readonly ret: number;
}

const TABLE: ReadonlyArray<readonly [string, number, number, number, number, number]> = [
  ['+', OP.ARITH, 0, 2, NUM, NUM], ['-', OP.ARITH, 1, 2, NUM, NUM], ['*', OP.ARITH, 2, 2, NUM, NUM],
  ['/', OP.ARITH, 3, 2, NUM, NUM], ['%', OP.ARITH, 4, 2, NUM, NUM],
  ['<', OP.CMP, 0, 2, NUM, BOOL], ['>', OP.CMP, 1, 2, NUM, BOOL], ['<=', OP.CMP, 2, 2, NUM, BOOL], ['>=', OP.CMP, 3, 2, NUM, BOOL],
  ['and', OP.LOGIC, 0, 2, BOOL, BOOL], ['or', OP.LOGIC, 1, 2, BOOL, BOOL], ['not', OP.NOT, -1, 1, BOOL, BOOL],
];

let natives: Map<Atom, Native> | null = null;
let superposeOp: Atom | null = null;
/** The standard library's own operation atoms (a user-bound `+` is another atom, and not ours). */
function nativeOf(h: Atom): Native | undefined {
  if (natives === null) {
    natives = new Map();
    for (const a of standardOperations()) {
      const name = operationOf(a)!.name;
      if (name === 'superpose') superposeOp = a;
      const row = TABLE.find((r) => r[0] === name);
      if (row !== undefined) natives.set(a, { op: row[1], code: row[2], arity: row[3], args: row[4], ret: row[5] });
    }
  }
  return natives.get(h);
}

const QUOTE = 'quote', IF = 'if';

/**
 * The code buffer writers share (a chunk keeps a copy of what it wrote): a typed array's
 * allocation was most of a small form's compile. A writer made while another writes gets its own.
 */
let shared: Int32Array | null = new Int32Array(256);

/** Writes one chunk; `null` from any method means "not this path's form". */
class FastWriter {
  code: Int32Array;
  n = 0;
  depth = 0;
  max = 0;
  readonly consts: Atom[] = [];
  readonly templates: Template[] = [];
  private readonly info: SpaceInfo;

  constructor(info: SpaceInfo) {
    this.info = info;
    this.code = shared ?? new Int32Array(256);
    shared = null;
  }

  /** Gives the buffer back for the next writer (the larger one, if it grew). */
  release(): void {
    shared = this.code;
  }

  private put(x: number): void {
    if (this.n === this.code.length) {
      const g = new Int32Array(this.n * 2);
      g.set(this.code);
      this.code = g;
    }
    this.code[this.n++] = x;
  }

  private push(k: number): void {
    this.depth += k;
    if (this.depth > this.max) this.max = this.depth;
  }

  private constant(a: Atom): number {
    return this.consts.push(a) - 1;
  }

  private const_(a: Atom): void {
    this.put(OP.CONST);
    this.put(this.constant(a));
    this.push(1);
  }

  /** What a literal is to a typed argument: NUM, BOOL or 0 (neither). */
  private static literalClass(a: Atom): number {
    if (a.kind !== GROUNDED) return 0;
    return a.value instanceof NumberValue ? NUM : a.value instanceof BoolValue ? BOOL : 0;
  }

  /**
   * A native call in value or tail position; its arguments are literals of
   * the formal type or native calls whose result is that type. Leaves one
   * value (value mode) or ends with RET on every path (tail mode).
   */
  native(a: Atom, f: Native, tail: boolean): boolean {
    const items = a.items;
    if (items.length !== f.arity + 1) return false;
    // Where each nested argument's CHECK_ARG target is (patched when the abort exits are
    // written) and how many arguments lie below it; natives take at most two arguments.
    let check0 = -1, check1 = -1, below1 = 0;
    for (let i = 1; i < items.length; i++) {
      const x = items[i]!;
      const c = FastWriter.literalClass(x);
      if (c !== 0) {
        if (c !== f.args) return false;
        this.const_(x);
        continue;
      }
      if (x.kind !== EXPRESSION || x.items.length === 0) return false;
      const g = nativeOf(x.items[0]!);
      if (g === undefined || g.ret !== f.args) return false;
      if (!this.native(x, g, false)) return false;
      // An Error from a nested call aborts this one: it becomes the value.
      this.put(OP.CHECK_ARG);
      if (check0 < 0 && i === 1) check0 = this.n;
      else {
        check1 = this.n;
        below1 = i - 1;
      }
      this.put(-1);
      this.put(0);
    }
    this.put(f.op);
    if (f.op !== OP.NOT) this.put(f.code);
    this.put(this.constant(items[0]!));
    this.depth -= f.arity - 1;
    if (check0 < 0 && check1 < 0) {
      if (tail) this.ret();
      return true;
    }
    // Fast path done: skip the abort exits (value mode) or return (tail mode).
    let over = -1, end0 = -1;
    if (tail) this.ret();
    else {
      this.put(OP.JUMP);
      over = this.n;
      this.put(-1);
    }
    const d = this.depth;
    if (check0 >= 0) {
      // The error is on top, nothing below it.
      this.code[check0] = this.n;
      if (tail) this.put(OP.RET);
      else if (check1 >= 0) {
        this.put(OP.JUMP);
        end0 = this.n;
        this.put(-1);
      }
    }
    if (check1 >= 0) {
      // The error is on top with the earlier arguments below it.
      this.code[check1] = this.n;
      if (below1 > 0) {
        this.put(OP.SQUASH);
        this.put(below1);
      }
      if (tail) this.put(OP.RET);
    }
    this.depth = d;
    if (over >= 0) this.code[over] = this.n;
    if (end0 >= 0) this.code[end0] = this.n;
    return true;
  }

  private ret(): void {
    this.put(OP.RET);
    this.depth--;
  }

  /** A form in tail position of the top-level chunk (the expected type is %Undefined%). */
  tail(a: Atom): boolean {
    if (a.kind !== EXPRESSION || a.items.length === 0) return false;
    const h = a.items[0]!;
    if (h.kind === GROUNDED) {
      const f = nativeOf(h);
      if (f !== undefined) return this.native(a, f, true);
      if (h === superposeOp && a.items.length === 2) return this.superpose(a.items[1]!);
      return false;
    }
    if (h.kind !== SYMBOL || !this.info.specialsIntact) return false;
    if (h.name === QUOTE && a.items.length === 2 && a.ground) {
      this.const_(a);
      this.ret();
      return true;
    }
    if (h.name === IF && a.items.length === 4) return this.ifForm(a);
    return false;
  }

  /** A branch of a tail `if`: a literal or symbol as it is, or another tail form. */
  private branch(a: Atom): boolean {
    if (a.kind === EXPRESSION) return this.tail(a);
    if (a === S.notReducible || a.kind !== SYMBOL && a.kind !== GROUNDED) return false;
    this.const_(a);
    this.ret();
    return true;
  }

  private ifForm(a: Atom): boolean {
    const c = a.items[1]!, th = a.items[2]!, el = a.items[3]!;
    if (!a.ground) return false;
    const lit = FastWriter.literalClass(c);
    let other = -1;
    if (lit === BOOL) this.const_(c);
    else {
      if (c.kind !== EXPRESSION || c.items.length === 0) return false;
      const g = nativeOf(c.items[0]!);
      if (g === undefined || g.ret !== BOOL || !this.native(c, g, false)) return false;
    }
    // A condition that is no Bool (an Error, or a call left as it is) leaves the if to IF_TEST's exit.
    this.put(OP.IF_TEST);
    other = this.n;
    this.put(-1);
    this.put(this.templates.push(new Template(th, NO_SLOTS)) - 1);
    this.put(this.templates.push(new Template(el, NO_SLOTS)) - 1);
    this.put(OP.JUMP_FALSE);
    const toElse = this.n;
    this.put(-1);
    this.depth--;
    const d = this.depth;
    if (!this.branch(th)) return false;
    this.depth = d;
    this.code[toElse] = this.n;
    if (!this.branch(el)) return false;
    // IF_TEST's exit: the value on top is the if's result.
    this.depth = d + 1;
    this.code[other] = this.n;
    this.ret();
    return true;
  }

  /** `(superpose (c1 … cn))` of symbols and grounded atoms, each a result as it is. */
  private superpose(list: Atom): boolean {
    if (list.kind !== EXPRESSION) return false;
    const alts = list.items;
    for (const x of alts) if (x.kind !== SYMBOL && x.kind !== GROUNDED || x === S.notReducible) return false;
    if (alts.length === 0) {
      this.put(OP.FAIL);
      return true;
    }
    if (alts.length === 1) {
      this.const_(alts[0]!);
      this.ret();
      return true;
    }
    // The form's own tail: its alternatives go straight to the top-level results.
    this.put(OP.YIELD_ALL);
    this.put(this.constant(list));
    return true;
  }
}

const NO_LINES = new Int32Array(1 << 14);

/** The chunk for `form` by the one-pass path, or null when the general path must compile it. */
export function fastFormChunk(form: Atom, info: SpaceInfo): Chunk | null {
  if (form.kind !== EXPRESSION || !form.ground) return null;
  const w = new FastWriter(info);
  let code: Int32Array;
  try {
    if (!w.tail(form)) return null;
    code = w.code.slice(0, w.n);
  } finally {
    w.release();
  }
  // Every instruction comes from the form itself: source 0, one shared zero buffer (longer than the code; only disasm reads it).
  const lines = w.n <= NO_LINES.length ? NO_LINES : new Int32Array(w.n);
  const chunk = new Chunk('form', code, w.consts, w.templates, [], lines, [form], 0, 0);
  chunk.maxStack = w.max;
  return chunk;
}
