// The seed's "Compilation Overhead" table: for `(+ 1 2)` and the depth-20 and
// depth-100 arithmetic chains, compile alone, execute alone, and both.
// With src/vm's compile function (see compile-hook.ts) each is measured
// directly. Without it, Compile is n/a and the table shows what the public API
// gives: Execute re-runs one atom (the VM caches its chunk per atom), Total
// evaluates a new copy of the atom's root each run (compile + execute), and
// Total − Execute estimates the compile cost. Parse + evaluate is the whole
// path from text.
import { expr, type Atom } from '../src/atom/atom.js';
import type { GroundingSpace } from '../src/space/space.js';
import { duration, table } from './format.js';
import { ENGINE_TITLE, formatAll, newRunner, parse } from './engines.js';
import { measure, type MeasureOptions } from './measure.js';
import type { Options } from './options.js';
import { Results, cellText, type Figure } from './results.js';
import { SEED_COMPILE, arithmeticChain, checkResults } from './seed-workloads.js';
import { findCompileHook, type CompileHook } from './compile-hook.js';

export const COMPILE_SUITE = 'compile';

const CASES: ReadonlyArray<{ label: string; source: string; expected: string }> = [
  { label: 'Small', source: '(+ 1 2)', expected: '3' },
  { label: 'Medium (20)', source: arithmeticChain(20), expected: String(1 + (20 * 19) / 2) },
  { label: 'Large (100)', source: arithmeticChain(100), expected: String(1 + (100 * 99) / 2) },
];

type Phase = 'compile' | 'execute' | 'total' | 'parse+evaluate';
type Fig = (phase: Phase, ns: number | null, samples: number, status: Figure['status'], note: string, units?: number) => Figure;

/** Atoms in an atom (every symbol, number and expression): what "ns per node" divides by. */
export function nodeCount(a: Atom): number {
  let n = 0;
  const stack: Atom[] = [a];
  while (stack.length > 0) {
    const x = stack.pop()!;
    n++;
    for (const it of x.items) stack.push(it);
  }
  return n;
}

export async function runCompileSuite(o: Options, results: Results, out: (s: string) => void): Promise<void> {
  const hook = await findCompileHook();
  const m = newRunner('vm');
  const timing: MeasureOptions = { timeMs: o.microTimeMs, warmupMs: o.microWarmupMs, minSamples: o.quick ? 5 : 50 };
  const rows: string[][] = [];
  for (const c of CASES) {
    const atom = parse(c.source);
    const nodes = nodeCount(atom);
    const fig: Fig = (phase, ns, samples, status, note, units) =>
      results.add({
        suite: COMPILE_SUITE, case: `${c.label}/${phase}`, engine: 'vm', median_ns: ns, samples,
        size: nodes, units: units ?? null, status, note, fallbacks: null,
      });
    const check = (got: Atom[]): void => {
      const wrong = checkResults(formatAll(got), [c.expected], false);
      if (wrong !== null) throw new Error(`${c.source.slice(0, 40)}: ${wrong}`);
    };
    try {
      const f = hook !== null ? withHook(hook, atom, m.space, check, timing, fig, nodes) : withoutHook(m.evaluate.bind(m), atom, check, timing, fig);
      check(m.evaluate(parse(c.source)));
      const pe = measure(`parse+evaluate ${c.label}`, () => void m.evaluate(parse(c.source)), timing);
      const whole = fig('parse+evaluate', pe.medianNs, pe.samples, 'ok', '');
      const compileNs = f.compile.median_ns ?? f.estimate;
      const approx = f.compile.median_ns === null ? '≈ ' : '';
      const pct = compileNs !== null && f.total.median_ns !== null ? `${approx}${((100 * compileNs) / f.total.median_ns).toFixed(0)}%` : 'n/a';
      const compileCell = f.compile.median_ns !== null ? duration(f.compile.median_ns) : f.estimate === null ? 'n/a' : `n/a (≈ ${duration(f.estimate)})`;
      const perNode = f.compile.median_ns !== null ? duration(f.compile.median_ns / nodes) : 'n/a';
      const seed = SEED_COMPILE[c.label]!;
      rows.push([c.label, String(nodes), compileCell, perNode, cellText(f.execute, duration), cellText(f.total, duration), pct, cellText(whole, duration),
        duration(seed.compile), duration(seed.execute), duration(seed.total)]);
    } catch (err) {
      fig('total', null, 0, 'failed', String(err));
      rows.push([c.label, String(nodeCount(atom)), 'FAILED', 'n/a', 'FAILED', 'FAILED', 'n/a', 'FAILED', 'n/a', 'n/a', 'n/a']);
    }
  }
  out(`\n### Compilation Overhead (${ENGINE_TITLE.vm})\n`);
  out(table(['Expression', 'Atoms', 'Compile', 'Compile per atom', 'Execute', 'Total', 'Compile %', 'Parse + evaluate',
    'Seed compile', 'Seed execute', 'Seed total'], rows));
  out(
    hook === null
      ? '\n_src/vm/index.ts exports no `compileExpression` yet, so Compile is n/a; the ≈ figure is Total − Execute. ' +
          'Execute: `MeTTa#evaluate` re-running one atom (its chunk cached). Total: evaluating a new copy of the root each run ' +
          '(compile + execute). Parse + evaluate: from the text._'
      : '\n_Compile: `compileExpression` (always compiles; no cache). Execute: `executeCompiled`, the compiled expression run ' +
          'again and again. Total: both, per run. Parse + evaluate: `MeTTa#evaluate` from the text (its chunk cache finds the ' +
          'equal form). Atoms: every symbol, number and expression of the form. Seed columns: the seed document\'s published ' +
          'figures, on its machine (Rust), not ours._',
  );
}

interface Phases {
  readonly compile: Figure;
  readonly execute: Figure;
  readonly total: Figure;
  /** Total − Execute, when compilation cannot be timed on its own. */
  readonly estimate: number | null;
}

function withoutHook(evaluate: (a: Atom) => Atom[], atom: Atom, check: (r: Atom[]) => void, timing: MeasureOptions, fig: Fig): Phases {
  check(evaluate(atom));
  const e = measure('execute', () => void evaluate(atom), timing);
  check(evaluate(expr(atom.items)));
  const t = measure('total', () => void evaluate(expr(atom.items)), timing);
  return {
    compile: fig('compile', null, 0, 'skipped', 'n/a'),
    execute: fig('execute', e.medianNs, e.samples, 'ok', 'MeTTa#evaluate, chunk cached'),
    total: fig('total', t.medianNs, t.samples, 'ok', 'MeTTa#evaluate of a new root'),
    estimate: Math.max(0, t.medianNs - e.medianNs),
  };
}

function withHook(hook: CompileHook, atom: Atom, space: GroundingSpace, check: (r: Atom[]) => void, timing: MeasureOptions, fig: Fig, nodes: number): Phases {
  const compiled = hook.compile(atom, space);
  check(hook.execute(compiled, space));
  const c = measure('compile', () => void hook.compile(atom, space), timing);
  const e = measure('execute', () => void hook.execute(compiled, space), timing);
  const t = measure('compile+execute', () => void hook.execute(hook.compile(atom, space), space), timing);
  return {
    compile: fig('compile', c.medianNs, c.samples, 'ok', '', nodes),
    execute: fig('execute', e.medianNs, e.samples, 'ok', ''),
    total: fig('total', t.medianNs, t.samples, 'ok', ''),
    estimate: null,
  };
}
