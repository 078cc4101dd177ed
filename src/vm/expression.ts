// Compiling one expression by itself, and running the result: the seed's
// "Compilation Overhead" table measures the two apart. `compileExpression`
// always compiles (no cache); `executeCompiled` runs the chunk on a VM kept
// for these calls, as `MeTTa#evaluate` would run the same form.
import type { Atom } from '../atom/atom.js';
import type { GroundingSpace } from '../space/space.js';
import { programFor, type Program } from './compiler.js';
import type { Chunk } from './chunk.js';
import { Vm, Bail, type FallbackEval } from './vm.js';

/** A compiled expression, for `executeCompiled`; `instructions` is the length of its bytecode. */
export interface CompiledExpression {
  readonly instructions: number;
}

class Compiled implements CompiledExpression {
  readonly program: Program;
  readonly chunk: Chunk;
  constructor(program: Program, chunk: Chunk) {
    this.program = program;
    this.chunk = chunk;
  }
  get instructions(): number {
    return this.chunk.code.length;
  }
}

/** The expression compiled afresh for the space's current rules; null when the VM cannot run it. */
export function compileExpression(atom: Atom, space: GroundingSpace): CompiledExpression | null {
  const program = programFor(space);
  const chunk = program.compileFresh(atom);
  return chunk === null ? null : new Compiled(program, chunk);
}

/** Anything these runs would hand to the tree-walker stops them instead: use MeTTa#evaluate for such forms. */
const noFallback: FallbackEval = () => {
  throw new Bail('executeCompiled runs only what the VM runs by itself');
};

let vm: Vm | null = null;

/** All results of a compiled expression (the rules it was compiled against must still be the space's). */
export function executeCompiled(compiled: CompiledExpression, space: GroundingSpace): Atom[] {
  if (!(compiled instanceof Compiled)) throw new TypeError('executeCompiled: not a compileExpression result');
  const c = compiled;
  if (programFor(space) !== c.program) throw new Error('executeCompiled: the space changed since the expression was compiled');
  vm ??= new Vm(noFallback);
  vm.prepare(c.program, Infinity, null);
  try {
    return vm.run(c.program.lend(c.chunk));
  } catch (e) {
    if (e instanceof Bail) throw new Error(`executeCompiled: ${e.message}; MeTTa#evaluate runs this form`);
    throw e;
  }
}
