// Runs one job (a program case or a shared program, on one engine) and reports
// to the suite: ready, probe (the first run, checked), done (the median).
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { basename } from 'node:path';
import { EXPRESSION, type Atom } from '../src/atom/atom.js';
import { isErrorAtom } from '../src/interp/values.js';
import type { MeTTa, RunReport } from '../src/runner/metta.js';
import { formatAll, newRunner, runChecked } from './engines.js';
import { measure, timed } from './measure.js';
import { programCase } from './program-cases.js';
import { REPEAT_BELOW_MS, REPEAT_BUDGET_MS, type Counters, type Job, type Report } from './protocol.js';
import type { Tier } from './engines.js';
import { DIALECT_SHIM, SHARED_PROGRAMS, type SharedCheck } from './shared-programs.js';
import { checkResults } from './seed-workloads.js';
import { typedShared, typedSource } from './typed-shared.js';

/**
 * How long a short program's two copies warm up, in turn, before their paired runs. Fresh
 * runners of a program of a few hundred µs reach V8's optimised code only after a thousand or
 * so runs: at 500 ms the pairs of fib.metta were still half cold (263–363 µs a run, 1.14–1.22×),
 * at 2 s warm (122 µs, 1.10×).
 */
const PAIR_WARMUP_MS = 2000;

/**
 * Which copy goes first in each pair, drawn at random from a fixed seed (xorshift): a collector
 * that runs every other run would otherwise always land in the same copy.
 */
function pairOrder(): () => boolean {
  let seed = 0x2545f491;
  return () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed & 1) === 1;
  };
}

function send(r: Report): void {
  parentPort?.postMessage(r);
}

/** One run of a program case, as its job times it: the query's results, its fallbacks and counters. */
interface CaseRun {
  readonly results: string[][];
  readonly fallbacks: number;
  readonly counters: Counters;
}

/** A program case ready to run again and again on one engine, and the check of its answer. */
function caseRunner(id: string, engine: Tier, n: number): { once: () => CaseRun; check: (got: string[][]) => void } {
  const c = programCase(id);
  const defs = c.definitions(n);
  const query = c.query(n);
  const expected = c.expected(n);
  const check = (got: string[][]): void => {
    const wrong = checkResults(got.map((r) => r.join(', ')), expected.map((r) => r.join(', ')), false);
    if (wrong !== null) throw new Error(`${c.id} (n=${n}): ${wrong}`);
  };
  let shared: MeTTa | null = null;
  // With tabling on, a runner kept between runs would answer from the first run's tables:
  // each run of a tabled case gets a new runner, so every figure starts with empty tables.
  const fresh = c.fresh || (c.extraTiers.includes('vm-untabled') && engine === 'vm');
  if (!fresh) {
    shared = newRunner(engine);
    if (defs !== '') runChecked(shared, defs, `${c.id} definitions`);
  }
  const once = (): CaseRun => {
    const m = shared ?? newRunner(engine);
    if (shared === null && defs !== '') runChecked(m, defs, `${c.id} definitions`);
    const fb = m.stats.fallbacks, hits = m.stats.tableHits ?? 0, jit = m.stats.jitCalls;
    const results = runChecked(m, query, c.id);
    return { results, fallbacks: m.stats.fallbacks - fb, counters: { tableHits: (m.stats.tableHits ?? 0) - hits, jitCalls: m.stats.jitCalls - jit } };
  };
  return { once, check };
}

/**
 * A typed case against its untyped twin: one run of each (checked), a warm-up, then pairs (pairOrder).
 */
function runCasePair(job: Extract<Job, { kind: 'case-pair' }>): void {
  const typed = caseRunner(job.typedId, 'vm', job.size);
  const untyped = caseRunner(job.untypedId, 'vm', job.size);
  send({ type: 'ready' });
  const { ms, value: first } = timed(typed.once);
  typed.check(first.results);
  send({ type: 'probe', ms, fallbacks: first.fallbacks, counters: first.counters });
  const twin = untyped.once();
  untyped.check(twin.results);
  const run = (r: typeof typed): number => {
    const t = timed(r.once);
    r.check(t.value.results);
    return t.ms;
  };
  // Short runs warm up first, both copies in turn, as a case's own job warms up (runCase).
  const warmUntil = performance.now() + (ms < 100 ? Math.min(PAIR_WARMUP_MS, job.budgetMs / 4) : 0);
  while (performance.now() < warmUntil) {
    run(typed);
    run(untyped);
  }
  const typedRuns: number[] = [];
  const untypedRuns: number[] = [];
  const until = performance.now() + job.budgetMs;
  const typedFirst = pairOrder();
  while (typedRuns.length < job.runs && performance.now() < until) {
    if (typedFirst()) {
      typedRuns.push(run(typed));
      untypedRuns.push(run(untyped));
    } else {
      untypedRuns.push(run(untyped));
      typedRuns.push(run(typed));
    }
  }
  if (typedRuns.length === 0) {
    typedRuns.push(ms);
    untypedRuns.push(ms);
  }
  const paired = { medianNs: median(untypedRuns) * 1e6, samples: untypedRuns.length, fallbacks: twin.fallbacks, counters: twin.counters };
  send({ type: 'done', medianNs: median(typedRuns) * 1e6, samples: typedRuns.length, digest: '', paired });
}

function runCase(job: Extract<Job, { kind: 'case' }>): void {
  const c = programCase(job.id);
  const { once, check } = caseRunner(job.id, job.engine, job.size);
  send({ type: 'ready' });
  const { ms, value: probe } = timed(once);
  check(probe.results);
  // The heap V8 holds right after the first run: it grows to the run's peak and is not yet given back.
  send({ type: 'probe', ms, fallbacks: probe.fallbacks, heapBytes: getHeapStatistics().total_heap_size });
  if (ms >= job.budgetMs) {
    // One run already used the budget: it is the only sample (a long run needs no JIT warm-up).
    send({ type: 'done', medianNs: ms * 1e6, samples: 1, digest: '' });
    return;
  }
  const t = measure(c.id, () => check(once().results), {
    timeMs: job.budgetMs,
    minSamples: ms * 5 <= job.budgetMs ? 5 : 1,
    // Short runs need a warm-up for the JIT; for longer ones the probe was it.
    warmupMs: ms < 100 ? Math.min(500, job.budgetMs / 4) : 0,
  });
  send({ type: 'done', medianNs: t.medianNs, samples: t.samples, digest: '' });
}

function runShared(job: Extract<Job, { kind: 'shared' }>): void {
  const program = SHARED_PROGRAMS.find((p) => job.file.endsWith('/' + p.path));
  if (program === undefined) throw new Error(`${job.file} is not in SHARED_PROGRAMS`);
  const source = readFileSync(job.file, 'utf8');
  const typed = job.typed === true ? typedShared(program.path) : undefined;
  if (job.typed === true && typed === undefined) throw new Error(`${program.path} has no typed copy`);
  const text = typed === undefined ? source : typedSource(source, typed);
  const m = newRunner(job.engine);
  runChecked(m, DIALECT_SHIM, 'dialect shim');
  send({ type: 'ready' });
  const { ms, value: r } = timed(() => m.runReport(text, basename(job.file)));
  const wrong = checkShared(r, program.check);
  if (wrong !== null) throw new Error(`${program.path}: ${wrong}`);
  send({ type: 'probe', ms, fallbacks: m.stats.fallbacks, heapBytes: getHeapStatistics().total_heap_size, counters: countersOf(m) });
  const answers = r.forms.map((f) => ({ results: formatAll(f.results) }));
  if (job.paired === undefined) {
    send({ type: 'done', medianNs: ms * 1e6, samples: 1, digest: digest(r), answers });
    return;
  }
  // Typed against untyped on a short program: one run each is mostly noise against a 1.2× bound
  // (a fresh runner's garbage lands in whichever run comes next), so both copies run alternately
  // in this one worker, each from a fresh runner, and each gets its median.
  const freshRun = (src: string): { runner: MeTTa; ms: number; value: RunReport } => {
    const runner = newRunner(job.engine);
    runChecked(runner, DIALECT_SHIM, 'dialect shim');
    return { runner, ...timed(() => runner.runReport(src, basename(job.file))) };
  };
  const typedRuns: number[] = [];
  const untypedRuns: number[] = [];
  let untypedStats: { fallbacks: number; counters: Counters } | null = null;
  const until = performance.now() + REPEAT_BUDGET_MS;
  const order = pairOrder();
  // Every repeat is checked: one that fails (a memory budget the earlier runs' garbage fills, say)
  // stopped early, and its time would pass for a fast run. Then only the first runs count.
  const checkedRun = (src: string): number | null => {
    const r = freshRun(src);
    return checkShared(r.value, program.check) === null ? r.ms : null;
  };
  let failed = false;
  // A short program warms up first, both copies in turn (as a program case's pair does): the
  // medians are then of warm runs of both, not of the JIT's first optimisations of the typed paths.
  const warmUntil = performance.now() + (ms < 100 ? PAIR_WARMUP_MS : 0);
  while (performance.now() < warmUntil && !failed) {
    if (checkedRun(text) === null || checkShared(freshRun(source).value, program.check) !== null) failed = true;
  }
  while (untypedRuns.length < job.paired && ms < REPEAT_BELOW_MS && performance.now() < until && !failed) {
    const typedFirst = order();
    const t1 = typedFirst ? checkedRun(text) : 0;
    const u = freshRun(source);
    const bad = checkShared(u.value, program.check);
    const t2 = typedFirst ? 0 : checkedRun(text);
    if (t1 === null || t2 === null || bad !== null) {
      failed = true;
      break;
    }
    if (untypedStats === null) untypedStats = { fallbacks: u.runner.stats.fallbacks, counters: countersOf(u.runner) };
    untypedRuns.push(u.ms);
    typedRuns.push(typedFirst ? t1 : t2);
  }
  if (failed) {
    typedRuns.length = 0;
    untypedRuns.length = 0;
    untypedStats = null;
  }
  // The first (cold) typed run is left out where there are paired runs, as no untyped one is cold.
  if (typedRuns.length === 0) typedRuns.push(ms);
  const paired = untypedStats === null ? undefined : { medianNs: median(untypedRuns) * 1e6, samples: untypedRuns.length, ...untypedStats };
  send({ type: 'done', medianNs: median(typedRuns) * 1e6, samples: typedRuns.length, digest: digest(r), answers, ...(paired === undefined ? {} : { paired }) });
}

function countersOf(m: MeTTa): Counters {
  return { tableHits: m.stats.tableHits ?? 0, jitCalls: m.stats.jitCalls };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}


function checkShared(r: RunReport, check: SharedCheck): string | null {
  if (r.errors.length > 0) return r.errors.join('; ');
  for (const f of r.forms) {
    const bad = f.results.find(isErrorAtom);
    if (bad !== undefined) return `line ${f.line}: ${formatAll([bad])[0]?.slice(0, 300) ?? ''}`;
    if (check.kind === 'tests' && isTest(f.source)) {
      const got = formatAll(f.results);
      if (got.length !== 1 || got[0] !== '()') return `line ${f.line}: test gave [${got.join(', ').slice(0, 300)}]`;
    }
  }
  if (check.kind === 'tests' && !r.forms.some((f) => isTest(f.source))) return 'no test form was run';
  if (check.kind === 'size') {
    const only = r.forms.length === 1 && r.forms[0]?.results.length === 1 ? r.forms[0].results[0] : undefined;
    const items = only?.kind === EXPRESSION ? only.items.length : -1;
    if (items !== check.items) return `expected one tuple of ${check.items} items, got ${items < 0 ? 'something else' : items}`;
  }
  return null;
}

function isTest(a: Atom): boolean {
  return a.kind === EXPRESSION && a.items[0]?.name === 'test';
}

/** Order-insensitive within a form (engines may enumerate alternatives differently). */
function digest(r: RunReport): string {
  let h = 0x811c9dc5;
  const text = r.forms.map((f) => formatAll(f.results).sort().join('\u0001')).join('\u0002');
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(h >>> 0).toString(16)}`;
}

try {
  const job = workerData as Job;
  if (job.kind === 'case') runCase(job);
  else if (job.kind === 'case-pair') runCasePair(job);
  else runShared(job);
} catch (e) {
  send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
}
