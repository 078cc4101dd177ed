// The seed document's tree-walker vs VM tables, measured in process: each
// workload is parsed once, checked on each engine, then timed as
// `MeTTa#evaluate` (one runner per engine, which keeps its engine between
// evaluations). As the seed evaluated a fresh expression in every iteration,
// each run evaluates a new top-level atom (a shallow copy, ~50 ns): the VM
// finds its chunk by the form's structure; a further column shows the VM
// re-running the very atom. The seed's published figures stand beside ours.
// Engines alternate per workload so load from other processes falls on both alike.
import type { EngineName } from '../src/runner/engine.js';
import type { MeTTa } from '../src/runner/metta.js';
import { expr } from '../src/atom/atom.js';
import { ENGINES, ENGINE_TITLE, formatAll, newRunner, parse } from './engines.js';
import { duration, table, times } from './format.js';
import { measure } from './measure.js';
import type { Options } from './options.js';
import { Results, cellText, fallbackNote, nsPerUnit, type Figure } from './results.js';
import { SEED_PER_OP, SEED_TABLES, checkResults, seedWorkloads, type Workload } from './seed-workloads.js';

export const SEED_SUITE = 'seed';
/** The VM re-running one atom, its chunk compiled once and cached. */
export const SEED_CACHED_SUITE = 'seed-cached';

export function runSeedSuite(o: Options, results: Results, out: (s: string) => void): void {
  const runners = new Map<EngineName, MeTTa>(ENGINES.map((e) => [e, newRunner(e)]));
  for (const w of seedWorkloads()) {
    for (const engine of ENGINES) results.add(measureWorkload(w, engine, runners.get(engine)!, o, true));
    results.add(measureWorkload(w, 'vm', runners.get('vm')!, o, false));
  }
  for (const t of SEED_TABLES) {
    out(`\n### ${t.title}\n`);
    const rows: string[][] = [];
    for (const w of seedWorkloads().filter((x) => x.table === t.table)) {
      const tree = results.find(SEED_SUITE, caseName(w), 'tree');
      const vm = results.find(SEED_SUITE, caseName(w), 'vm');
      const cached = results.find(SEED_CACHED_SUITE, caseName(w), 'vm');
      const perOp = vm?.median_ns == null ? 'n/a' : `${duration(vm.median_ns / w.ops)}${w.table === 'superpose' ? '/alt' : '/op'}`;
      const vsSeed = vm?.median_ns == null ? 'n/a' : times(w.seed.vm / vm.median_ns);
      rows.push([
        w.label, cellText(tree, duration), cellText(vm, duration), speedup(tree, vm), perOp, cellText(cached, duration), speedup(tree, cached),
        duration(w.seed.tree), duration(w.seed.vm), times(w.seed.tree / w.seed.vm), vsSeed,
      ]);
    }
    out(table([t.row, ENGINE_TITLE.tree, ENGINE_TITLE.vm, 'Speedup', 'VM per op', 'VM, cached chunk', 'Speedup (cached)',
      'Seed tree', 'Seed VM', 'Seed speedup', 'Seed VM ÷ our VM'], rows));
    out(fallbackNote(results.figures.filter((f) => f.suite === SEED_SUITE && f.case.startsWith(t.table + '/'))));
  }
  out('\n_Seed columns: the figures the seed document published, measured on its machine (Rust, not ours), so they are ' +
    'context, not a same-machine comparison. "Seed VM ÷ our VM" above 1× means our VM is faster than the seed\'s published VM on that row._');
  out('\n### Per-Operation Timing\n');
  const opRows: string[][] = [];
  for (const t of SEED_TABLES) {
    if (t.table === 'quote') continue;
    const unit = t.table === 'superpose' ? '/alt' : '/op';
    const columns: ReadonlyArray<[string, EngineName]> = [[SEED_SUITE, 'tree'], [SEED_SUITE, 'vm'], [SEED_CACHED_SUITE, 'vm']];
    const cells = columns.map(([suite, e]) => {
      const per = results.figures
        .filter((f) => f.suite === suite && f.engine === e && f.case.startsWith(t.table + '/'))
        .map(nsPerUnit)
        .filter((x): x is number => x !== null);
      return per.length === 0 ? 'n/a' : `~${duration(Math.min(...per))} – ${duration(Math.max(...per))} ${unit}`;
    });
    opRows.push([t.title.split(' ')[0] ?? t.table, ...cells, SEED_PER_OP[t.table] ?? 'n/a']);
  }
  out(table(['Operation Type', ENGINE_TITLE.tree, ENGINE_TITLE.vm, 'VM, cached chunk', 'Seed VM (published)'], opRows));
}

export function caseName(w: Workload): string {
  return `${w.table}/${w.label}`;
}

function measureWorkload(w: Workload, engine: EngineName, m: MeTTa, o: Options, fresh: boolean): Figure {
  const base = { suite: fresh ? SEED_SUITE : SEED_CACHED_SUITE, case: caseName(w), engine, size: w.size, units: w.ops };
  const atom = parse(w.source);
  // Every workload is an expression; a copy of its root is a new form to the VM.
  const form = fresh ? () => expr(atom.items) : () => atom;
  const fb0 = m.stats.fallbacks;
  const wrong = checkResults(formatAll(m.evaluate(form())), w.expected, w.unordered);
  const fallbacks = engine === 'vm' ? m.stats.fallbacks - fb0 : null;
  if (wrong !== null) {
    return { ...base, median_ns: null, samples: 0, status: 'failed', note: `${w.source.slice(0, 60)}: ${wrong}`, fallbacks };
  }
  const n = w.expected.length;
  const t = measure(`${base.suite} ${engine} ${caseName(w)}`, () => {
    // The full check ran above; a result count is cheap enough to repeat every run.
    if (m.evaluate(form()).length !== n) throw new Error(`${caseName(w)}: result count changed`);
  }, { timeMs: o.microTimeMs, warmupMs: o.microWarmupMs, minSamples: o.quick ? 5 : 50 });
  return { ...base, median_ns: t.medianNs, samples: t.samples, status: 'ok', note: '', fallbacks };
}

export function speedup(tree: Figure | undefined, vm: Figure | undefined): string {
  if (tree?.median_ns == null || vm?.median_ns == null) return 'n/a';
  return `**${times(tree.median_ns / vm.median_ns)}**`;
}
