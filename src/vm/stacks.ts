// The VM's memory and its backtracking (WAM style). `vals` is the value
// stack; a frame's slots (arguments first) sit at `base`, its temporaries
// above. Frame records (return address, caller, expected type) live in `fr`,
// choice points in `cps`, both Int32Arrays. A choice point saves the
// registers; any write below the protected height `hb` is trailed, and frame
// records below `hf` are never reused, so resuming an alternative restores
// exactly the state it was created in.
import { Atom, expr } from '../atom/atom.js';
import { StepLimitExceeded } from '../interp/machine.js';
import { LimitExceeded } from '../runner/limits.js';
import { BYTES, type MemoryMeter } from '../runner/memory.js';

// Power of two minus one: the clock is read once per 4096 steps.
const CLOCK_MASK = 4095;
import { isErrorAtom } from '../interp/values.js';
import { Chunk } from './chunk.js';
import type { Program, Proc } from './compiler.js';
import { OP } from './opcodes.js';

// Frame record fields.
// F_DEST is where the result goes: the first argument's slot of the original call (a tail call
// that cannot reuse its frame puts its arguments higher, but still returns there).
export const F_RET_PC = 0, F_RET_CHUNK = 1, F_CALLER_FP = 2, F_CALLER_BASE = 3, F_TY = 4, F_PROC = 5, F_DEST = 6, FR = 7;
// Choice point fields.
export const C_KIND = 0, C_PC = 1, C_CHUNK = 2, C_FP = 3, C_BASE = 4, C_SP = 5, C_TRAIL = 6, C_HF = 7, C_HB = 8, C_IDX = 9;
export const C_N = 10, C_SEEN = 11, C_REGION = 12, CPW = 13;
// Choice point kinds.
export const K_RULES = 0, K_ALTS = 1, K_LIST = 2, K_ROWS = 3, K_BARRIER = 4, K_GATHER = 5;

/** Rows of a MATCH_SPACE choice point: values for the pattern's unbound slots, row after row in one array. */
export interface Rows {
  readonly slots: readonly number[];
  /** Logic variables of the query (logic mode): each row's cells for them follow its slots' cells. */
  readonly lv: readonly Atom[] | null;
  readonly cells: readonly Atom[];
  /** Each row starts with a value pushed on the stack (a fallback's result), before its slots' cells. */
  readonly push?: boolean;
}
export type CpPayload = Atom[] | readonly Atom[] | Rows | null;

/** A placeholder until the first run sets the real entry chunk. */
export const NO_CHUNK = new Chunk('none', Int32Array.of(OP.FAIL), [], [], [], Int32Array.of(-1), [], 0, 0);

export abstract class VmStacks {
  /** Logic mode: binds the query's logic variables `lv` to a row's cells from `at` on (see Vm). */
  protected abstract bindRow(lv: readonly Atom[], cells: readonly Atom[], at: number): void;
  /** The program of the run; set by `prepare` (a VM is reused across runs and space versions). */
  protected program!: Program;
  maxSteps = Infinity;
  steps = 0;
  /** Wall-clock deadline (Date.now() ms) and result cap of this run; set by VmEngine. */
  deadline = Infinity;
  maxResults = Infinity;
  maxAtomSize = Infinity;
  /** The run's memory budget (shared with nested VMs and fallbacks); null for none. */
  memory: MemoryMeter | null = null;

  // Sized in the constructor; every one grows on demand.
  protected vals: Array<Atom | null>;
  protected fr: Int32Array;
  protected cps: Int32Array;
  protected cpObj: CpPayload[] = [];
  protected ncp = 0;
  protected trailIdx: Int32Array;
  protected trailVal: Array<Atom | null>;
  protected tp = 0;
  /** Writes to vals below hb are trailed; frame records below hf are kept. */
  protected hb = 0;
  protected hf = 0;
  /** Values in the lists of open gather regions (`collapse`), charged to the memory budget. */
  protected gathered = 0;
  /** The innermost open filter or gather region (a choice point offset, -1 for none). */
  protected region = -1;
  /** Highest value-stack and trail positions written since the last `release`: what it clears. */
  protected valsHigh = 0;
  protected trailHigh = 0;

  // Registers, kept in fields between instructions that leave the loop body.
  protected pc = 0;
  protected sp = 0;
  protected base = 0;
  protected fp = 0;
  protected chunk: Chunk;

  /**
   * Small stacks to start with (a runner's own VM is made with each runner); `small`: smaller
   * still, a nested VM's, which evaluates one tabled call (its own nested calls go to the next VM).
   */
  constructor(small = false) {
    const k = small ? 1 : 4;
    this.vals = new Array<Atom | null>(64 * k).fill(null);
    this.fr = new Int32Array(16 * k * FR);
    this.cps = new Int32Array(4 * k * CPW);
    this.trailIdx = new Int32Array(16 * k);
    this.trailVal = new Array<Atom | null>(16 * k).fill(null);
    this.chunk = NO_CHUNK;
  }

  /** Empties the machine for a new run, in time proportional to what the last run used. */
  protected resetStacks(): void {
    for (let i = 0; i < this.ncp; i++) this.cpObj[i] = null;
    this.ncp = 0;
    this.gathered = 0;
    this.tp = 0;
    this.hb = 0;
    this.hf = 0;
    this.region = -1;
  }

  /** Drops the atoms a finished run left on the stacks, so a kept VM holds on to nothing. */
  protected release(): void {
    this.resetStacks();
    // Plain loops: the ranges are short after most runs, where fill's call costs more than the writes.
    const vals = this.vals, trail = this.trailVal;
    for (let i = Math.min(this.valsHigh, vals.length) - 1; i >= 0; i--) vals[i] = null;
    for (let i = Math.min(this.trailHigh, trail.length) - 1; i >= 0; i--) trail[i] = null;
    this.valsHigh = 0;
    this.trailHigh = 0;
  }

  /** Throws when the run's deadline has passed or its memory budget is spent (checked every few thousand steps). */
  protected checkClock(): void {
    const now = Date.now();
    if (now > this.deadline) throw new LimitExceeded('time', 'time limit exceeded');
    if (this.memory !== null) this.memory.check(this.footprint(), now);
  }

  /** Bytes these stacks hold, as the memory budget counts them: capacities, and the atoms of live slots. */
  protected footprint(): number {
    const ints = this.fr.length + this.cps.length + this.trailIdx.length;
    const refs = this.vals.length + this.trailVal.length + this.cpObj.length;
    return ints * BYTES.intSlot + refs * 8 + this.sp * BYTES.valueSlot + this.ncp * BYTES.choicePoint;
  }

  /** Tries a procedure's rules from `from` (see Vm). */
  protected abstract enter(proc: Proc, from: number, first: boolean): boolean;

  protected write(i: number, v: Atom | null): void {
    if (i < this.hb) this.trail(i);
    this.vals[i] = v;
  }

  protected trail(i: number): void {
    if (this.tp === this.trailIdx.length) {
      const n = new Int32Array(this.tp * 2);
      n.set(this.trailIdx);
      this.trailIdx = n;
      const nv = new Array<Atom | null>(this.tp * 2).fill(null);
      for (let j = 0; j < this.tp; j++) nv[j] = this.trailVal[j]!;
      this.trailVal = nv;
    }
    this.trailIdx[this.tp] = i;
    this.trailVal[this.tp++] = this.vals[i] ?? null;
    if (this.tp > this.trailHigh) this.trailHigh = this.tp;
  }

  protected pushCp(kind: number, pc: number, idx: number, n: number, payload: CpPayload): void {
    const c = this.ncp * CPW;
    if (c + CPW > this.cps.length) {
      const g = new Int32Array(this.cps.length * 2);
      g.set(this.cps);
      this.cps = g;
    }
    const cps = this.cps;
    cps[c + C_KIND] = kind;
    cps[c + C_PC] = pc;
    cps[c + C_CHUNK] = this.chunk.id;
    cps[c + C_FP] = this.fp;
    cps[c + C_BASE] = this.base;
    cps[c + C_SP] = this.sp;
    cps[c + C_TRAIL] = this.tp;
    const hf = Math.max(this.fp + FR, this.hf);
    const hb = Math.max(this.sp, this.hb);
    cps[c + C_HF] = hf;
    cps[c + C_HB] = hb;
    cps[c + C_IDX] = idx;
    cps[c + C_N] = n;
    cps[c + C_SEEN] = 0;
    cps[c + C_REGION] = this.region;
    this.cpObj[this.ncp] = payload;
    this.ncp++;
    this.hf = hf;
    this.hb = hb;
  }

  protected popCp(): void {
    this.ncp--;
    this.cpObj[this.ncp] = null;
    if (this.ncp === 0) {
      this.hb = 0;
      this.hf = 0;
    } else {
      const t = (this.ncp - 1) * CPW;
      this.hb = this.cps[t + C_HB]!;
      this.hf = this.cps[t + C_HF]!;
    }
  }

  /** Resumes the newest choice point with an alternative; false when none is left. */
  protected backtrack(): boolean {
    const cps = this.cps;
    while (this.ncp > 0) {
      if (++this.steps > this.maxSteps) throw new StepLimitExceeded(this.maxSteps);
      if ((this.steps & CLOCK_MASK) === 0) this.checkClock();
      const c = (this.ncp - 1) * CPW;
      const mark = cps[c + C_TRAIL]!;
      const vals = this.vals;
      for (let t = this.tp - 1; t >= mark; t--) vals[this.trailIdx[t]!] = this.trailVal[t]!;
      this.tp = mark;
      this.fp = cps[c + C_FP]!;
      this.base = cps[c + C_BASE]!;
      this.sp = cps[c + C_SP]!;
      // A nested call's rule alternatives (runCall) were pushed outside any chunk: NO_CHUNK, id -1.
      this.chunk = this.program.chunks[cps[c + C_CHUNK]!] ?? NO_CHUNK;
      this.region = cps[c + C_REGION]!;
      const payload = this.cpObj[this.ncp - 1]!;
      const i = cps[c + C_IDX]!;
      const n = cps[c + C_N]!;
      switch (cps[c + C_KIND]) {
        case K_RULES:
          this.popCp();
          if (this.enter(this.program.procs[n]!, i, false)) return true;
          continue;
        case K_ALTS: {
          const table = cps[c + C_PC]!;
          if (i + 1 >= n) this.popCp();
          else cps[c + C_IDX] = i + 1;
          this.pc = this.chunk.code[table + 1 + i]!;
          return true;
        }
        case K_LIST: {
          const list = payload as readonly Atom[];
          if (i + 1 >= n) this.popCp();
          else cps[c + C_IDX] = i + 1;
          this.write(this.sp, list[i]!);
          this.sp++;
          this.pc = cps[c + C_PC]!;
          return true;
        }
        case K_ROWS: {
          const r = payload as Rows;
          if (i + 1 >= n) this.popCp();
          else cps[c + C_IDX] = i + 1;
          const p = r.push === true ? 1 : 0, w = r.slots.length, at = i * (p + w + (r.lv === null ? 0 : r.lv.length));
          for (let j = 0; j < w; j++) this.write(this.base + r.slots[j]!, r.cells[at + p + j]!);
          if (r.lv !== null) this.bindRow(r.lv, r.cells, at + p + w);
          if (p === 1) {
            this.write(this.sp, r.cells[at]!);
            this.sp++;
          }
          this.pc = cps[c + C_PC]!;
          return true;
        }
        case K_BARRIER: {
          const held = payload as Atom[] | null;
          const k = cps[c + C_IDX]!;
          if (cps[c + C_SEEN] === 1 || held === null || k >= held.length) {
            this.popCp();
            continue;
          }
          cps[c + C_IDX] = k + 1;
          if (k + 1 >= held.length) this.popCp();
          this.region = cps[c + C_REGION]!;
          this.write(this.sp, held[k]!);
          this.sp++;
          this.pc = cps[c + C_PC]!;
          return true;
        }
        default: {
          const list = payload as Atom[];
          const seen = cps[c + C_SEEN] === 1;
          this.gathered -= list.length;
          this.popCp();
          // Errors beside other results are dropped; the list is copied only when it has some.
          this.write(this.sp, expr(seen && list.some(isErrorAtom) ? list.filter((x) => !isErrorAtom(x)) : list));
          this.sp++;
          this.pc = cps[c + C_PC]!;
          return true;
        }
      }
    }
    return false;
  }

  protected ensureVals(n: number): void {
    if (n > this.valsHigh) this.valsHigh = n;
    if (n <= this.vals.length) return;
    let size = this.vals.length * 2;
    while (size < n) size *= 2;
    const nv = new Array<Atom | null>(size).fill(null);
    for (let i = 0; i < this.vals.length; i++) nv[i] = this.vals[i]!;
    this.vals = nv;
  }

  protected growFrames(): void {
    const g = new Int32Array(this.fr.length * 2);
    g.set(this.fr);
    this.fr = g;
  }
}
