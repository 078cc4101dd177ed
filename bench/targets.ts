// The issue's performance targets, reported (never asserted) at the end of a
// run: each is met, missed, or n/a (a figure is missing), with its numbers.
import type { EngineName } from '../src/runner/engine.js';
import { ENGINES, ENGINE_TITLE } from './engines.js';
import { duration, table, times } from './format.js';
import { PROGRAM_CASES, TYPED_CASES } from './program-cases.js';
import { PROGRAM_SUITE, SHARED_SUITE, pairedTypedCase, pairedUntypedCase, ratio, typedSharedCase, untypedSharedCase } from './program-suite.js';
import { TYPED_SHARED } from './typed-shared.js';
import { SHARED_PROGRAMS } from './shared-programs.js';
import { nsPerUnit, type Figure, type Results } from './results.js';
import type { OtherEngine } from './program-cases.js';
import { SEED_SUITE, caseName } from './seed-suite.js';
import { seedWorkloads } from './seed-workloads.js';
import { COMPILE_SUITE } from './compile-suite.js';

type Verdict = 'met' | 'missed' | 'n/a';

interface Row {
  readonly target: string;
  readonly figures: string;
  readonly verdict: Verdict;
}

export function targetReport(results: Results): { text: string; rows: Row[] } {
  const rows: Row[] = [];
  const seed = (name: string, e: EngineName): number | null => results.find(SEED_SUITE, name, e)?.median_ns ?? null;

  for (const engine of ENGINES) {
    for (const [table, big, small] of [['arithmetic', '50', '5'], ['boolean', '50', '5'], ['superpose', '100', '10']] as const) {
      const a = seed(`${table}/${big}`, engine);
      const b = seed(`${table}/${small}`, engine);
      const r = a !== null && b !== null ? a / b : null;
      rows.push({
        target: `${ENGINE_TITLE[engine]}: linear scaling, ${table} ${big} ÷ ${small} ≤ 12`,
        figures: r === null ? 'missing figure' : `${duration(a!)} ÷ ${duration(b!)} = ${r.toFixed(1)}`,
        verdict: r === null ? 'n/a' : r <= 12 ? 'met' : 'missed',
      });
    }
  }
  for (const name of ['arithmetic/50', 'boolean/50', 'conditional/20', 'superpose/100', 'quote/Deep']) {
    const t = seed(name, 'tree');
    const v = seed(name, 'vm');
    rows.push(speedupRow(`VM ≥ 5× tree-walker, seed ${name}`, t, v, t !== null && v !== null ? t / v : null));
  }
  // Issue 12: the seed's tables won, each run evaluating a fresh copy of the form.
  const seedRows = seedWorkloads().map((w) => ({ name: caseName(w), t: seed(caseName(w), 'tree'), v: seed(caseName(w), 'vm') }));
  const measured = seedRows.filter((r) => r.t !== null && r.v !== null);
  const worst = measured.reduce<(typeof measured)[number] | null>((m, r) => (m === null || r.t! / r.v! < m.t! / m.v! ? r : m), null);
  const behind = measured.filter((r) => r.v! > r.t!);
  rows.push({
    target: `VM ≥ tree-walker on every seed row (${seedRows.length}), fresh copy each run`,
    figures: worst === null ? 'missing figure'
      : `${measured.length - behind.length} of ${seedRows.length} rows; lowest ${worst.name} ${times(worst.t! / worst.v!)}` +
        (behind.length > 0 ? `; behind: ${behind.map((r) => r.name).join(', ')}` : ''),
    verdict: worst === null || measured.length < seedRows.length ? 'n/a' : behind.length === 0 ? 'met' : 'missed',
  });
  for (const [tables, max, unit] of [[['arithmetic', 'boolean'], 100, 'op'], [['superpose'], 360, 'alternative']] as const) {
    const per = results.figures
      .filter((f) => f.suite === SEED_SUITE && f.engine === 'vm' && (tables as readonly string[]).some((t) => f.case.startsWith(t + '/')))
      .map((f) => ({ f, ns: nsPerUnit(f) }))
      .filter((x): x is { f: Figure; ns: number } => x.ns !== null);
    const top = per.reduce<(typeof per)[number] | null>((m, x) => (m === null || x.ns > m.ns ? x : m), null);
    rows.push({
      target: `VM ≤ ${max} ns per ${tables.join('/')} ${unit} (every row)`,
      figures: top === null ? 'missing figure' : `highest ${top.f.case}: ${duration(top.ns)}/${unit}`,
      verdict: top === null ? 'n/a' : top.ns <= max ? 'met' : 'missed',
    });
  }
  const large = results.find(COMPILE_SUITE, 'Large (100)/compile', 'vm');
  const perAtom = large === undefined ? null : nsPerUnit(large);
  rows.push({
    target: 'compile ≤ 100 ns per atom (Large (100))',
    figures: perAtom === null ? 'missing figure' : `${duration(large!.median_ns!)} ÷ ${large!.units} atoms = ${duration(perAtom)}/atom`,
    verdict: perAtom === null ? 'n/a' : perAtom <= 100 ? 'met' : 'missed',
  });
  for (const c of PROGRAM_CASES) {
    const t = results.find(PROGRAM_SUITE, c.id, 'tree');
    // Engine against engine: where tabling applies, the VM without it.
    const v = results.find(PROGRAM_SUITE, c.id, c.extraTiers.includes('vm-untabled') ? 'vm-untabled' : 'vm');
    const r = ratio(t, v);
    const perUnit = t !== undefined && v !== undefined && t.size !== v.size;
    const shown = (f: typeof t): number | null => (f === undefined ? null : perUnit ? nsPerUnit(f) : f.median_ns);
    const untabled = c.extraTiers.includes('vm-untabled') ? ', tabling off' : '';
    rows.push(speedupRow(`VM ≥ 5× tree-walker, program ${c.id}${perUnit ? ` (per ${c.unit}${untabled})` : untabled}`, shown(t), shown(v), r));
  }
  // Issue 14: typed code as fast as untyped code on the default engine.
  for (const [typed, untyped] of TYPED_CASES) {
    // The pair timed alternately in one worker where there is one; else the two separate jobs.
    const pt = results.find(PROGRAM_SUITE, pairedTypedCase(typed.id), 'vm');
    const pu = results.find(PROGRAM_SUITE, pairedUntypedCase(typed.id), 'vm');
    const paired = pt?.median_ns != null && pu?.median_ns != null;
    const t = paired ? pt : results.find(PROGRAM_SUITE, typed.id, 'vm');
    const u = paired ? pu : results.find(PROGRAM_SUITE, untyped.id, 'vm');
    const r = t !== undefined && u !== undefined && t.size === u.size ? ratio(t, u) : null;
    rows.push({
      target: `${typed.id} within 1.2× of ${untyped.id} (VM${paired ? ', run alternately' : ''})`,
      figures: r === null ? 'missing figure' : `${duration(t!.median_ns!)} vs ${duration(u!.median_ns!)} = ${times(r)}`,
      verdict: r === null ? 'n/a' : r <= 1.2 ? 'met' : 'missed',
    });
  }
  for (const { path } of TYPED_SHARED) {
    const t = results.find(SHARED_SUITE, typedSharedCase(path), 'vm');
    const u = results.find(SHARED_SUITE, untypedSharedCase(path), 'vm');
    const r = ratio(t, u);
    rows.push({
      target: `${path}, typed copy, within 1.2× of the untyped one (VM, median of runs)`,
      figures: r === null ? 'missing figure' : `${duration(t!.median_ns!)} vs ${duration(u!.median_ns!)} = ${times(r)}`,
      verdict: r === null ? 'n/a' : r <= 1.2 ? 'met' : 'missed',
    });
  }
  // Issue 8: ratios to plain JavaScript, and the other engines' figures.
  for (const c of PROGRAM_CASES) {
    if (c.jsTarget === null) continue;
    const f = results.find(PROGRAM_SUITE, c.id, c.jsTarget.tier);
    const js = results.find(PROGRAM_SUITE, c.id, 'js');
    const r = ratio(f, js);
    const what = c.jsTarget.tier === 'vm-untabled' ? 'VM, tabling off' : 'VM';
    rows.push({
      target: `${c.id} (${what}) within ${c.jsTarget.max}× of plain JS`,
      figures: r === null ? 'missing figure' : `${duration(f!.median_ns!)} vs ${duration(js!.median_ns!)} = ${times(r)}${f!.size !== js!.size ? ' per unit' : ''}`,
      verdict: r === null ? 'n/a' : r <= c.jsTarget.max ? 'met' : 'missed',
    });
  }
  for (const c of PROGRAM_CASES) {
    const others = otherEngines(results, PROGRAM_SUITE, c.id, c.others);
    const known = others.filter((x) => x.ms !== null);
    if (others.length === 0) continue;
    const vm = results.find(PROGRAM_SUITE, c.id, 'vm');
    // The other engines' times are for the full size: a --quick run makes no claim.
    const ours = vm?.size === c.size('vm', false) ? vm.median_ns : null;
    const best = known.reduce<number | null>((m, x) => (m === null || x.ms! < m ? x.ms! : m), null);
    const names = others.map(otherText).join(', ');
    rows.push({
      target: `${c.id}: VM faster than every other engine`,
      figures: ours === null ? 'missing figure (full size only)' : `${duration(ours)} vs ${names}`,
      verdict: ours === null ? 'n/a' : beats(ours, best),
    });
  }
  for (const p of SHARED_PROGRAMS) {
    const others = otherEngines(results, SHARED_SUITE, p.path, p.others ?? []);
    if (others.length === 0) continue;
    const f = results.find(SHARED_SUITE, p.path, 'vm');
    const ours = f?.median_ns ?? null;
    // Not finishing within the cap, where the others finish, is a miss, not a missing figure.
    const capped = f?.status === 'capped';
    const best = others.reduce<number | null>((m, x) => (x.ms === null ? m : m === null || x.ms < m ? x.ms : m), null);
    const names = others.map(otherText).join(', ');
    rows.push({
      target: `${p.path}: VM faster than every other engine`,
      figures: ours === null ? (capped ? `${f!.note} vs ${names}` : 'missing figure') : `${duration(ours)} vs ${names}`,
      verdict: ours === null ? (capped ? 'missed' : 'n/a') : beats(ours, best),
    });
  }
  const fibFull = PROGRAM_CASES.find((c) => c.id === 'fib')?.size('vm-untabled', false);
  const untabledRun = results.find(PROGRAM_SUITE, 'fib', 'vm-untabled');
  const untabled = untabledRun?.size === fibFull ? untabledRun : undefined;
  const pettaFig = otherEngines(results, PROGRAM_SUITE, 'fib', PROGRAM_CASES.find((c) => c.id === 'fib')?.others ?? [])
    .find((x) => x.engine === 'PeTTa');
  const petta = pettaFig?.ms ?? null;
  rows.push({
    target: 'fib, tabling off: VM faster than PeTTa',
    figures: untabled?.median_ns == null || petta === null ? 'missing figure' : `${duration(untabled.median_ns)} vs ${otherText(pettaFig!)}`,
    verdict: untabled?.median_ns == null || petta === null ? 'n/a' : untabled.median_ns < petta * 1e6 ? 'met' : 'missed',
  });
  const met = rows.filter((x) => x.verdict === 'met').length;
  const text = [
    table(['Target', 'Figures', 'Result'], rows.map((x) => [x.target, x.figures, x.verdict === 'met' ? 'met' : `**${x.verdict}**`])),
    `\n${met} of ${rows.length} targets met.`,
  ].join('\n');
  return { text, rows };
}

interface OtherFigure extends OtherEngine {
  /** Timed by `--peers` in this run (else the figure written in the issue or SOURCES.md). */
  readonly sameRun: boolean;
}

/**
 * The other engines to beat on one case: a peer timed in this run (net of its start-up)
 * replaces the written figure of the same engine; a peer whose answer differed from ours
 * is left out. Written figures of engines not timed in this run stay.
 */
function otherEngines(results: Results, suite: string, key: string, written: readonly OtherEngine[]): OtherFigure[] {
  const timed = results.peersOf(suite, key);
  const out: OtherFigure[] = [];
  for (const w of written) {
    if (!timed.some((t) => w.engine.startsWith(t.peer))) out.push({ ...w, sameRun: false });
  }
  for (const t of timed) {
    if (t.status === 'differs') continue;
    out.push({ engine: t.peer, ms: t.net_ms, sameRun: true });
  }
  return out;
}

/** Under this many ms on both sides, start-up noise decides (2-core machine): no verdict. */
const NOISE_MS = 50;

function beats(oursNs: number, bestMs: number | null): Verdict {
  if (bestMs === null) return 'met';
  if (oursNs < NOISE_MS * 1e6 && bestMs < NOISE_MS) return 'n/a';
  return oursNs < bestMs * 1e6 ? 'met' : 'missed';
}

function otherText(x: OtherFigure): string {
  const time = x.ms === null ? (x.sameRun ? 'did not finish' : 'fails') : duration(x.ms * 1e6);
  return `${x.engine} ${time}${x.sameRun ? ' (this run, net)' : ''}`;
}

function speedupRow(target: string, tree: number | null, vm: number | null, r: number | null): Row {
  return {
    target,
    figures: r === null ? 'missing figure' : `${duration(tree!)} ÷ ${duration(vm!)} → ${times(r)}`,
    verdict: r === null ? 'n/a' : r >= 5 ? 'met' : 'missed',
  };
}
