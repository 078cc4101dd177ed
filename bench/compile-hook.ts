// The VM's compiler, found at run time so this suite builds and runs before
// and after the VM lands. The contract it looks for in src/vm/index.ts:
//
//   export function compileExpression(atom: Atom, space: GroundingSpace): C
//     compiles one top-level expression afresh (no cache hit), as `!atom` would run it;
//   export function executeCompiled(compiled: C, space: GroundingSpace): Atom[]
//     runs it to all its results (or: C has a `run(): Atom[]` method).
//
// `runCompiled` is accepted as another name for executeCompiled.
import type { Atom } from '../src/atom/atom.js';
import type { GroundingSpace } from '../src/space/space.js';

export interface CompileHook {
  readonly compile: (atom: Atom, space: GroundingSpace) => unknown;
  readonly execute: (compiled: unknown, space: GroundingSpace) => Atom[];
}

type Fn = (...args: unknown[]) => unknown;

function isFn(x: unknown): x is Fn {
  return typeof x === 'function';
}

function asAtoms(x: unknown): Atom[] {
  if (!Array.isArray(x)) throw new Error('VM execute hook did not return an array of atoms');
  return x as Atom[];
}

export async function findCompileHook(): Promise<CompileHook | null> {
  const mod: Record<string, unknown> = { ...(await import('../src/vm/index.js')) };
  const compile = mod['compileExpression'];
  if (!isFn(compile)) return null;
  const exec = mod['executeCompiled'] ?? mod['runCompiled'];
  const execute = isFn(exec)
    ? (c: unknown, space: GroundingSpace): Atom[] => asAtoms(exec(c, space))
    : (c: unknown): Atom[] => {
        const run = typeof c === 'object' && c !== null ? (c as Record<string, unknown>)['run'] : undefined;
        if (!isFn(run)) throw new Error('compileExpression result has no run() and src/vm exports no executeCompiled');
        return asAtoms(run.call(c));
      };
  return { compile: (atom, space) => compile(atom, space), execute };
}
