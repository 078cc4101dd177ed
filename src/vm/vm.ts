// The VM loop: one function with one switch over the Int32Array code, plus
// rule entry, matching and the exits to the tree-walker. Memory and
// backtracking are in stacks.ts. MeTTa calls never recurse in JS.
import { Atom, VARIABLE, SYMBOL, EXPRESSION, GROUNDED, expr, atomEq, sym, freshVariable } from '../atom/atom.js';
import { Bindings, varKey, occursIn, distinctVariables, type VarKey } from '../match/bindings.js';
import { S, UNIT } from '../atom/symbols.js';
import { NumberValue, BoolValue, makeInt, makeBool, makeString, TRUE, FALSE } from '../atom/grounded.js';
import { GroundingSpace, spaceOf } from '../space/space.js';
import { typeOfSpec, specsMatch } from './type-specs.js';
import { resultsWithoutEvaluation, staticTypeErrors } from './typed-entry.js';
import { chunkDepthBound } from './depth-bound.js';
import { arithmetic, compare } from '../stdlib/arith.js';
import { ExecError, NoReduce, Signal, operationOf, type OpContext, type OpHost } from '../stdlib/operation.js';
import { isStandardOp, MINIMAL_RUN, spaceInfo } from './space-info.js';
import { StepLimitExceeded } from '../interp/machine.js';
import { LimitExceeded, checkAtomSize } from '../runner/limits.js';
import { BYTES } from '../runner/memory.js';
import { clearCounts } from '../runner/engine.js';
import { isErrorAtom } from '../interp/values.js';
import type { Chunk } from './chunk.js';
import type { TableEntry } from './tabling.js';
import { Program, type Proc, type Rule } from './compiler.js';
import {
  VmStacks, type Rows, F_RET_PC, F_RET_CHUNK, F_CALLER_FP, F_CALLER_BASE, F_TY, F_PROC, F_DEST, FR, C_IDX, C_REGION, C_SEEN, C_PC, C_SP, C_TRAIL, CPW,
  K_RULES, K_ALTS, K_LIST, K_ROWS, K_BARRIER, K_GATHER,
  NO_CHUNK,
} from './stacks.js';
import { OP, TY_UNDEF, TY_NUMBER, TY_BOOL, TY_INHERIT, TY_FROM_SLOT, NR_PLAIN, NR_BAIL, NR_EMPTY, NR_CALL } from './opcodes.js';
import { specializeCall, typesOfCall } from './type-unify.js';
import { N_CONST, N_SLOT, N_EXPR, instantiate, instantiateOpen, isCustomMatcher, type PNode, type Pattern, type Template } from './patterns.js';
import { isInert, evaluatesToItself, recentlyTypedInert } from './inert.js';
import { isMetaSpec, valueHasType, castOfValue } from './value-types.js';
import { collapsedMatch } from './collapsed-match.js';
import { GCALL_FINAL, hasFinalEffect, checkGroundedCall, groundedContext, runGroundedCall } from './grounded-calls.js';
import type { JitHost, JitTier } from './jit/index.js';
import type { Watch } from '../interp/frames.js';

/** Live values logic mode may scan applying bindings in one run (see applySigma). */
const MAX_REWRITES = 10_000_000;
/** Nested evaluations of tabled calls at most; deeper calls run untabled (so JS recursion stays bounded). */
const MAX_TABLE_DEPTH = 200;
/** Power of two minus one: the clock is read once per 65,536 frame returns. */
const RETURN_CLOCK_MASK = 65535;
/** How often (in steps) the loop checks the clock and memory: as backtrack does (stacks.ts). */
const CLOCK_EVERY = 4096;

/** Tabling counters shared by a VM and the VMs it nests for tabled calls. */
export interface TableStats {
  hits: number;
  misses: number;
}

/** The VM met something it cannot do exactly: the whole form goes to the tree-walker. */
export class Bail extends Signal {}

export type { Watch };
/**
 * How the VM asks the tree-walker to evaluate a subterm: `reason` says why the VM does not
 * evaluate `atom` itself (counted by `--stats`); in logic mode `watch` asks for the values its
 * variables take in each result.
 */
export type FallbackEval = (atom: Atom, type: Atom, maxSteps: number, program: Program, reason: string, watch: Watch) => { results: Atom[]; steps: number };

// The loop's cases are opcode numbers written out (checked against OP by test/vm/opcodes.test.ts):
// V8 dispatches a switch over integer literals through a jump table, but one over
// imported constants as a chain of comparisons, which unoptimised code pays for on every instruction.
const BAR_PUSH = OP.BAR_PUSH, CALL = OP.CALL, RET = OP.RET, SPLIT = OP.SPLIT, GATHER_PUSH = OP.GATHER_PUSH, GCALL = OP.GCALL;
const LIST_OP_MESSAGES = [
  makeString('car-atom expects a non-empty expression as an argument'), makeString('cdr-atom expects a non-empty expression as an argument'),
];

const IF_SYM = sym('if');

const SMALL_MIN = -128, SMALL_MAX = 1024;
const smallInts: Atom[] = [];
function intAtom(n: number): Atom {
  if (n >= SMALL_MIN && n < SMALL_MAX && Number.isInteger(n) && !Object.is(n, -0)) {
    let a = smallInts[n - SMALL_MIN];
    if (a === undefined) {
      a = makeInt(n);
      smallInts[n - SMALL_MIN] = a;
    }
    return a;
  }
  return makeInt(n);
}

/** The thread's nested VMs by tabling depth (index 0 unused: a top-level VM is its runner's own). */
const NESTED: Vm[] = [];

let placeholder: Program | null = null;
/** A nested VM's program between calls: an empty space's. */
function detachedProgram(): Program {
  return (placeholder ??= new Program(spaceInfo(new GroundingSpace())));
}

// A detached VM's counters: every call sets its runner's first.
const DETACHED_STATS: TableStats = { hits: 0, misses: 0 };
const DETACHED_REFUSALS: Record<string, number> = {};

const NO_FALLBACK: FallbackEval = () => {
  throw new Error('a nested VM ran with no runner attached');
};

export class Vm extends VmStacks implements JitHost {
  private fallback: FallbackEval;
  /** Compiled JavaScript for hot numeric procedures (src/vm/jit); null when jitless. */
  private jit: JitTier | null = null;
  jitCalls = 0;
  deopts = 0;
  jitResume = 0;
  /** Shared with nested VMs (tabled calls), as tableStats is. */
  jitRefusals: Record<string, number> = {};

  /** This run's results and errors: new arrays per run, as they are handed to the caller. */
  private results: Atom[] = [];
  private errors: Atom[] = [];
  /** Tabled procedures replay their answers (off: `--no-tabling`, `(pragma! tabling False)`). */
  tabling = true;
  tableStats: TableStats = { hits: 0, misses: 0 };
  /** Set when this VM evaluates one tabled call: every value the call returns, in order, Empty included. */
  private raw: Atom[] | null = null;
  private tableDepth = 0;
  /** VMs for nested tabled calls, one per depth: the thread's, shared by every runner (see evaluateCall). */
  private readonly nested: Vm[] = NESTED;
  /** A nested VM running a call now (another runner's re-entrant tabled call at its depth gets one of its own). */
  private inUse = false;

  /** The host services library operations the VM calls itself (GCALL) use; null: such calls bail. */
  opHost: OpHost | null = null;

  /**
   * Logic mode (set for one run by the engine): the form's own variables start as
   * values (`Chunk.formVars`), and unification may bind the variables a value holds.
   * A binding is applied at once to every live value (trailed, so backtracking takes it
   * back), which keeps every value read anywhere fully substituted. Off, values are ground.
   */
  logic = false;
  /** The bindings one logic-mode unification makes, applied when it succeeds. */
  private readonly sigma = new Map<VarKey, Atom>();
  /** applySigma's memo of rebuilt subterms, kept empty between scans. */
  private readonly substMemo = new Map<Atom, Atom>();
  /** A watched fallback's results that bind its variables in more than one way (see fallbackAtom). */
  private fallbackRows: Rows | null = null;
  /** Live values applySigma scanned this run (bounded by MAX_REWRITES). */
  private rewrites = 0;

  constructor(fallback: FallbackEval, small = false) {
    super(small);
    this.fallback = fallback;
  }

  /** Readies the VM for a run of `program`: counters zeroed, limits and tiers set; the stacks are kept. */
  prepare(program: Program, maxSteps: number, jit: JitTier | null): void {
    this.program = program;
    this.maxSteps = maxSteps;
    this.jit = jit;
    this.steps = 0;
    this.jitCalls = 0;
    this.deopts = 0;
    this.jitResume = 0;
    // Zeroed in place: the nested VMs of tabled calls count into this same object.
    this.tableStats.hits = 0;
    this.tableStats.misses = 0;
    this.rewrites = 0;
    clearCounts(this.jitRefusals);
  }

  /** Frame returns so far (the clock is read every RETURN_CLOCK_MASK + 1 of them). */
  private returns = 0;
  /** The clock and memory check while a collapsed match holds `k` instances of its own. */
  private readonly heldCheck = (k: number): void => this.clock(k);

  /** The clock and memory check for compiled code holding `gathered` results of its own. */
  clock(gathered: number): void {
    this.gathered += gathered;
    try {
      this.checkClock();
    } finally {
      this.gathered -= gathered;
    }
  }

  protected override footprint(): number {
    const held = this.results.length + this.errors.length + (this.raw === null ? 0 : this.raw.length) + this.gathered;
    // Tables belong to the program: the outermost VM counts them.
    const t = this.tableDepth === 0 ? this.program.tableTotals : null;
    const tables = t === null ? 0 : t.entries * BYTES.tableEntry + t.answers * BYTES.vmResult;
    return super.footprint() + held * BYTES.vmResult + tables;
  }

  /** A value reached the top frame: a result of the form, or of the tabled call this VM evaluates. */
  private deliverTop(v: Atom): void {
    const raw = this.raw;
    if (raw === null) {
      if (v !== S.empty) this.collect(v);
      return;
    }
    checkAtomSize(v, this.maxAtomSize);
    raw.push(v);
    if (raw.length > this.maxResults) throw new LimitExceeded('results', `result limit of ${this.maxResults} exceeded`);
  }

  private collect(v: Atom): void {
    checkAtomSize(v, this.maxAtomSize);
    (isErrorAtom(v) ? this.errors : this.results).push(v);
    if (this.results.length + this.errors.length > this.maxResults) {
      // Keep what `metta` would give for the results so far: errors only when nothing else came.
      const kept = (this.results.length > 0 ? this.results : this.errors).slice(0, this.maxResults);
      throw new LimitExceeded('results', `result limit of ${this.maxResults} exceeded`, kept);
    }
  }

  /** `(pragma! max-stack-depth N)`, 0 for none: the VM runs while its bound on the tree-walker's frames stays within N (depth-bound.ts). */
  maxStackDepth = 0;
  /** Per frame record (fp / FR): the bound on the tree-walker's frames up to and including that frame. */
  private readonly frameDepth: number[] = [];

  /** A frame at `fp` runs procedure `id` for the frame at `callerFp` (-1: the top level); bails when the bound passes the limit. */
  private enterDepth(callerFp: number, fp: number, id: number): void {
    const proc = this.program.procs[id]!;
    let w = proc.depthBound;
    if (w < 0) {
      w = 0;
      for (const r of proc.rules) w = Math.max(w, chunkDepthBound(r.chunk));
      proc.depthBound = w;
    }
    const d = (callerFp < 0 ? 0 : this.frameDepth[callerFp / FR]!) + w;
    if (d > this.maxStackDepth) throw new Bail('a stack-depth limit in reach (max-stack-depth)');
    this.frameDepth[fp / FR] = d;
  }

  /** Has the region whose choice point is at c rewritten a value below its stack mark (logic mode's bindings, a let's slot)? */
  private boundOutside(c: number): boolean {
    const mark = this.cps[c + C_SP]!;
    for (let t = this.cps[c + C_TRAIL]!; t < this.tp; t++) if (this.trailIdx[t]! < mark) return true;
    return false;
  }

  /** Runs a top-level form's chunk (compiled for type spec `ty`): all its results, filtered as `metta` does. */
  run(entry: Chunk, ty: number = TY_UNDEF): Atom[] {
    if (this.maxStackDepth > 0) {
      const d = chunkDepthBound(entry);
      if (d > this.maxStackDepth) throw new Bail('a stack-depth limit in reach (max-stack-depth)');
      this.frameDepth[0] = d;
    }
    this.resetStacks();
    this.results = [];
    this.errors = [];
    this.raw = null;
    this.chunk = entry;
    this.ensureVals(entry.nslots + entry.maxStack + 8);
    this.fr[F_RET_PC] = -1;
    this.fr[F_TY] = ty;
    this.fp = 0;
    this.base = 0;
    for (let i = 0; i < entry.nslots; i++) this.vals[i] = null;
    if (this.logic && entry.formVars !== null) for (const [s, v] of entry.formVars) this.vals[s] = v;
    this.sp = entry.nslots;
    this.pc = 0;
    try {
      this.loop();
    } finally {
      this.release();
      this.chunk = NO_CHUNK;
    }
    return this.results.length > 0 ? this.results : this.errors;
  }

  private loop(): void {
    let code = this.chunk.code;
    let consts = this.chunk.consts;
    let pc = this.pc, sp = this.sp, base = this.base;
    let vals = this.vals;
    let fail = false;
    for (;;) {
      const op = code[pc++]!;
      switch (op) {
        case 0 /* CONST */: {
          const v = consts[code[pc++]!]!;
          if (sp < this.hb) this.trail(sp);
          vals[sp++] = v;
          break;
        }
        case 1 /* SLOT */: {
          let v = vals[base + code[pc++]!];
          if (v === null || v === undefined) v = this.freshSlot(base, code[pc - 1]!);
          if (sp < this.hb) this.trail(sp);
          vals[sp++] = v;
          break;
        }
        case 2 /* EVAL_SLOT */: {
          let v = vals[base + code[pc]!];
          let ty = code[pc + 1]!;
          const nr = code[pc + 2]!;
          pc += 3;
          if (v === null || v === undefined) v = this.freshSlot(base, code[pc - 3]!);
          if (ty === TY_INHERIT) ty = this.fr[this.fp + F_TY]!;
          let r: Atom = v;
          // A typed argument proven a moment ago (by its check) evaluates to itself: evalValue's answer, without its lookups.
          if (v.kind === EXPRESSION ? !recentlyTypedInert(this.program.info, v, ty) : (ty !== TY_UNDEF && !fitsAtOnce(v, ty)) || v === S.notReducible) {
            this.sp = sp;
            r = this.evalValue(v, ty, nr);
          }
          if (sp < this.hb) this.trail(sp);
          vals[sp++] = r;
          break;
        }
        case 3 /* EVAL_TOP */: {
          let ty = code[pc]!;
          const nr = code[pc + 1]!;
          pc += 2;
          if (ty === TY_INHERIT) ty = this.fr[this.fp + F_TY]!;
          const v = vals[sp - 1]!;
          if (nr === NR_CALL && this.callsNothing(v)) break;
          if (v.kind === EXPRESSION || (ty !== TY_UNDEF && !fitsAtOnce(v, ty)) || v === S.notReducible) {
            this.sp = sp;
            const r = this.evalValue(v, ty, nr);
            if (sp - 1 < this.hb) this.trail(sp - 1);
            vals[sp - 1] = r;
          }
          break;
        }
        case 4 /* BUILD */: {
          const t = this.chunk.templates[code[pc++]!]!;
          let v = instantiate(t.root, vals, base);
          if (v === null) {
            this.base = base;
            v = this.freshInstance(t.root, true);
          }
          if (sp < this.hb) this.trail(sp);
          vals[sp++] = v;
          break;
        }
        case 5 /* POP */:
          sp--;
          break;
        case 6 /* SQUASH */: {
          const n = code[pc++]!;
          const v = vals[sp - 1]!;
          sp -= n;
          if (sp - 1 < this.hb) this.trail(sp - 1);
          vals[sp - 1] = v;
          break;
        }
        case 7 /* JUMP */:
          pc = code[pc]!;
          break;
        case 8 /* FAIL */:
          fail = true;
          break;
        case 9 /* BAR_PUSH */:
        case 28 /* GATHER_PUSH */: {
          const region = op === GATHER_PUSH ? this.chunk.regions?.get(pc - 1) : undefined;
          if (region !== undefined && this.jit !== null) {
            // The JS tier runs the whole region and gives its list (see jit/nondet.ts), or leaves it to the loop.
            const r = this.jit.gather(region.body, region.countTo >= 0, vals, base, this);
            if (r !== undefined) {
              if (typeof r === 'number' && region.countSteps > 0 && (this.steps += region.countSteps) > this.maxSteps) {
                throw new StepLimitExceeded(this.maxSteps);
              }
              if (sp < this.hb) this.trail(sp);
              // A count is the value of the whole `(let $r (collapse …) (size-atom $r))`, which goes on at countTo.
              vals[sp++] = typeof r === 'number' ? intAtom(r) : expr(r);
              pc = typeof r === 'number' ? region.countTo : code[pc]!;
              break;
            }
          }
          if (region !== undefined && region.body.t === 'match' && !this.logic) {
            // A collapsed match of data: its list (or count) made in one pass over the answers (collapsed-match.ts).
            const r = collapsedMatch(this.program.info, region, vals, base, region.countTo >= 0, this.heldCheck);
            // The loop's steps: one resumption per answer after the first, and the gather's (one at least);
            // past the step limit the loop runs, to stop where it always stops.
            const n = r === null ? 0 : typeof r === 'number' ? Math.max(1, r) + region.countSteps : Math.max(1, r.items.length);
            if (r !== null && this.steps + n <= this.maxSteps) {
              const before = this.steps;
              this.steps += n;
              if (Math.floor(this.steps / CLOCK_EVERY) !== Math.floor(before / CLOCK_EVERY)) this.checkClock();
              if (sp < this.hb) this.trail(sp);
              vals[sp++] = typeof r === 'number' ? intAtom(r) : r;
              pc = typeof r === 'number' ? region.countTo : code[pc]!;
              break;
            }
          }
          this.sp = sp;
          this.base = base;
          this.pushCp(op === BAR_PUSH ? K_BARRIER : K_GATHER, code[pc++]!, 0, 0, op === BAR_PUSH ? null : []);
          this.region = (this.ncp - 1) * CPW;
          break;
        }
        case 10 /* BAR_END */: {
          const c = this.region;
          const v = vals[sp - 1]!;
          const cps = this.cps;
          if (v === S.empty) {
            fail = true;
            break;
          }
          const top = c === (this.ncp - 1) * CPW;
          if (!isErrorAtom(v)) {
            cps[c + C_SEEN] = 1;
            this.region = cps[c + C_REGION]!;
            if (top) this.popCp();
            break;
          }
          if (cps[c + C_SEEN] === 1) {
            fail = true;
            break;
          }
          const held = this.cpObj[c / CPW] as Atom[] | null;
          if (!top) {
            if (held === null) this.cpObj[c / CPW] = [v];
            else held.push(v);
            fail = true;
            break;
          }
          // No alternatives left: the errors go on in the order they came, the first now, the rest on backtracking.
          this.region = cps[c + C_REGION]!;
          if (held !== null) {
            held.push(v);
            if (sp - 1 < this.hb) this.trail(sp - 1);
            vals[sp - 1] = held[0]!;
            cps[c + C_IDX] = 1;
          }
          if (held === null || cps[c + C_IDX]! >= held.length) this.popCp();
          break;
        }
        case 29 /* GATHER_END */: {
          const c = this.region;
          const v = vals[sp - 1]!;
          // A case keeps the bindings its scrutinee's evaluation makes (collapse drops them): logic mode
          // does not carry them out of the region yet, so such a case goes to the tree-walker.
          if (this.logic && this.chunk.code[this.cps[c + C_PC]!] === OP.CASE_VALUES && this.boundOutside(c)) {
            throw new Bail('a case scrutinee that binds variables of the values');
          }
          if (v !== S.empty) {
            (this.cpObj[c / CPW] as Atom[]).push(v);
            this.gathered++;
            if (!isErrorAtom(v)) this.cps[c + C_SEEN] = 1;
          }
          fail = true;
          break;
        }
        case 11 /* CHECK_ARG */: {
          const v = vals[sp - 1]!;
          const target = code[pc]!;
          const lit = code[pc + 1]!;
          pc += 2;
          if (v === S.empty) {
            if (lit === 0 || vals[base + lit - 1] !== v) fail = true;
          } else if (v.kind === EXPRESSION && v.items.length > 0 && v.items[0] === S.error) {
            const s = lit === 0 ? null : vals[base + lit - 1]!;
            if (s === null || !(s === v || atomEq(s, v))) pc = target;
          }
          break;
        }
        case 12 /* CALL */:
        case 13 /* TAILCALL */: {
          const id = code[pc]!;
          const n = code[pc + 1]!;
          let ty = code[pc + 2]!;
          pc += 3;
          if (++this.steps > this.maxSteps) throw new StepLimitExceeded(this.maxSteps);
          if ((this.steps & 4095) === 0) this.checkClock();
          const fr = this.fr;
          let fp = this.fp;
          if (ty === TY_INHERIT) ty = fr[fp + F_TY]!;
          else if (ty <= TY_FROM_SLOT) ty = (vals[base + TY_FROM_SLOT - ty]!.value as NumberValue).toNumber();
          if (op === CALL && this.tabling && this.program.procs[id]!.table !== null) {
            this.base = base;
            const r = this.tabledCall(this.program.procs[id]!, n, ty, sp, pc);
            if (r === -1) {
              fail = true;
              break;
            }
            if (r >= 0) {
              sp = r;
              vals = this.vals;
              break;
            }
          }
          if (this.jit !== null) {
            // The JS tier answers the call, or gives it back (undefined) to run below as usual.
            const r = this.jit.call(id, vals, sp - n, ty, this);
            if (r !== undefined) {
              const v = typeof r === 'number' ? intAtom(r === 0 ? 0 : r) : r ? TRUE : FALSE;
              if (op === CALL) {
                sp -= n;
                if (sp < this.hb) this.trail(sp);
                vals[sp++] = v;
                break;
              }
              // A tail call's result goes where this frame's RET would send it.
              if (!this.returnValue(v)) {
                fail = true;
                break;
              }
              code = this.chunk.code;
              consts = this.chunk.consts;
              pc = this.pc;
              sp = this.sp;
              base = this.base;
              break;
            }
          }
          if (op === CALL || fp < this.hf) {
            const nfp = Math.max(fp + FR, this.hf);
            if (nfp + FR > fr.length) this.growFrames();
            const f = this.fr;
            if (op === CALL) {
              f[nfp + F_RET_PC] = pc;
              f[nfp + F_RET_CHUNK] = this.chunk.id;
              f[nfp + F_CALLER_FP] = fp;
              f[nfp + F_CALLER_BASE] = base;
              f[nfp + F_DEST] = sp - n;
            } else {
              f[nfp + F_DEST] = f[fp + F_DEST]!;
              f[nfp + F_RET_PC] = f[fp + F_RET_PC]!;
              f[nfp + F_RET_CHUNK] = f[fp + F_RET_CHUNK]!;
              f[nfp + F_CALLER_FP] = f[fp + F_CALLER_FP]!;
              f[nfp + F_CALLER_BASE] = f[fp + F_CALLER_BASE]!;
            }
            fp = nfp;
            base = sp - n;
          } else {
            // Reuse the frame: move the arguments down to its base.
            const from = sp - n;
            for (let i = 0; i < n; i++) {
              if (base + i < this.hb) this.trail(base + i);
              vals[base + i] = vals[from + i]!;
            }
            sp = base + n;
          }
          this.fr[fp + F_TY] = ty;
          this.fr[fp + F_PROC] = id;
          if (this.maxStackDepth > 0) this.enterDepth(op === CALL ? this.fp : this.fr[fp + F_RET_PC]! < 0 ? -1 : this.fr[fp + F_CALLER_FP]!, fp, id);
          this.fp = fp;
          this.base = base;
          this.sp = sp;
          this.pc = pc;
          if (!this.enter(this.program.procs[id]!, 0, true)) fail = true;
          code = this.chunk.code;
          consts = this.chunk.consts;
          vals = this.vals;
          pc = this.pc;
          sp = this.sp;
          base = this.base;
          break;
        }
        case 14 /* CONS */: {
          const n = code[pc++]!;
          const items = new Array<Atom>(n);
          for (let i = 0; i < n; i++) items[i] = vals[sp - n + i]!;
          sp -= n;
          if (sp < this.hb) this.trail(sp);
          vals[sp++] = expr(items);
          break;
        }
        case 15 /* RET */: {
          const v = vals[sp - 1]!;
          const fr = this.fr;
          const fp = this.fp;
          if (fr[fp + F_RET_PC]! < 0) {
            this.deliverTop(v);
            fail = true;
            break;
          }
          // Returns are not steps, yet one step can start any number of them (a result passing up a deep
          // chain of pending frames): the clock is read on returns too.
          if ((++this.returns & RETURN_CLOCK_MASK) === 0) this.checkClock();
          const dest = fr[fp + F_DEST]!;
          if (dest < this.hb) this.trail(dest);
          vals[dest] = v;
          sp = dest + 1;
          pc = fr[fp + F_RET_PC]!;
          this.chunk = this.program.chunks[fr[fp + F_RET_CHUNK]!]!;
          code = this.chunk.code;
          consts = this.chunk.consts;
          base = fr[fp + F_CALLER_BASE]!;
          this.fp = fr[fp + F_CALLER_FP]!;
          break;
        }
        case 16 /* ARITH */: {
          const sub = code[pc]!;
          const k = code[pc + 1]!;
          pc += 2;
          const a = vals[sp - 2]!, b = vals[sp - 1]!;
          let r: Atom | null = null;
          if (a.kind === GROUNDED && b.kind === GROUNDED) {
            const x = a.value, y = b.value;
            if (x instanceof NumberValue && y instanceof NumberValue && !x.isFloat && !y.isFloat && typeof x.n === 'number' && typeof y.n === 'number') {
              const p = x.n, q = y.n;
              let n = NaN;
              switch (sub) {
                case 0: n = p + q; break;
                case 1: n = p - q; break;
                case 2: n = p * q; break;
                case 3: if (q !== 0) n = Math.trunc(p / q); break;
                default: if (q !== 0) n = p % q;
              }
              if (Number.isSafeInteger(n)) r = intAtom(n === 0 ? 0 : n);
            }
          }
          if (r === null) r = this.slowOp(consts[k]!, a, b, 0);
          sp--;
          if (sp - 1 < this.hb) this.trail(sp - 1);
          vals[sp - 1] = r;
          break;
        }
        case 17 /* CMP */: {
          const sub = code[pc]!;
          const k = code[pc + 1]!;
          pc += 2;
          const a = vals[sp - 2]!, b = vals[sp - 1]!;
          let r: Atom | null = null;
          if (a.kind === GROUNDED && b.kind === GROUNDED) {
            const x = a.value, y = b.value;
            if (x instanceof NumberValue && y instanceof NumberValue && typeof x.n === 'number' && typeof y.n === 'number') {
              const p = x.n, q = y.n;
              r = (sub === 0 ? p < q : sub === 1 ? p > q : sub === 2 ? p <= q : p >= q) ? TRUE : FALSE;
            }
          }
          if (r === null) r = this.slowOp(consts[k]!, a, b, 1);
          sp--;
          if (sp - 1 < this.hb) this.trail(sp - 1);
          vals[sp - 1] = r;
          break;
        }
        case 18 /* EQ */: {
          pc++;
          const a = vals[sp - 2]!, b = vals[sp - 1]!;
          sp--;
          if (sp - 1 < this.hb) this.trail(sp - 1);
          vals[sp - 1] = atomEq(a, b) ? TRUE : FALSE;
          break;
        }
        case 19 /* LOGIC */: {
          const sub = code[pc]!;
          const k = code[pc + 1]!;
          pc += 2;
          const a = vals[sp - 2]!, b = vals[sp - 1]!;
          const x = a.kind === GROUNDED && a.value instanceof BoolValue ? a.value.b : null;
          const y = b.kind === GROUNDED && b.value instanceof BoolValue ? b.value.b : null;
          const r = x === null || y === null ? expr([consts[k]!, a, b]) : makeBool(sub === 0 ? x && y : x || y);
          sp--;
          if (sp - 1 < this.hb) this.trail(sp - 1);
          vals[sp - 1] = r;
          break;
        }
        case 20 /* NOT */: {
          const k = code[pc++]!;
          const a = vals[sp - 1]!;
          const x = a.kind === GROUNDED && a.value instanceof BoolValue ? a.value.b : null;
          if (sp - 1 < this.hb) this.trail(sp - 1);
          vals[sp - 1] = x === null ? expr([consts[k]!, a]) : makeBool(!x);
          break;
        }
        case 21 /* TYCHK */: {
          const v = vals[base + code[pc]!];
          const ty = code[pc + 1]!;
          const target = code[pc + 2]!;
          pc += 3;
          if (v === null || v === undefined) throw new Bail('unbound variable');
          // A variable fits any type (its own type is a variable). A value with variables is checked as a ground
          // one: variables have no types, so a value's types never mention its variables and the check binds none.
          const ok = (this.logic && v.kind === VARIABLE) || (ty === TY_NUMBER ? v.kind === GROUNDED && v.value instanceof NumberValue
            : ty === TY_BOOL ? v.kind === GROUNDED && v.value instanceof BoolValue : this.hasType(v, ty));
          if (!ok) pc = target;
          break;
        }
        case 36 /* TYPARAM */: {
          const t = this.chunk.templates[code[pc]!]!;
          let ty = code[pc + 1]!;
          const retSlot = code[pc + 2]!;
          const direct = code[pc + 3]!;
          const target = code[pc + 4]!;
          pc += 5;
          if (ty === TY_INHERIT) ty = this.fr[this.fp + F_TY]!;
          const call = instantiate(t.root, vals, base);
          if (this.logic && call !== null && !call.ground) throw new Bail('a parametric type check of a value with variables');
          const ret = call === null ? -1 : specializeCall(this.program.info, call, typeOfSpec(ty), direct, retSlot < 0);
          if (ret < 0) pc = target;
          else if (retSlot >= 0) this.write(base + retSlot, intAtom(ret));
          break;
        }
        case 22 /* RETCHK */: {
          const ty = code[pc]!;
          const ft = this.fr[this.fp + F_TY]!;
          pc = specsMatch(ft, ty) ? pc + 2 : code[pc + 1]!;
          break;
        }
        case 23 /* FALLBACK */: {
          const t = this.chunk.templates[code[pc]!]!;
          let ty = code[pc + 1]!;
          const single = code[pc + 2]! === 1;
          pc += 3;
          if (ty === TY_INHERIT) ty = this.fr[this.fp + F_TY]!;
          this.sp = sp;
          this.base = base;
          this.pc = pc;
          const rs = this.runFallback(t, ty, sp);
          if (rs.length === 0) {
            fail = true;
            break;
          }
          if (rs.length > 1) {
            if (single) throw new Bail('several results where one was expected');
            const rows = this.fallbackRows;
            if (rows !== null) {
              // Results that bind the atom's variables (logic mode): each alternative binds them its way.
              this.fallbackRows = null;
              this.pushCp(K_ROWS, pc, 1, rs.length, rows);
              this.bindRow(rows.lv!, rows.cells, 1);
            } else this.pushCp(K_LIST, pc, 1, rs.length, rs);
          }
          if (sp < this.hb) this.trail(sp);
          vals[sp++] = rs[0]!;
          break;
        }
        case 34 /* LIST_OP */: {
          const sub = code[pc]!;
          const k = code[pc + 1]!;
          pc += 2;
          const v = vals[sp - 1]!;
          if (this.logic && v.kind === VARIABLE) throw new Bail('car-atom or cdr-atom of a variable');
          const items = v.items;
          const r = items.length === 0 ? expr([S.error, expr([consts[k]!, v]), LIST_OP_MESSAGES[sub]!])
            : sub === 0 ? items[0]! : expr(items.slice(1));
          if (sp - 1 < this.hb) this.trail(sp - 1);
          vals[sp - 1] = r;
          break;
        }
        case 35 /* ADD_ATOM */: {
          const target = spaceOf(consts[code[pc++]!]!)!;
          target.add(vals[sp - 1]!);
          // An added rule or type makes the compiled program stale: the journal takes the atom back,
          // unless nothing runs after it.
          const info = this.program.info;
          if (info.space.schemaVersion !== info.version && !this.lastAct(pc)) throw new Bail('an add-atom changed the rules or types');
          if (sp - 1 < this.hb) this.trail(sp - 1);
          vals[sp - 1] = UNIT;
          break;
        }
        case 39 /* M_VALUE */: {
          const v = vals[sp - 1]!;
          if (this.logic && !v.ground) throw new Bail('a minimal-MeTTa value with variables');
          if (v.kind === EXPRESSION && v.items.length > 0 && MINIMAL_RUN.has(v.items[0]!)) throw new Bail('running a minimal-MeTTa value');
          break;
        }
        case 40 /* M_RETURN */: {
          const t = this.chunk.templates[code[pc]!]!;
          const open = code[pc + 1]! === 1;
          pc += 2;
          // The tree-walker's frames for minimal code are not counted: under a stack-depth limit it runs the whole form.
          if (this.maxStackDepth > 0) throw new Bail('minimal-MeTTa under a stack-depth limit');
          const v = vals[sp - 1]!;
          if (this.logic && !v.ground) throw new Bail('a minimal-MeTTa result with variables');
          let r = v;
          if (v === S.notReducible) {
            // The call as it was before the instruction ran: variables it binds were free then.
            if (open) throw new Bail('a NotReducible result of an instruction call with variables');
            const call = instantiate(t.root, vals, base);
            if (call === null) throw new Bail('unbound variable in a built atom');
            r = call;
          } else if (v !== S.empty && !isErrorAtom(v) && (v.kind === EXPRESSION || v.kind === VARIABLE)) {
            this.sp = sp;
            r = this.evalValue(v, TY_UNDEF, NR_PLAIN);
          }
          if (r !== v) {
            if (sp - 1 < this.hb) this.trail(sp - 1);
            vals[sp - 1] = r;
          }
          break;
        }
        case 42 /* CONS_ATOM */: {
          pc++;
          const a = vals[sp - 2]!, t = vals[sp - 1]!;
          // TYCHK lets a variable through in logic mode; the tree-walker knows what a variable tail does.
          if (t.kind !== EXPRESSION) throw new Bail('cons-atom onto a variable');
          const items = new Array<Atom>(t.items.length + 1);
          items[0] = a;
          for (let i = 0; i < t.items.length; i++) items[i + 1] = t.items[i]!;
          sp--;
          if (sp - 1 < this.hb) this.trail(sp - 1);
          vals[sp - 1] = expr(items);
          break;
        }
        case 41 /* BAIL */:
          throw new Bail(consts[code[pc]!]!.name);
        case 38 /* GCHECK */: {
          const t = this.chunk.templates[code[pc]!]!;
          let ty = code[pc + 1]!;
          const target = code[pc + 2]!;
          pc += 3;
          if (ty === TY_INHERIT) ty = this.fr[this.fp + F_TY]!;
          const pre = instantiateOpen(t.root, vals, base);
          if (hasFinalEffect(pre.items[0]!) && (this.ncp !== 0 || this.raw !== null || this.fr[this.fp + F_RET_PC]! >= 0)) {
            throw new Bail('a final effect before the end of the form');
          }
          const checked = checkGroundedCall(pre, typeOfSpec(ty), this.program.info);
          if (checked === null) throw new Bail('a library operation with other declared types');
          if (!Array.isArray(checked)) break;
          pc = target;
          if (checked.length === 0) {
            fail = true;
            break;
          }
          if (checked.length > 1) this.pushCp(K_LIST, pc, 1, checked.length, checked);
          if (sp < this.hb) this.trail(sp);
          vals[sp++] = checked[0]!;
          break;
        }
        case 37 /* GCALL */: {
          const k = code[pc]!, n = code[pc + 1]!, flags = code[pc + 3]!, tpl = code[pc + 4]!;
          let ty = code[pc + 2]!;
          pc += 5;
          if (ty === TY_INHERIT) ty = this.fr[this.fp + F_TY]!;
          sp -= n;
          this.sp = sp;
          this.base = base;
          this.pc = pc;
          const pre = tpl === 0 ? null : instantiateOpen(this.chunk.templates[tpl - 1]!.root, vals, base);
          const rs = this.groundedCall(consts[k]!, vals, sp, n, ty, flags, pre);
          if (rs.length === 0) {
            fail = true;
            break;
          }
          if (rs.length > 1) this.pushCp(K_LIST, pc, 1, rs.length, rs);
          if (sp < this.hb) this.trail(sp);
          vals[sp++] = rs[0]!;
          break;
        }
        case 24 /* IF_TEST */: {
          const v = vals[sp - 1]!;
          const target = code[pc]!;
          const ta = code[pc + 1]!, tb = code[pc + 2]!;
          pc += 3;
          if (v.kind === GROUNDED && v.value instanceof BoolValue) break;
          if (v === S.empty) {
            fail = true;
            break;
          }
          pc = target;
          // `if` on a variable would bind it (the library's rules for True and False).
          if (this.logic && !v.ground) throw new Bail('an if condition with variables');
          if (!isErrorAtom(v)) {
            const ts = this.chunk.templates;
            const a = instantiate(ts[ta]!.root, vals, base), b = instantiate(ts[tb]!.root, vals, base);
            if (a === null || b === null) throw new Bail('unbound variable in an if branch');
            if (sp - 1 < this.hb) this.trail(sp - 1);
            vals[sp - 1] = expr([IF_SYM, v, a, b]);
          }
          break;
        }
        case 25 /* JUMP_FALSE */: {
          const v = vals[--sp]!;
          pc = v === FALSE || (v.value instanceof BoolValue && !v.value.b) ? code[pc]! : pc + 1;
          break;
        }
        case 26 /* ALTS */: {
          const n = code[pc]!;
          this.sp = sp;
          this.base = base;
          this.pushCp(K_ALTS, pc, 1, n, null);
          pc = code[pc + 1]!;
          break;
        }
        case 27 /* SPLIT */:
        case 30 /* CASE_VALUES */: {
          const v = vals[sp - 1]!;
          if (op === SPLIT) {
            if (v.kind !== EXPRESSION) {
              pc = code[pc]!;
              break;
            }
            pc++;
          }
          const items = v.items;
          if (items.length === 0) {
            if (op === SPLIT) {
              fail = true;
              break;
            }
            vals[sp - 1] = S.empty;
            break;
          }
          if (items.length > 1) {
            this.sp = sp - 1;
            this.base = base;
            this.pushCp(K_LIST, pc, 1, items.length, items);
          }
          if (sp - 1 < this.hb) this.trail(sp - 1);
          vals[sp - 1] = items[0]!;
          break;
        }
        case 31 /* MATCH */: {
          const p = this.chunk.patterns[code[pc]!]!;
          const target = code[pc + 1]!;
          pc += 2;
          const v = vals[sp - 1]!;
          if (isCustomMatcher(v)) throw new Bail('matching against a space');
          this.base = base;
          if (!this.matchTop(p.root, v, p.vars, sp)) pc = target;
          break;
        }
        case 32 /* MATCH_SPACE */: {
          const p = this.chunk.patterns[code[pc]!]!;
          const space = spaceOf(consts[code[pc + 1]!]!)!;
          pc += 2;
          if (this.logic) {
            this.sp = sp;
            this.base = base;
            if (!this.matchSpaceLogic(p, space, pc)) fail = true;
            break;
          }
          const free = p.vars.filter((s) => vals[base + s] === null);
          const atoms = free.map((s) => p.varAtoms[p.vars.indexOf(s)]!);
          // The whole pattern's instance comes last in each row, for its slot.
          if (p.whole >= 0) free.push(p.whole);
          const cells: Atom[] = [];
          const n = space.queryCells(instantiateOpen(p.root, vals, base), atoms, p.whole >= 0, cells);
          for (let i = 0; i < cells.length; i++) if (!cells[i]!.ground) throw new Bail('a match result is not ground');
          if (n === 0) {
            fail = true;
            break;
          }
          this.sp = sp;
          this.base = base;
          if (n > 1) this.pushCp(K_ROWS, pc, 1, n, { slots: free, lv: null, cells });
          for (let i = 0; i < free.length; i++) this.write(base + free[i]!, cells[i]!);
          break;
        }
        case 33 /* YIELD_ALL */: {
          // `(superpose (c1 … cn))` in the top frame's tail: what ALTS, CONST and RET would deliver, without a choice point.
          const items = consts[code[pc++]!]!.items;
          if (this.fr[this.fp + F_RET_PC]! >= 0) throw new Error(`vm: YIELD_ALL outside the top frame in ${this.chunk.name}`);
          for (let i = 0; i < items.length; i++) {
            if (i > 0) {
              if (++this.steps > this.maxSteps) throw new StepLimitExceeded(this.maxSteps);
              if ((this.steps & 4095) === 0) this.checkClock();
            }
            this.deliverTop(items[i]!);
          }
          fail = true;
          break;
        }
        default:
          throw new Error(`vm: bad opcode ${op} at ${pc - 1} in ${this.chunk.name}`);
      }
      if (fail) {
        fail = false;
        this.sp = sp;
        if (!this.backtrack()) return;
        code = this.chunk.code;
        consts = this.chunk.consts;
        vals = this.vals;
        pc = this.pc;
        sp = this.sp;
        base = this.base;
      }
    }
  }

  /**
   * A call of a tabled procedure: replays its answers when these arguments
   * were seen, else evaluates the call to completion on a nested VM and keeps
   * the answers. Returns the new sp with the first answer pushed (the rest
   * as a choice point), -1 when there is none, -2 to make an ordinary call.
   */
  private tabledCall(proc: Proc, n: number, ty: number, sp: number, pc: number): number {
    const from = sp - n;
    const vals = this.vals;
    for (let i = 0; i < n; i++) if (!vals[from + i]!.ground) return -2;
    const table = proc.table!;
    let e: TableEntry | null | undefined = table.find(vals, from, n, ty);
    if (e === undefined) {
      if (this.tableDepth >= MAX_TABLE_DEPTH) return -2;
      e = table.open(vals, from, n, ty, this.program.tableTotals);
      if (e === null) return -2;
      this.tableStats.misses++;
      let rs: Atom[];
      try {
        rs = this.evaluateCall(proc, n, ty, from);
      } catch (x) {
        table.discard(e, this.program.tableTotals);
        throw x;
      }
      // Answers with variables are not replayed: fresh variables would be shared between calls.
      if (rs.every((r) => r.ground)) table.keep(e, rs, this.program.tableTotals);
      else table.discard(e, this.program.tableTotals);
      return this.pushAnswers(rs, from, pc);
    }
    if (e.results === null) return -2;
    this.tableStats.hits++;
    return this.pushAnswers(e.results, from, pc);
  }

  private pushAnswers(rs: readonly Atom[], dest: number, pc: number): number {
    if (rs.length === 0) return -1;
    this.sp = dest;
    this.pc = pc;
    if (rs.length > 1) this.pushCp(K_LIST, pc, 1, rs.length, rs);
    this.write(dest, rs[0]!);
    return dest + 1;
  }

  /** All values of the call (proc args…), evaluated to completion on the VM one level down. */
  private evaluateCall(proc: Proc, n: number, ty: number, from: number): Atom[] {
    const depth = this.tableDepth + 1;
    // The thread's VM for this depth, made once for every runner (a fresh runner's tabled fib 30 would
    // otherwise make 30); one in use (a grounded operation's re-entrant run got here) is not shared.
    let sub = this.nested[depth];
    if (sub === undefined || sub.inUse) {
      const own = new Vm(this.fallback, true);
      own.tableDepth = depth;
      if (sub === undefined) this.nested[depth] = own;
      sub = own;
    }
    sub.inUse = true;
    sub.fallback = this.fallback;
    sub.opHost = this.opHost;
    sub.program = this.program;
    sub.jit = this.jit;
    sub.tabling = this.tabling;
    sub.tableStats = this.tableStats;
    sub.jitRefusals = this.jitRefusals;
    sub.deadline = this.deadline;
    sub.maxResults = this.maxResults;
    sub.maxAtomSize = this.maxAtomSize;
    sub.maxSteps = this.maxSteps;
    sub.steps = this.steps;
    sub.jitCalls = 0;
    sub.deopts = 0;
    sub.jitResume = this.jitResume;
    sub.memory = this.memory;
    const outer = this.memory === null ? 0 : this.footprint();
    if (this.memory !== null) this.memory.outer += outer;
    try {
      return sub.runCall(proc, this.vals, from, n, ty);
    } finally {
      if (this.memory !== null) this.memory.outer -= outer;
      this.steps = sub.steps;
      this.jitCalls += sub.jitCalls;
      this.deopts += sub.deopts;
      this.jitResume = sub.jitResume;
      sub.detach();
    }
  }

  /** A nested VM between calls keeps nothing of the runner that used it (its program holds a space). */
  private detach(): void {
    this.inUse = false;
    this.program = detachedProgram();
    this.fallback = NO_FALLBACK;
    this.opHost = null;
    this.jit = null;
    this.memory = null;
    this.tableStats = DETACHED_STATS;
    this.jitRefusals = DETACHED_REFUSALS;
  }

  private runCall(proc: Proc, args: ReadonlyArray<Atom | null>, from: number, n: number, ty: number): Atom[] {
    const raw: Atom[] = [];
    this.raw = raw;
    this.resetStacks();
    this.ensureVals(n + 8);
    for (let i = 0; i < n; i++) this.vals[i] = args[from + i]!;
    this.fr[F_RET_PC] = -1;
    this.fr[F_TY] = ty;
    this.fr[F_PROC] = proc.id;
    this.fp = 0;
    this.base = 0;
    this.sp = n;
    this.pc = 0;
    try {
      if (this.enter(proc, 0, true)) this.loop();
    } finally {
      this.raw = null;
      this.release();
      this.chunk = NO_CHUNK;
    }
    return raw;
  }

  /** Tries the procedure's rules from `from`; sets up the body of the first that matches. */
  protected enter(proc: Proc, from: number, first: boolean): boolean {
    if (proc.failed) throw new Bail(`cannot compile ${proc.head.name}`);
    const rules = proc.rules;
    const base = this.base;
    const n = proc.arity;
    for (let i = from; i < rules.length; i++) {
      const rule = rules[i]!;
      if (rule.first !== null && !atomEq(rule.first, this.vals[base]!) && !(this.logic && !this.vals[base]!.ground)) continue;
      const chunk = rule.chunk;
      this.ensureVals(base + chunk.nslots + chunk.maxStack + 4);
      const vals = this.vals;
      for (let s = n; s < chunk.nslots; s++) {
        if (vals[base + s] !== null) this.write(base + s, null);
      }
      let ok = true;
      if (this.logic) this.sigma.clear();
      for (let a = 0; a < n && ok; a++) {
        const p = rule.pats[a];
        if (p != null) ok = this.logic ? this.unifyNode(p.root, vals[base + a]!) : this.matchNode(p.root, vals[base + a]!);
      }
      if (!ok) continue;
      // The next rule that could match: skipping the ones whose constants already disagree saves a
      // choice point (and the trailing every later write pays while it exists).
      let next = i + 1;
      while (next < rules.length && !this.couldMatch(rules[next]!, base, n)) next++;
      if (next < rules.length) {
        this.sp = base + n;
        this.pushCp(K_RULES, 0, next, proc.id, null);
      }
      // After the choice point: the bindings are trailed, so the next rule sees the arguments as they were.
      if (this.logic && this.sigma.size > 0) this.applySigma(base + chunk.nslots);
      this.sp = base + chunk.nslots;
      this.chunk = chunk;
      this.pc = 0;
      return true;
    }
    if (!first) return false;
    // No rule applies: `eval` of the call gives NotReducible (a minimal procedure).
    if (proc.minimal) return this.returnValue(S.notReducible);
    // No rule applies: the call stays as it is, its arguments evaluated.
    const items = new Array<Atom>(n + 1);
    items[0] = proc.head;
    for (let a = 0; a < n; a++) items[a + 1] = this.vals[base + a]!;
    return this.returnValue(expr(items));
  }

  // ---- Logic mode: unification over values that may hold variables ----

  /** An unbound slot read as a value: in logic mode a fresh variable (a rule's variable renamed), kept in the slot. */
  private freshSlot(base: number, slot: number): Atom {
    if (!this.logic) throw new Bail('unbound variable');
    return this.freshVar(base + slot, this.chunk.slotNames?.[slot] ?? 'v', true);
  }

  /**
   * A fresh variable for slot i. A rule's own variable (`lasting`) is renamed once per rule
   * application, so it is written untrailed: backtracking inside the body (out of a collapse,
   * to another alternative) keeps it, as the tree-walker's renamed body keeps it; entering
   * the rule again clears it.
   */
  private freshVar(i: number, name: string, lasting: boolean): Atom {
    const f = freshVariable(name);
    if (lasting) this.vals[i] = f;
    else this.write(i, f);
    return f;
  }

  /** Pattern or template n with its unbound slots given fresh variables (written to the slots). */
  private freshInstance(n: PNode, built: boolean): Atom {
    if (built && !this.logic) throw new Bail('unbound variable in a built atom');
    // `built`: a template's unbound slots are the rule's own variables (see freshVar); a pattern's
    // are bound by the unification under way, which backtracking takes back.
    switch (n.kind) {
      case N_CONST:
        return n.atom;
      case N_SLOT: {
        const i = this.base + n.slot;
        const cur = this.vals[i];
        return cur === null || cur === undefined ? this.freshVar(i, n.atom.name, built) : cur;
      }
      default: {
        const out = new Array<Atom>(n.items.length);
        for (let i = 0; i < out.length; i++) out[i] = this.freshInstance(n.items[i]!, built);
        return expr(out);
      }
    }
  }

  /** Follows the pending bindings from a variable. */
  private walkLv(a: Atom): Atom {
    while (a.kind === VARIABLE) {
      const t = this.sigma.get(varKey(a));
      if (t === undefined) return a;
      a = t;
    }
    return a;
  }

  private bindLv(v: Atom, t: Atom): boolean {
    if (sameVariable(t, v)) return true;
    if (!t.ground && occursIn(this.sigma, v, t)) return false;
    this.sigma.set(varKey(v), t);
    return true;
  }

  /** Two values unified under the pending bindings (two-way: either may hold variables). */
  private unifyValues(a: Atom, b: Atom): boolean {
    if (a === b) return true;
    if (a.ground && b.ground) return atomEq(a, b);
    a = this.walkLv(a);
    b = this.walkLv(b);
    if (a.kind === VARIABLE) return this.bindLv(a, b);
    if (b.kind === VARIABLE) return this.bindLv(b, a);
    if (a.kind !== EXPRESSION || b.kind !== EXPRESSION) return atomEq(a, b);
    if (a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) if (!this.unifyValues(a.items[i]!, b.items[i]!)) return false;
    return true;
  }

  /** matchNode in logic mode: a variable in the value is bound to the pattern's instance. */
  private unifyNode(n: PNode, v: Atom): boolean {
    switch (n.kind) {
      case N_CONST:
        return this.unifyValues(n.atom, v);
      case N_SLOT: {
        // An unbound slot takes the value as matchNode binds it; a bound one is unified with it.
        const cur = this.vals[this.base + n.slot];
        return cur === null || cur === undefined ? this.matchNode(n, v) : this.unifyValues(cur, v);
      }
      default: {
        const w = v.kind === VARIABLE ? this.walkLv(v) : v;
        if (w.kind === VARIABLE) return this.bindLv(w, this.freshInstance(n, false));
        if (w.kind !== EXPRESSION || w.items.length !== n.items.length) return false;
        for (let i = 0; i < n.items.length; i++) if (!this.unifyNode(n.items[i]!, w.items[i]!)) return false;
        return true;
      }
    }
  }

  /** The pending bindings applied to every value below `top` (trailed writes), then forgotten. */
  private applySigma(top: number): void {
    const vals = this.vals;
    // One memo for the scan: a subterm shared by several values (a list and its tails in the
    // frames of a recursion down it) is rebuilt once, and stays shared.
    const memo = this.substMemo;
    for (let i = 0; i < top; i++) {
      const x = vals[i];
      if (x === null || x === undefined || x.ground) continue;
      const y = this.substLv(x, memo);
      if (y !== x) this.write(i, y);
    }
    this.sigma.clear();
    memo.clear();
    // Each application scans the live values and may rebuild them along the bound variables' paths:
    // a chain of bindings growing a call at a time (a list made by recursion on a variable) costs
    // the square of its length, so past a bound the tree-walker takes the form.
    if ((this.rewrites += top) > MAX_REWRITES) throw new Bail('too many values rewritten by bindings');
  }
  /** `a` under the pending bindings (they hold no cycles: the occurs check). */
  private substLv(a: Atom, memo: Map<Atom, Atom>): Atom {
    if (a.ground) return a;
    if (a.kind === VARIABLE) {
      const t = this.sigma.get(varKey(a));
      return t === undefined ? a : this.substLv(t, memo);
    }
    if (a.kind !== EXPRESSION) return a;
    const seen = memo.get(a);
    if (seen !== undefined) return seen;
    const items = a.items;
    let out: Atom[] | null = null;
    for (let i = 0; i < items.length; i++) {
      const x = items[i]!;
      const y = this.substLv(x, memo);
      if (y !== x && out === null) out = items.slice(0, i);
      if (out !== null) out.push(y);
    }
    if (out === null) return a;
    const r = expr(out);
    memo.set(a, r);
    return r;
  }

  protected bindRow(lv: readonly Atom[], cells: readonly Atom[], at: number): void {
    this.sigma.clear();
    for (let j = 0; j < lv.length; j++) {
      // A variable the answer leaves unbound comes back as itself: no binding (it would loop).
      const c = cells[at + j]!;
      if (!sameVariable(c, lv[j]!)) this.sigma.set(varKey(lv[j]!), c);
    }
    if (this.sigma.size > 0) this.applySigma(this.sp);
  }

  /**
   * MATCH_SPACE in logic mode: the pattern's unbound slots are queried as fresh variables
   * (no clash with the values' variables), and each answer also binds the variables the
   * values put in the query.
   */
  private matchSpaceLogic(p: Pattern, space: GroundingSpace, pc: number): boolean {
    const base = this.base, vals = this.vals;
    const free: number[] = [];
    const fresh: Atom[] = [];
    const q = this.queryInstance(p.root, base, vals, free, fresh);
    const own = new Set<VarKey>(fresh.map(varKey));
    const lv = distinctVariables(q).filter((x) => !own.has(varKey(x)));
    const qvars = fresh.concat(lv);
    const raw: Atom[] = [];
    const n = space.queryCells(q, qvars, false, raw);
    if (n <= 0) return false;
    const slots = p.whole >= 0 ? free.concat([p.whole]) : free;
    let cells = raw;
    if (p.whole >= 0) {
      // Each row: the free slots' cells, the whole pattern's instance, then the logic variables' cells.
      cells = [];
      const w = qvars.length;
      for (let r = 0; r < n; r++) {
        const m = new Map<VarKey, Atom>();
        for (let j = 0; j < w; j++) {
          const c = raw[r * w + j]!;
          if (!sameVariable(c, qvars[j]!)) m.set(varKey(qvars[j]!), c);
        }
        for (let j = 0; j < fresh.length; j++) cells.push(raw[r * w + j]!);
        cells.push(new Bindings(m).apply(q));
        for (let j = fresh.length; j < w; j++) cells.push(raw[r * w + j]!);
      }
    }
    const rows = { slots, lv, cells };
    if (n > 1) this.pushCp(K_ROWS, pc, 1, n, rows);
    for (let j = 0; j < slots.length; j++) this.write(base + slots[j]!, cells[j]!);
    this.bindRow(lv, cells, slots.length);
    return true;
  }

  /** The query a pattern makes: bound slots as their values, unbound ones as fresh variables (listed in free/fresh). */
  private queryInstance(n: PNode, base: number, vals: ReadonlyArray<Atom | null>, free: number[], fresh: Atom[]): Atom {
    switch (n.kind) {
      case N_CONST:
        return n.atom;
      case N_SLOT: {
        const v = vals[base + n.slot];
        if (v !== null && v !== undefined) return v;
        const k = free.indexOf(n.slot);
        if (k >= 0) return fresh[k]!;
        const f = freshVariable(n.atom.name);
        free.push(n.slot);
        fresh.push(f);
        return f;
      }
      default:
        return expr(n.items.map((x) => this.queryInstance(x, base, vals, free, fresh)));
    }
  }

  /**
   * A tuple with an expression head, its items evaluated: is its call surely no call? Only a
   * rule whose call pattern is headed by a variable or an expression could take it.
   */
  private callsNothing(v: Atom): boolean {
    if (v.kind !== EXPRESSION || v.items.length === 0 || v.items[0]!.kind !== EXPRESSION) return false;
    const info = this.program.info;
    return !info.exprTypeDecls && !info.exprCallRules() && !isErrorAtom(v);
  }

  /** A cheap test without binding: false only when some constant or shape in the rule's patterns disagrees. */
  private couldMatch(rule: Rule, base: number, n: number): boolean {
    if (this.logic) return true;
    if (rule.first !== null && !atomEq(rule.first, this.vals[base]!)) return false;
    for (let a = 0; a < n; a++) {
      const p = rule.pats[a];
      if (p != null && !shapeMatches(p.root, this.vals[base + a]!)) return false;
    }
    return true;
  }

  /** RET from outside the loop; false when the value went to the top-level collector (so backtrack). */
  private returnValue(v: Atom): boolean {
    const fr = this.fr;
    const fp = this.fp;
    if (fr[fp + F_RET_PC]! < 0) {
      this.deliverTop(v);
      return false;
    }
    const dest = fr[fp + F_DEST]!;
    this.write(dest, v);
    this.sp = dest + 1;
    this.pc = fr[fp + F_RET_PC]!;
    this.chunk = this.program.chunks[fr[fp + F_RET_CHUNK]!]!;
    this.base = fr[fp + F_CALLER_BASE]!;
    this.fp = fr[fp + F_CALLER_FP]!;
    return true;
  }

  private matchNode(n: PNode, v: Atom): boolean {
    switch (n.kind) {
      case N_CONST:
        return n.atom === v || atomEq(n.atom, v);
      case N_SLOT: {
        const i = this.base + n.slot;
        const cur = this.vals[i];
        if (cur === null || cur === undefined) {
          this.write(i, v);
          return true;
        }
        return cur === v || atomEq(cur, v);
      }
      default: {
        if (v.kind !== EXPRESSION || v.items.length !== n.items.length) return false;
        for (let i = 0; i < n.items.length; i++) if (!this.matchNode(n.items[i]!, v.items[i]!)) return false;
        return true;
      }
    }
  }

  /**
   * Matches and, on failure, unbinds the slots this match bound (unification is all or nothing).
   * In logic mode it unifies, and the bindings it makes are applied to every value below `top`.
   */
  private matchTop(n: PNode, v: Atom, vars: readonly number[], top: number): boolean {
    if (this.logic) this.sigma.clear();
    // A variable or a constant binds nothing it would have to take back (a let's `$x` is the usual pattern).
    else if (n.kind !== N_EXPR) return this.matchNode(n, v);
    const base = this.base, unbound = this.unboundScratch;
    let k = 0;
    for (let i = 0; i < vars.length; i++) if (this.vals[base + vars[i]!] === null) unbound[k++] = vars[i]!;
    if (this.logic ? this.unifyNode(n, v) : this.matchNode(n, v)) {
      if (this.logic && this.sigma.size > 0) this.applySigma(top);
      return true;
    }
    for (let i = 0; i < k; i++) if (this.vals[base + unbound[i]!] !== null) this.write(base + unbound[i]!, null);
    return false;
  }
  /** matchTop's slots that were unbound before it matched (it never nests). */
  private readonly unboundScratch: number[] = [];

  /** `metta(v, ty)` for a value that is already evaluated once (a substituted variable). */
  private evalValue(v: Atom, ty: number, nr: number): Atom {
    if (v.kind === VARIABLE) {
      // `metta` gives a variable back as it is (logic mode; otherwise values are ground).
      if (this.logic) return v;
      throw new Bail('unbound variable');
    }
    if (v === S.notReducible && nr !== 0) {
      if (nr === NR_EMPTY) return S.empty;
      if (nr === NR_BAIL) throw new Bail('NotReducible result');
    }
    if (v === S.empty) return v;
    // An evaluation asked for a meta type gives back an atom of that kind as it is (`metta`'s first rule).
    if (ty > TY_INHERIT && isMetaSpec(ty, v)) return v;
    if (v.kind === EXPRESSION) {
      if (v.items.length === 0 || isErrorAtom(v)) return v;
      const info = this.program.info;
      if (ty === TY_INHERIT ? isInert(info, v) : evaluatesToItself(info, v, ty)) return v;
      const rs = this.fallbackAtom(v, ty, 're-evaluating an expression value');
      if (rs.length !== 1) throw new Bail('re-evaluating a value gave several results');
      return rs[0]!;
    }
    if (ty === TY_UNDEF) return v;
    if (v.kind === GROUNDED && (ty === TY_NUMBER ? v.value instanceof NumberValue : ty === TY_BOOL && v.value instanceof BoolValue)) return v;
    const errs = castOfValue(this.program.info, v, ty);
    if (errs === null) return v;
    if (errs.length !== 1) throw new Bail('several type errors');
    return errs[0]!;
  }

  /**
   * Does an argument whose value is `v` pass the type check for formal type
   * `ty` (checkFunctionType)? A meta type is the value's kind; any other type
   * one of the value's types (none known: %Undefined%, which fits).
   */
  private hasType(v: Atom, ty: number): boolean {
    return valueHasType(this.program.info, v, ty);
  }


  /**
   * Is the instruction ending before `pc` the run's last act? Only a return to the
   * top-level collector follows, with no alternative left: no bail can come after it.
   */
  private lastAct(pc: number): boolean {
    return this.ncp === 0 && this.raw === null && this.fr[this.fp + F_RET_PC]! < 0 && this.chunk.code[pc] === RET;
  }

  /** GCALL: the call built from the n values at `at`, run by grounded-calls.ts (a fallback or a bail when it cannot). */
  private groundedCall(opAtom: Atom, vals: ReadonlyArray<Atom | null>, at: number, n: number, ty: number, flags: number, pre: Atom | null): Atom[] {
    const items: Atom[] = [opAtom];
    for (let i = 0; i < n; i++) items.push(vals[at + i]!);
    const call = expr(items);
    const name = operationOf(opAtom)!.name;
    if (this.opHost === null) throw new Bail(`no host for ${name}`);
    // A final effect (bind!, import! …) must be the run's last act: nothing may bail and repeat it.
    if ((flags & GCALL_FINAL) !== 0 && !this.lastAct(this.pc)) throw new Bail(`${name} before the end of the form`);
    this.steps++;
    const info = this.program.info;
    const rs = runGroundedCall(call, pre ?? call, typeOfSpec(ty), flags, info, groundedContext(info.space, this.opHost));
    if (rs !== null) return rs;
    return this.fallbackAtom(pre ?? call, ty, `the grounded operation ${name}`);
  }

  private runFallback(t: Template, ty: number, top: number): Atom[] {
    const base = this.base;
    for (const s of t.required) if (this.vals[base + s] === null) throw new Bail('unbound variable in a fallback');
    // In logic mode a rule's own unbound variables are renamed per application, as BUILD renames them.
    const atom = this.logic ? instantiate(t.root, this.vals, base) ?? this.freshInstance(t.root, true)
      : t.closed ? instantiate(t.root, this.vals, base) : instantiateOpen(t.root, this.vals, base);
    if (atom === null) throw new Bail('unbound variable in a fallback');
    // A tuple of data (e.g. ($a $b $c) once its variables are bound) evaluates to itself: no need to ask the
    // tree-walker. In logic mode so does data with variables (a variable-headed tuple included).
    if (ty === TY_UNDEF && atom.kind === EXPRESSION && (atom.ground || this.logic) && isInert(this.program.info, atom)) return [atom];
    // The direct operations (assert helpers, size-atom) take their arguments as data and bind nothing;
    // the tree-walker's bindings of the atom's variables come back with its results.
    if (this.logic && !atom.ground) return directCall(atom, ty) ?? this.fallbackAtom(atom, ty, t.reason, top);
    // A guard failed because of a type: when no function type of the call applies, its results are the
    // errors of the type check, which need no evaluation (BadType, BadArgType, as interpretExpression makes them).
    if (ty !== TY_UNDEF) {
      const space = this.program.info.space, type = typeOfSpec(ty);
      const direct = resultsWithoutEvaluation(space, atom, type) ?? staticTypeErrors(space, atom, type);
      if (direct !== null) return direct;
    }
    return directCall(atom, ty) ?? this.typeQuery(atom) ?? this.fallbackAtom(atom, ty, t.reason);
  }

  /** `(get-type x)` answered here: each type evaluated as metta does (against %Undefined%), then metta's result filter. */
  private typeQuery(atom: Atom): Atom[] | null {
    const types = typesOfCall(this.program.info.space, atom);
    // A type with variables (a function type) is left to the tree-walker, as every non-ground fallback result is.
    if (types === null || types.some((t) => !t.ground)) return null;
    const rs = types.map((t) => this.evalValue(t, TY_UNDEF, NR_PLAIN)).filter((r) => r !== S.empty);
    const ok = rs.filter((r) => !isErrorAtom(r));
    return ok.length > 0 ? ok : rs;
  }

  /**
   * The tree-walker's results for `atom`. In logic mode an atom with variables is watched:
   * the values its variables take in each result come back too. Bindings at one result are
   * applied here to the values below `top`; at several, `rows` gets them (a caller passing
   * no top takes none: it bails).
   */
  private fallbackAtom(atom: Atom, ty: number, reason: string, top = -1): Atom[] {
    const watch: Watch = this.logic && !atom.ground ? { vars: distinctVariables(atom), cells: [] } : null;
    this.fallbackRows = null;
    if (!this.program.info.fallbackAllowed(atom)) throw new Bail(`a fallback that may have side effects (${reason})`);
    // The tree-walker's frames under the VM's are not counted: under a stack-depth limit it runs the whole form.
    if (this.maxStackDepth > 0) throw new Bail(`a fallback under a stack-depth limit (${reason})`);
    const outer = this.memory === null ? 0 : this.footprint();
    if (this.memory !== null) this.memory.outer += outer;
    let answer;
    try {
      answer = this.fallback(atom, typeOfSpec(ty), this.maxSteps - this.steps, this.program, reason, watch);
    } finally {
      if (this.memory !== null) this.memory.outer -= outer;
    }
    const { results, steps } = answer;
    this.steps += steps;
    if (!this.logic) for (const r of results) if (!r.ground) throw new Bail('a fallback result is not ground');
    if (watch !== null && results.length > 0) this.takeBindings(watch, results, top);
    return results;
  }

  /** Each result's bindings of a watched fallback's variables: applied at once, or kept as rows for a choice point. */
  private takeBindings(watch: NonNullable<Watch>, results: readonly Atom[], top: number): void {
    const { vars, cells } = watch;
    let bound = false;
    for (let i = 0; i < cells.length && !bound; i++) bound = !sameVariable(cells[i]!, vars[i % vars.length]!);
    if (!bound) return;
    if (top < 0) throw new Bail('a fallback that binds variables of its atom');
    if (results.length === 1) {
      const sp = this.sp;
      this.sp = top;
      this.bindRow(vars, cells, 0);
      this.sp = sp;
      return;
    }
    const w = vars.length, rowCells: Atom[] = [];
    for (let r = 0; r < results.length; r++) {
      rowCells.push(results[r]!);
      for (let j = 0; j < w; j++) rowCells.push(cells[r * w + j]!);
    }
    this.fallbackRows = { slots: [], lv: vars, cells: rowCells, push: true };
  }

  /** A native operation outside its fast path: the library's own code, errors as the tree-walker makes them. */
  private slowOp(opAtom: Atom, a: Atom, b: Atom, kind: number): Atom {
    const name = operationOf(opAtom)!.name;
    const call = expr([opAtom, a, b]);
    try {
      return kind === 0 ? arithmetic(name, [a, b]) : compare(name, [a, b]);
    } catch (e) {
      if (e instanceof NoReduce) return call;
      if (e instanceof ExecError) return expr([S.error, call, e.atom ?? makeString(e.message)]);
      throw e;
    }
  }

}

/** Is `a` the variable `v` (variables are not interned: compared by key)? */
function sameVariable(a: Atom, v: Atom): boolean {
  return a.kind === VARIABLE && varKey(a) === varKey(v);
}

/** A Number asked for as a Number, a Bool as a Bool: `metta` gives it back as it is. */
function fitsAtOnce(v: Atom, ty: number): boolean {
  if (v.kind !== GROUNDED) return false;
  return ty === TY_NUMBER ? v.value instanceof NumberValue : ty === TY_BOOL && v.value instanceof BoolValue;
}

/** Could the pattern match the value? Variables match anything (even when repeated). */
function shapeMatches(n: PNode, v: Atom): boolean {
  switch (n.kind) {
    case N_CONST:
      return n.atom === v || atomEq(n.atom, v);
    case N_SLOT:
      return true;
    default: {
      if (v.kind !== EXPRESSION || v.items.length !== n.items.length) return false;
      for (let i = 0; i < n.items.length; i++) if (!shapeMatches(n.items[i]!, v.items[i]!)) return false;
      return true;
    }
  }
}

/**
 * Library operations on data the VM calls itself: arguments not evaluated
 * (typed Atom or Expression), answers final. Each with the type specs a
 * caller may ask its answer for.
 */
const DIRECT_OPS = new Map<string, readonly number[]>([
  ['_assert-results-are-equal', [TY_UNDEF]], ['_assert-results-are-equal-msg', [TY_UNDEF]],
  ['_assert-results-are-alpha-equal', [TY_UNDEF]], ['_assert-results-are-alpha-equal-msg', [TY_UNDEF]],
  // (-> Expression Number): a non-expression argument throws here and goes to the tree-walker for its type error.
  ['size-atom', [TY_UNDEF, TY_NUMBER]],
]);

const NO_CONTEXT: OpContext = {
  get space(): never {
    throw new Error('no context');
  },
  evaluate(): never {
    throw new Error('no context');
  },
  get host(): never {
    throw new Error('no context');
  },
};

/** The answers of a direct operation's call, or null when the tree-walker must make the call. */
function directCall(atom: Atom, ty: number): Atom[] | null {
  if (atom.kind !== EXPRESSION || atom.items.length === 0) return null;
  const h = atom.items[0]!;
  const op = operationOf(h);
  if (op === null || op.fn === null || !isStandardOp(h) || !(DIRECT_OPS.get(op.name)?.includes(ty) ?? false)) return null;
  try {
    return op.fn(atom.items.slice(1), NO_CONTEXT);
  } catch {
    return null;
  }
}
