// The memory budget (maxMemory) and the host heap probe (heapProbe), on both
// engines, through the public API: a runaway form ends with the budget's
// message, the forms before it keep their results, and the runner goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MeTTa, formatResults, type EngineName, type HeapProbe } from '../../src/index.js';

const ENGINES: EngineName[] = ['vm', 'tree'];

const SPIN = '(= (spin $x) (superpose ((spin (+ $x 1)) (spin (+ $x 2)))))';
const NAT = '(= (nat $x) (superpose ($x (nat (+ $x 1)))))';
const DEEP = '(= (deep $n) (+ 1 (deep (+ $n 1))))';

function run(engine: EngineName, program: string, options: { maxMemory?: number; heapProbe?: HeapProbe } = {}) {
  const m = new MeTTa({ engine, print: () => {}, ...options });
  return { m, report: m.runReport(program) };
}

for (const engine of ENGINES) {
  test(`${engine}: an endless fan-out stops at the budget, earlier results kept`, () => {
    const { m, report } = run(engine, `${SPIN}\n!(+ 1 2)\n!(spin 0)\n!(+ 3 4)`, { maxMemory: 8 });
    assert.deepEqual(report.forms.map((f) => formatResults(f.results)), ['[3]']);
    assert.equal(report.errors.length, 1);
    assert.match(report.errors[0]!, /^<string>:3:1: memory limit of 8 MiB exceeded while evaluating \(spin 0\)$/);
    assert.equal(report.stopped, true);
    if (engine === 'vm') assert.equal(m.stats.fallbacks, 0, 'the VM itself ran the form');
    // The runner survives: its space and later forms are fine.
    assert.deepEqual(m.run('!(+ 5 6)').map(formatResults), ['[11]']);
  });

  test(`${engine}: an endless stream of results stops at the budget`, () => {
    const { report } = run(engine, `${NAT}\n!(nat 0)`, { maxMemory: 4 });
    assert.match(report.errors[0] ?? '', /memory limit of 4 MiB exceeded while evaluating \(nat 0\)/);
  });

  test(`${engine}: collapse gathering an endless stream stops at the budget (not an Error atom)`, () => {
    const { report } = run(engine, `${NAT}\n!(collapse (nat 0))`, { maxMemory: 4 });
    assert.deepEqual(report.forms, []);
    assert.match(report.errors[0] ?? '', /memory limit of 4 MiB exceeded while evaluating \(collapse \(nat 0\)\)/);
  });

  test(`${engine}: endless deep recursion stops at the budget`, () => {
    const { report } = run(engine, `${DEEP}\n!(deep 0)`, { maxMemory: 4 });
    assert.match(report.errors[0] ?? '', /memory limit of 4 MiB exceeded while evaluating \(deep 0\)/);
  });

  test(`${engine}: a program inside its budget gives its results, as without one`, () => {
    const program = '(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))\n!(fib 16)\n!(collapse (superpose (1 2 3)))';
    const limited = run(engine, program, { maxMemory: 16 }).report;
    const free = run(engine, program).report;
    assert.deepEqual(limited.errors, []);
    assert.deepEqual(limited.forms.map((f) => formatResults(f.results)), ['[987]', '[(1 2 3)]']);
    assert.deepEqual(free.forms.map((f) => formatResults(f.results)), ['[987]', '[(1 2 3)]']);
    // 0 means no budget.
    assert.deepEqual(run(engine, program, { maxMemory: 0 }).report.errors, []);
  });

  test(`${engine}: the heap probe stops a run when the host heap nears its limit`, () => {
    let reads = 0;
    const nearlyFull: HeapProbe = () => {
      reads++;
      return { used: 95 * 2 ** 20, limit: 100 * 2 ** 20 };
    };
    const { m, report } = run(engine, `${SPIN}\n!(+ 1 2)\n!(spin 0)`, { heapProbe: nearlyFull });
    assert.ok(reads > 0);
    assert.deepEqual(report.forms.map((f) => formatResults(f.results)), ['[3]']);
    assert.match(report.errors[0] ?? '', /memory limit exceeded: the JavaScript heap is nearly full \(95 of 100 MiB\) while evaluating \(spin 0\)/);
    // A heap with room, or a host that cannot tell, does not stop anything.
    const roomy = run(engine, '(= (count $n) (if (== $n 0) done (count (- $n 1))))\n!(count 100000)', {
      heapProbe: () => ({ used: 10, limit: 100 }),
    }).report;
    assert.deepEqual(roomy.forms.map((f) => formatResults(f.results)), ['[done]']);
    assert.deepEqual(run(engine, '!(+ 1 1)', { heapProbe: () => null }).report.errors, []);
    assert.deepEqual(m.run('!(+ 1 1)').map(formatResults), ['[2]']);
  });
}

test('vm: a budget exceeded inside nested tabled evaluations stops the form', () => {
  // t is tabled (two recursive calls): each miss runs on a nested VM, charged with its callers' stacks.
  const program = '(= (t $n) (if (< $n 1) (spin $n) (+ (t (- $n 1)) (t (- $n 2)))))';
  const { m, report } = run('vm', `${SPIN}\n${program}\n!(t 50)`, { maxMemory: 8 });
  assert.ok((m.stats.tableMisses ?? 0) > 0, 'the calls were tabled');
  assert.match(report.errors[0] ?? '', /memory limit of 8 MiB exceeded while evaluating \(t 50\)/);
});
