// A compiled unit of code: the body of one rule, a case template, or a
// top-level form. Code is an Int32Array; atoms live in a constant pool, and
// templates and patterns (atoms with variables mapped to frame slots) in
// their own pools. `lines` maps every instruction to the source atom it was
// compiled from (atoms carry no file positions), for the disassembler.
import type { Atom } from '../atom/atom.js';
import { OP_INFO, type Opcode } from './opcodes.js';
import type { Pattern, Template } from './patterns.js';
import type { Ir } from './ir.js';

/** A gather region: its body, and where a count of its results may go on instead of its list (-1: nowhere). */
export interface Region {
  readonly body: Ir;
  readonly countTo: number;
  /** The steps the code a count skips would have counted (the call of a size function: 1). */
  readonly countSteps: number;
}

export class Chunk {
  readonly name: string;
  readonly code: Int32Array;
  readonly consts: readonly Atom[];
  readonly templates: readonly Template[];
  readonly patterns: readonly Pattern[];
  /** For each pc, the index in `sources` of the atom the instruction came from (-1 for none). */
  readonly lines: Int32Array;
  readonly sources: readonly Atom[];
  /** Arguments a caller passes (they are the first slots). */
  readonly arity: number;
  /** All slots of a frame: arguments, then the rule's variables. */
  readonly nslots: number;
  /** Deepest value stack above the slots, as computed by the verifier. */
  maxStack = 0;
  /** Each gather region (`collapse`) by the pc of its GATHER_PUSH: what the JS tier compiles. */
  regions: ReadonlyMap<number, Region> | null = null;
  /** Index in the compile cache's chunk table (frames and choice points refer to chunks by it). */
  id = -1;
  /** Tree-walker frames its evaluation may stack (depth-bound.ts); -1 until first asked. */
  depthBound = -1;
  /** Each slot's variable name, for the fresh variables logic mode makes (null: none known). */
  slotNames: readonly string[] | null = null;
  /** A top-level form's own variables by slot, which logic mode starts as values (null: not a form). */
  formVars: ReadonlyArray<readonly [number, Atom]> | null = null;

  constructor(
    name: string, code: Int32Array, consts: readonly Atom[], templates: readonly Template[], patterns: readonly Pattern[],
    lines: Int32Array, sources: readonly Atom[], arity: number, nslots: number,
  ) {
    this.name = name;
    this.code = code;
    this.consts = consts;
    this.templates = templates;
    this.patterns = patterns;
    this.lines = lines;
    this.sources = sources;
    this.arity = arity;
    this.nslots = nslots;
  }
}

/** Builds a chunk: appends instructions, interns constants, and patches forward jumps. */
export class ChunkBuilder {
  private code: number[] = [];
  private lines: number[] = [];
  private readonly consts: Atom[] = [];
  private readonly constIndex = new Map<Atom, number>();
  readonly templates: Template[] = [];
  readonly patterns: Pattern[] = [];
  private readonly sources: Atom[] = [];
  private currentSource = -1;
  private readonly labels: number[] = [];
  private regions: Map<number, Region> | null = null;
  /** Code positions holding a label number, to be replaced by the label's pc. */
  private readonly fixups: number[] = [];

  setSource(a: Atom): number {
    const prev = this.currentSource;
    let i = this.sources.indexOf(a);
    if (i < 0) i = this.sources.push(a) - 1;
    this.currentSource = i;
    return prev;
  }
  restoreSource(i: number): void {
    this.currentSource = i;
  }

  constant(a: Atom): number {
    let i = this.constIndex.get(a);
    if (i === undefined) {
      i = this.consts.push(a) - 1;
      this.constIndex.set(a, i);
    }
    return i;
  }
  template(t: Template): number {
    return this.templates.push(t) - 1;
  }
  pattern(p: Pattern): number {
    return this.patterns.push(p) - 1;
  }

  /** Records that the next instruction (a GATHER_PUSH) opens a region gathering the results of `body` (see Region). */
  region(body: Ir, countLabel: number, countSteps = 0): void {
    (this.regions ??= new Map()).set(this.code.length, { body, countTo: countLabel, countSteps });
  }

  newLabel(): number {
    return this.labels.push(-1) - 1;
  }
  mark(label: number): void {
    this.labels[label] = this.code.length;
  }

  /** Appends an instruction. Label operands are passed as label numbers and patched in `finish`. */
  emit(op: Opcode, ...operands: number[]): void {
    this.emitOps(op, operands);
  }

  /** Like `emit`, with the operands in an array (a jump table may be too long to spread). */
  emitOps(op: Opcode, operands: readonly number[]): void {
    const kinds = OP_INFO[op].operands;
    this.lines.push(this.currentSource);
    this.code.push(op);
    let j = 0;
    for (const k of kinds) {
      if (k === 'N') {
        const n = operands.length - j;
        this.lines.push(this.currentSource);
        this.code.push(n);
        for (; j < operands.length; j++) this.pushLabel(operands[j]!);
      } else if (k === 'L') {
        this.pushLabel(operands[j++]!);
      } else {
        this.lines.push(this.currentSource);
        this.code.push(operands[j++]!);
      }
    }
  }

  private pushLabel(label: number): void {
    this.fixups.push(this.code.length);
    this.lines.push(this.currentSource);
    this.code.push(label);
  }

  finish(name: string, arity: number, nslots: number): Chunk {
    for (const at of this.fixups) {
      const target = this.labels[this.code[at]!]!;
      if (target < 0) throw new Error(`vm compiler: unplaced label in ${name}`);
      this.code[at] = target;
    }
    const chunk = new Chunk(name, Int32Array.from(this.code), this.consts, this.templates, this.patterns,
      Int32Array.from(this.lines), this.sources, arity, nslots);
    if (this.regions !== null) {
      const rs = new Map<number, Region>();
      for (const [pc, r] of this.regions) rs.set(pc, { body: r.body, countTo: r.countTo < 0 ? -1 : this.labels[r.countTo]!, countSteps: r.countSteps });
      chunk.regions = rs;
    }
    return chunk;
  }
}
