// `npm run bench -- [flags]`: the seed document's tables, program benchmarks,
// the shared public programs, and the target report. Exits 1 when any result
// was wrong (timings never fail a run). See BENCHMARKS.md for a full run.
import { cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { COMPILE_SUITE, runCompileSuite } from './compile-suite.js';
import { USAGE, UsageError, parseOptions, type Options } from './options.js';
import { runProgramSuite, runSharedSuite } from './program-suite.js';
import { Results } from './results.js';
import { runSeedSuite } from './seed-suite.js';
import { targetReport } from './targets.js';
import { DB_SUITE, runDbSuite } from './db-suite.js';

async function main(): Promise<number> {
  let o: Options;
  try {
    o = parseOptions(process.argv.slice(2), process.env);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  // With `--json=-` stdout carries only the JSON; the report goes to stderr.
  const out = o.json === '-' ? (s: string) => console.error(s) : (s: string) => console.log(s);
  const progress = (s: string): void => {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${s}`);
  };
  const started = Date.now();
  const meta = {
    date: new Date().toISOString(),
    mode: o.quick ? 'quick' : 'full',
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    nproc: cpus().length,
    loadavg_start: loadavg().map((x) => Number(x.toFixed(2))),
    cap_s: o.capMs / 1000,
  };
  out(`## metta-vm benchmarks (${meta.mode} run)\n`);
  out(`${meta.date} · ${meta.cpu} · ${meta.nproc} CPUs · Node ${meta.node} · load average at start ${meta.loadavg_start.join(' ')}`);

  const results = new Results();
  if (o.suites.has('seed')) {
    out('\n## Bytecode VM vs Tree-Walker (the seed document\'s tables)');
    progress('seed tables…');
    runSeedSuite(o, results, out);
  }
  if (o.suites.has(COMPILE_SUITE)) {
    progress('compilation overhead…');
    await runCompileSuite(o, results, out);
  }
  if (o.suites.has('programs')) await runProgramSuite(o, results, out, progress);
  if (o.suites.has('shared')) await runSharedSuite(o, results, out, progress);
  if (o.suites.has(DB_SUITE)) await runDbSuite(o, results, out, progress);
  progress('');

  out('\n## Targets\n');
  if (o.quick) out('_Quick run: small sizes and few samples, so these verdicts say nothing about speed._\n');
  out(targetReport(results).text);
  const failures = results.failures();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  out(`\nRun took ${seconds} s; load average at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}.`);
  if (o.json !== null) {
    const doc = JSON.stringify({ meta: { ...meta, seconds: Number(seconds) }, figures: results.figures, peers: results.peers }, null, 1);
    if (o.json === '-') console.log(doc);
    else {
      writeFileSync(o.json, doc + '\n');
      out(`Figures written to ${o.json}.`);
    }
  }
  if (failures.length > 0) {
    console.error(`\nFAILED: ${failures.length} benchmark(s) gave a wrong result or crashed:`);
    for (const f of failures) console.error(`  ${f.suite} ${f.case} [${f.engine}]: ${f.note}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
