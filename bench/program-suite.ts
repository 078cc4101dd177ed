// Whole programs on both engines, each run in its own worker under the cap,
// beside plain JavaScript where it computes the same thing. Sizes can differ
// per engine (the tree-walker's loop is shorter): then times are compared per
// unit of work, and the table says which size ran.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineName } from '../src/runner/engine.js';
import { ENGINES, ENGINE_TITLE, type Tier } from './engines.js';
import { count, duration, table, times } from './format.js';
import { runJob, type Outcome } from './isolated.js';
import { REPEAT_BELOW_MS, REPEAT_BUDGET_MS } from './protocol.js';
import { measure } from './measure.js';
import type { Options } from './options.js';
import { PROGRAM_CASES, TYPED_CASES, type ProgramCase } from './program-cases.js';
import { Results, cellText, fallbackNote, nsPerUnit, type Figure } from './results.js';
import { SHARED_EXCLUDED, SHARED_PROGRAMS } from './shared-programs.js';
import { typedShared } from './typed-shared.js';
import type { Peer } from './peers.js';
import { peersRequested, runPeerTable, sharedPeerProgram, type PeerProgram } from './peer-suite.js';

export const PROGRAM_SUITE = 'programs';
export const SHARED_SUITE = 'shared';

type Log = (s: string) => void;

export async function runProgramSuite(o: Options, results: Results, out: Log, progress: Log): Promise<void> {
  const unknown = [...(o.cases ?? [])].filter((id) => !PROGRAM_CASES.some((c) => c.id === id));
  if (unknown.length > 0) throw new Error(`unknown program case ${unknown.join(', ')} (cases: ${PROGRAM_CASES.map((c) => c.id).join(', ')})`);
  const cases = PROGRAM_CASES.filter((c) => o.cases === null || o.cases.has(c.id));
  for (const c of cases) {
    for (const tier of [...ENGINES, ...c.extraTiers]) {
      const n = c.size(tier, o.quick);
      progress(`programs: ${c.id} n=${n} on ${tier}…`);
      const outcome = await runJob({ kind: 'case', id: c.id, engine: tier, size: n, budgetMs: o.programBudgetMs, quick: o.quick }, o.capMs);
      results.add(figure(PROGRAM_SUITE, c.id, tier, n, c.units(n), outcome));
    }
    if (c.js !== null) results.add(measureJs(c, o));
  }
  out('\n### Program Benchmarks\n');
  const rows: string[][] = [];
  for (const c of cases) {
    const tree = results.find(PROGRAM_SUITE, c.id, 'tree');
    const vm = results.find(PROGRAM_SUITE, c.id, 'vm');
    const untabled = results.find(PROGRAM_SUITE, c.id, 'vm-untabled');
    const bytecode = results.find(PROGRAM_SUITE, c.id, 'vm-bytecode');
    const js = results.find(PROGRAM_SUITE, c.id, 'js');
    const nominal = c.size('vm', o.quick);
    const jsTier = c.jsTarget === null ? vm : results.find(PROGRAM_SUITE, c.id, c.jsTarget.tier);
    rows.push([
      c.title.replaceAll('{n}', count(nominal)),
      programCell(tree, nominal, c.unit),
      programCell(vm, nominal, c.unit),
      untabled === undefined ? '—' : programCell(untabled, nominal, c.unit),
      bytecode === undefined ? '—' : programCell(bytecode, nominal, c.unit),
      // Engine against engine: where tabling applies, the VM without it.
      ratioCell(tree, untabled ?? vm),
      js === undefined ? '—' : cellText(js, duration),
      js === undefined ? '—' : `${ratioCell(jsTier, js)}${jsTier === untabled && untabled !== undefined ? ' (tabling off)' : ''}`,
      c.others.length === 0 ? '—' : c.others.map((x) => `${x.engine} ${x.ms === null ? 'fails' : duration(x.ms * 1e6)}`).join('; '),
      heapCell(vm),
    ]);
  }
  out(table(['Benchmark', ENGINE_TITLE.tree, ENGINE_TITLE.vm, ENGINE_TITLE['vm-untabled'], ENGINE_TITLE['vm-bytecode'], 'Speedup', 'Plain JS', 'VM ÷ JS', 'Other engines (issue 8)', 'VM heap'], rows));
  out('\n_Median of in-process runs after a warm-up (runs over the 5 s sampling budget: one run). Where the sizes differ, ratios are per unit of work; Speedup is tree-walker ÷ VM with tabling off where tabling applies. VM: tabling and the JS tier on (the defaults); where tabling applies, each VM run starts a new runner and loads the definitions (included in the time), so no run reuses the tables of an earlier run. VM bytecode only: tabling and JS tier off. Other engines\' times are the issue\'s, measured on this kind of machine net of start-up, at the VM column\'s size. VM heap: the worker\'s V8 heap right after its first run (about the run\'s peak)._');
  out(fallbackNote(results.figures.filter((f) => f.suite === PROGRAM_SUITE)));
  await runTypedPairs(cases, o, results, out, progress);
  const peers = peersRequested(o, out, true);
  if (peers.length > 0) await runCasesOnPeers(peers, cases, results, o, out, progress);
}

/** Pairs of runs of each copy in the typed comparison, and the time they may take. */
const PAIR_RUNS = 1001;
const PAIR_BUDGET_MS = 10_000;

/** The figure name of a typed case timed in pairs with its untyped twin, and the twin's. */
export function pairedTypedCase(id: string): string {
  return `${id} (paired)`;
}
export function pairedUntypedCase(typedId: string): string {
  return `${typedId} (untyped twin, paired)`;
}

/**
 * Each typed variant against its untyped twin on the VM, alternately in one worker (a ratio of
 * two jobs run minutes apart is mostly the machine's drift where a run takes a millisecond).
 */
async function runTypedPairs(cases: readonly ProgramCase[], o: Options, results: Results, out: Log, progress: Log): Promise<void> {
  const rows: string[][] = [];
  for (const [typed, untyped] of TYPED_CASES) {
    if (!cases.includes(typed) || !cases.includes(untyped)) continue;
    const n = typed.size('vm', o.quick);
    if (n !== untyped.size('vm', o.quick)) continue;
    progress(`programs: ${typed.id} against ${untyped.id}, alternately…`);
    const outcome = await runJob({ kind: 'case-pair', typedId: typed.id, untypedId: untyped.id, size: n, runs: o.quick ? 5 : PAIR_RUNS, budgetMs: o.quick ? 1000 : PAIR_BUDGET_MS }, o.capMs);
    const pair = outcome.status === 'ok' ? outcome.paired : undefined;
    const twin: Outcome = outcome.status === 'ok' && pair !== undefined
      ? { ...outcome, medianNs: pair.medianNs, samples: pair.samples, fallbacks: pair.fallbacks, counters: pair.counters }
      : outcome;
    const ft = results.add(figure(PROGRAM_SUITE, pairedTypedCase(typed.id), 'vm', n, typed.units(n), outcome));
    const fu = results.add(figure(PROGRAM_SUITE, pairedUntypedCase(typed.id), 'vm', n, untyped.units(n), twin));
    const counters = (x: Outcome): string => (x.status !== 'ok' ? '—' : `${x.fallbacks}, ${x.counters?.tableHits ?? '?'}, ${x.counters?.jitCalls ?? '?'}`);
    rows.push([untyped.title.replaceAll('{n}', count(n)), cellText(fu, duration), cellText(ft, duration), ratioCell(ft, fu), String(ft.samples), counters(twin), counters(outcome)]);
  }
  if (rows.length === 0) return;
  out(`\nTyped variants against their untyped twins (VM): after one run of each and a warm-up (2 s for a program under 100 ms), both run alternately in one worker, as their own jobs run them (a fresh runner where tabling applies), up to ${PAIR_RUNS} pairs within ${PAIR_BUDGET_MS / 1000} s; medians:\n`);
  out(table(['Program', 'VM untyped', 'VM typed', 'Typed ÷ untyped', 'Pairs', 'Untyped: fallbacks, table hits, JS-tier calls', 'Typed: the same'], rows));
}

/** Each program case at the VM's size, written out as a file (definitions, then the query) for the peers. */
async function runCasesOnPeers(peers: readonly Peer[], cases: readonly ProgramCase[], results: Results, o: Options, out: Log, progress: Log): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'metta-bench-cases-'));
  try {
    const programs: PeerProgram[] = cases.map((c) => {
      const n = c.size('vm', o.quick);
      const file = join(dir, `${c.id}.metta`);
      writeFileSync(file, `${c.definitions(n)}\n${c.query(n)}\n`);
      // PeTTa does not table: where tabling applies, ours is the VM with it off, as in the Speedup column.
      const untabled = results.find(PROGRAM_SUITE, c.id, 'vm-untabled');
      const vm = untabled ?? results.find(PROGRAM_SUITE, c.id, 'vm');
      const answers = c.expected(n).map((r) => ({ results: r }));
      const name = `${c.title.replaceAll('{n}', count(n))}${untabled === undefined ? '' : ' (ours: tabling off)'}`;
      return { name, key: c.id, file, oursMs: vm?.median_ns == null ? null : vm.median_ns / 1e6, oursNote: vm?.note ?? 'n/a', answers };
    });
    await runPeerTable('Program cases', PROGRAM_SUITE, peers, programs, o, results, out, progress);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function heapCell(f: Figure | undefined): string {
  const b = f?.heap_bytes;
  return b == null ? '—' : `${(b / 2 ** 20).toFixed(0)} MiB`;
}

export async function runSharedSuite(o: Options, results: Results, out: Log, progress: Log): Promise<void> {
  const dir = sharedDir();
  out('\n### Shared Benchmark Programs (../shared/bench-programs, one run each)\n');
  if (dir === null) {
    out('_../shared/bench-programs not found (set METTA_BENCH_PROGRAMS): skipped._');
    return;
  }
  const rows: string[][] = [];
  const typedRows: string[][] = [];
  const peerPrograms: PeerProgram[] = [];
  // `--case=fib,knowledge_graph` picks shared programs by file name too (without .metta).
  const picked = (x: { path: string }): boolean => o.cases === null || o.cases.has(x.path.replace(/^.*\//, '').replace(/\.metta$/, ''));
  for (const p of SHARED_PROGRAMS.filter((x) => (!o.quick || x.quick) && picked(x))) {
    const outcomes = new Map<EngineName, Outcome>();
    for (const engine of ENGINES) {
      progress(`shared: ${p.path} on ${engine}…`);
      outcomes.set(engine, await runJob({ kind: 'shared', file: dir + p.path, engine }, o.sharedCapMs));
    }
    const tree = outcomes.get('tree')!;
    let vm = outcomes.get('vm')!;
    if (p.check.kind === 'differential' && tree.status === 'ok' && vm.status === 'ok' && tree.digest !== vm.digest) {
      vm = { status: 'failed', note: `${p.path}: VM results differ from the tree-walker's` };
    }
    peerPrograms.push(sharedPeerProgram(p.path, dir + p.path, vm));
    const ft = results.add(figure(SHARED_SUITE, p.path, 'tree', null, null, tree));
    const fv = results.add(figure(SHARED_SUITE, p.path, 'vm', null, null, vm));
    const check = p.check.kind === 'tests' ? 'tests pass' : p.check.kind === 'size' ? `${count(p.check.items)} results` : 'same on both';
    const others = (p.others ?? []).map((x) => `${x.engine} ${x.ms === null ? 'fails' : duration(x.ms * 1e6)}`).join('; ');
    rows.push([p.path, p.work, cellText(ft, duration), cellText(fv, duration), ratioCell(ft, fv), check, others === '' ? '—' : others, heapCell(fv)]);
    if (typedShared(p.path) !== undefined) {
      progress(`shared: ${p.path}, typed copy, on vm…`);
      // A short program's copies run alternately in one worker, each the median of its runs (worker.ts);
      // a long one's untyped figure is the main table's run.
      const typed = await runJob({ kind: 'shared', file: dir + p.path, engine: 'vm', typed: true, paired: TYPED_REPEAT }, o.sharedCapMs);
      const pair = typed.status === 'ok' ? typed.paired : undefined;
      const untyped: Outcome = vm.status === 'ok' && pair !== undefined
        ? { ...vm, medianNs: pair.medianNs, samples: pair.samples, fallbacks: pair.fallbacks, counters: pair.counters }
        : vm;
      const funtyped = results.add(figure(SHARED_SUITE, untypedSharedCase(p.path), 'vm', null, null, untyped));
      const ftyped = results.add(figure(SHARED_SUITE, typedSharedCase(p.path), 'vm', null, null, typed));
      typedRows.push([p.path, cellText(funtyped, duration) + runsNote(untyped), cellText(ftyped, duration) + runsNote(typed), ratioCell(ftyped, funtyped), countersCell(untyped), countersCell(typed), check]);
    }
  }
  out(table(['Program', 'Work', ENGINE_TITLE.tree, ENGINE_TITLE.vm, 'Speedup', 'Check', 'Other engines (SOURCES.md, net)', 'VM heap'], rows));
  if (typedRows.length > 0) {
    out(`\nTyped copies (each source with the declarations of bench/typed-shared.ts before it), VM; where the first run took under ${REPEAT_BELOW_MS / 1000} s, both copies run again alternately in one worker, each in a fresh runner (a program under 100 ms after 2 s of warm-up runs of both), and the figures are medians of up to ${TYPED_REPEAT} runs (within ${REPEAT_BUDGET_MS / 1000} s):\n`);
    out(table(['Program', 'VM untyped', 'VM typed', 'Typed ÷ untyped', 'Untyped: fallbacks, table hits, JS-tier calls', 'Typed: the same', 'Check'], typedRows));
  }
  out(fallbackNote(results.figures.filter((f) => f.suite === SHARED_SUITE)));
  out('\nNot run: ' + SHARED_EXCLUDED.map((x) => `\`${x.path}\` (${x.why})`).join('; ') + '.');
  if (o.quick) out('_--quick runs only the small MeTTaTron programs._');
  const peers = peersRequested(o, out);
  if (peers.length > 0) await runPeerTable('Shared programs', SHARED_SUITE, peers, peerPrograms, o, results, out, progress);
}

/** Runs of each copy in the typed comparison (short programs only, see worker.ts). */
const TYPED_REPEAT = 101;

function runsNote(o: Outcome): string {
  return o.status === 'ok' && o.samples > 1 ? ` (median of ${o.samples})` : '';
}

/** The figure name of a shared program's untyped copy as timed for the typed comparison. */
export function untypedSharedCase(path: string): string {
  return `${path} (untyped, repeated)`;
}

/** The figure name of a shared program's typed copy. */
export function typedSharedCase(path: string): string {
  return `${path} (typed)`;
}

function countersCell(o: Outcome): string {
  if (o.status !== 'ok') return '—';
  const c = o.counters;
  return `${o.fallbacks}, ${c?.tableHits ?? '?'}, ${c?.jitCalls ?? '?'}`;
}

function sharedDir(): string | null {
  const env = process.env['METTA_BENCH_PROGRAMS'];
  const dir = env !== undefined && env !== '' ? env.replace(/\/?$/, '/') : fileURLToPath(new URL('../../../shared/bench-programs/', import.meta.url));
  return existsSync(dir) ? dir : null;
}

function figure(suite: string, name: string, engine: Tier, size: number | null, units: number | null, o: Outcome): Figure {
  const base = { suite, case: name, engine, size, units };
  if (o.status === 'ok') {
    return {
      ...base, median_ns: o.medianNs, samples: o.samples, status: 'ok', note: o.note, fallbacks: engine === 'tree' ? null : o.fallbacks,
      heap_bytes: o.heapBytes,
    };
  }
  return { ...base, median_ns: null, samples: 0, status: o.status, note: o.note, fallbacks: null };
}

function measureJs(c: ProgramCase, o: Options): Figure {
  const n = c.size('vm', o.quick);
  const want = c.expected(n).map((r) => r.join(', ')).join(' ');
  const js = c.js!;
  const base = { suite: PROGRAM_SUITE, case: c.id, engine: 'js' as const, size: n, units: c.units(n), fallbacks: null };
  const got = js(n);
  if (got !== want) return { ...base, median_ns: null, samples: 0, status: 'failed', note: `plain JS gave ${got}, expected ${want}` };
  const t = measure(`js ${c.id}`, () => {
    if (js(n) !== want) throw new Error(`plain JS ${c.id} changed its answer`);
  }, { timeMs: o.quick ? 50 : 1000, warmupMs: o.quick ? 20 : 250, minSamples: 5 });
  return { ...base, median_ns: t.medianNs, samples: t.samples, status: 'ok', note: '' };
}

/** `3.12 s (12.9 µs/call)`, plus the size when it is not the nominal one. */
function programCell(f: Figure | undefined, nominal: number, unit: string): string {
  const text = cellText(f, duration);
  if (f === undefined || f.median_ns === null) return text;
  const per = nsPerUnit(f);
  const size = f.size !== null && f.size !== nominal ? `n=${count(f.size)}, ` : '';
  return per === null ? text : `${text} (${size}${duration(per)}/${unit})`;
}

/** slow ÷ fast; per unit of work when the two ran different sizes. */
export function ratio(slow: Figure | undefined, fast: Figure | undefined): number | null {
  if (slow?.median_ns == null || fast?.median_ns == null) return null;
  if (slow.size === fast.size) return slow.median_ns / fast.median_ns;
  const a = nsPerUnit(slow);
  const b = nsPerUnit(fast);
  return a === null || b === null ? null : a / b;
}

function ratioCell(slow: Figure | undefined, fast: Figure | undefined): string {
  const r = ratio(slow, fast);
  if (r === null) return 'n/a';
  return slow?.size === fast?.size ? times(r) : `${times(r)} per unit`;
}
