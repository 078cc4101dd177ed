// Database spaces: a generated file of small atoms streamed into SQLite
// (`metta load`'s path: bulk-load.ts, batches of one transaction each), with
// the load rate and the Node heap's peak while loading; then a `match` with a
// bound argument on that space, through the runner (SQL on the key indexes,
// decoding, unification). Targets: ≥ 100,000 atoms/s with the heap < 200 MiB
// at 10^7 atoms, and the match ≤ 1 ms. Then a two-conjunct join whose first
// conjunct has n/1000 answers, pushed down as one SQL join, against the same
// answers by nested matches (one query per answer of the first conjunct: what
// a conjunction cost before the push-down).
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeTTa } from '../src/runner/metta.js';
import { nodeStores } from '../src/node/stores.js';
import { bulkLoad } from '../src/node/bulk-load.js';
import { formatResults } from '../src/syntax/printer.js';
import { table } from './format.js';
import { measure } from './measure.js';
import type { Options } from './options.js';
import type { Results } from './results.js';

export const DB_SUITE = 'db';

/** `(e i n<i mod 1000>)`, one per line, written as a stream (the file may be far bigger than the heap). */
async function writeAtoms(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += `(e ${i} n${i % 1000})\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

export async function runDbSuite(o: Options, results: Results, out: (s: string) => void, progress: (s: string) => void): Promise<void> {
  const n = o.quick ? 20_000 : 10_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'metta-bench-db-'));
  const add = (name: string, ns: number | null, units: number | null, status: 'ok' | 'failed', note: string, heap: number | null): void => {
    results.add({
      suite: DB_SUITE, case: name, engine: 'vm', median_ns: ns, samples: ns === null ? 0 : 1, size: n, units, status, note,
      fallbacks: null, heap_bytes: heap,
    });
  };
  out(`\n## Database spaces (SQLite, ${n.toLocaleString('en-US')} atoms)\n`);
  const m = new MeTTa({ openStore: nodeStores, print: () => {}, printErr: () => {} });
  try {
    const file = join(dir, 'atoms.metta');
    progress('db: writing the atoms file…');
    await writeAtoms(file, n);
    const url = `sqlite:${join(dir, 'kb.db')}`;
    const space = m.openSpace(url);
    let peak = 0;
    const sample = (): void => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    };
    const timer = setInterval(sample, 20);
    const t0 = performance.now();
    const r = await bulkLoad(space.store, file, m.tokenTable(), {
      onProgress: (p) => progress(`db: loading ${p.atoms.toLocaleString('en-US')} atoms…`),
    });
    const loadNs = (performance.now() - t0) * 1e6;
    clearInterval(timer);
    sample();
    const loaded = space.size;
    const ok = loaded === n && r.errors.length === 0;
    add('load', loadNs, n, ok ? 'ok' : 'failed', ok ? '' : `${loaded} atoms stored of ${n}`, peak);
    m.run(`!(bind! &kb (open-space "${url}"))`);
    const key = Math.floor(n / 2);
    const query = m.parse(`!(match &kb (e ${key} $x) $x)`)[0]!;
    const got = formatResults(m.evaluate(query));
    const qok = got === `[n${key % 1000}]`;
    const q = measure('db match', () => void m.evaluate(query), { timeMs: o.quick ? 40 : 1000, warmupMs: o.quick ? 10 : 100, minSamples: 5 });
    add('match bound argument', q.medianNs, 1, qok ? 'ok' : 'failed', qok ? '' : `got ${got}`, null);
    const fan = Math.ceil(n / 1000);
    const joinForm = m.parse('!(match &kb (, (e $i n7) (e $i $y)) $i)')[0]!;
    const nested = m.parse('!(match &kb (e $i n7) (match &kb (e $i $y) $i))')[0]!;
    const joined = formatResults(m.evaluate(joinForm));
    const jok = joined === formatResults(m.evaluate(nested)) && m.evaluate(joinForm).length === fan;
    const timing = { timeMs: o.quick ? 40 : 2000, warmupMs: o.quick ? 10 : 100, minSamples: 3 };
    const j = measure('db join', () => void m.evaluate(joinForm), timing);
    add('join 2 conjuncts pushed down', j.medianNs, fan, jok ? 'ok' : 'failed', jok ? '' : 'answers differ from the nested matches', null);
    const nm = measure('db nested match', () => void m.evaluate(nested), timing);
    add('join 2 conjuncts as nested matches', nm.medianNs, fan, jok ? 'ok' : 'failed', '', null);
    const rate = n / (loadNs / 1e9);
    const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
    out(table(['measure', 'value', 'target'], [
      ['bulk load', `${Math.round(rate).toLocaleString('en-US')} atoms/s (${(loadNs / 1e9).toFixed(1)} s)`, '≥ 100,000 atoms/s'],
      ['Node heap peak while loading', mib(peak), '< 200 MiB'],
      ['process RSS after the load', mib(process.memoryUsage().rss), ''],
      [`match (e ${key} $x) on the loaded space`, `${(q.medianNs / 1e6).toFixed(3)} ms`, '≤ 1 ms'],
      [`match (, (e $i n7) (e $i $y)) (${fan.toLocaleString('en-US')} answers), one SQL join`, `${(j.medianNs / 1e6).toFixed(1)} ms`, ''],
      ['the same as nested matches (a query per answer)', `${(nm.medianNs / 1e6).toFixed(1)} ms (×${(nm.medianNs / j.medianNs).toFixed(1)})`, ''],
    ]));
    if (o.quick) out('_Quick run: a small space; these figures say nothing about the targets._');
  } catch (e) {
    add('load', null, null, 'failed', String(e), null);
  } finally {
    m.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
