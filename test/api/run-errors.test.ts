// run and runAsync never hide what went wrong: a program that does not run in
// full throws MettaRunError with the results it did get and the forms left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MeTTa, MettaRunError, formatResults, format, type Atom, type EngineName, type MeTTaOptions } from '../../src/index.js';

const show = (forms: Atom[][]): string[] => forms.map(formatResults);
const ENGINES: EngineName[] = ['vm', 'tree'];
const LOOP = '(= (loop $x) (loop $x))\n';

/** The MettaRunError that running `source` throws (fails the test when it returns). */
function runError(options: MeTTaOptions, source: string): MettaRunError {
  try {
    const r = new MeTTa(options).run(source);
    assert.fail(`run returned ${JSON.stringify(show(r))} instead of throwing`);
  } catch (e) {
    assert.ok(e instanceof MettaRunError, String(e));
    return e;
  }
}

for (const engine of ENGINES) {
  test(`${engine}: maxSteps stops a runaway form; the results so far and the form not run are in the error`, () => {
    const e = runError({ engine, maxSteps: 10_000 }, LOOP + '!(+ 0 0) !(loop 0) !(+ 1 2)');
    assert.equal(e.kind, 'steps');
    assert.deepEqual(show(e.results), ['[0]']);
    assert.equal(format(e.stoppedForm!), '(loop 0)');
    assert.deepEqual(e.notRun.map((f) => [format(f.source), f.exec, f.line]), [['(+ 1 2)', true, 2]]);
    assert.match(e.message, /^<string>:2:10: step limit of 10000 exceeded while evaluating \(loop 0\)\n1 form\(s\) not run, from line 2: !\(\+ 1 2\)$/);
  });

  test(`${engine}: timeoutMs stops a runaway form with a time error`, () => {
    const e = runError({ engine, timeoutMs: 200 }, LOOP + '!(+ 1 1) !(loop 0)');
    assert.equal(e.kind, 'time');
    assert.deepEqual(show(e.results), ['[2]']);
    assert.match(e.message, /time limit exceeded while evaluating \(loop 0\)/);
  });

  test(`${engine}: timeoutMs stops a form whose results each pass up an ever deeper chain of frames`, () => {
    // Few steps (one call per level), but each result returns through every pending `(- 1 □)`:
    // the work per step grows without bound, so the clock must be read on returns too.
    const src = '(= (h $_) (f ()))\n(= (h $x) (- 1 (h (- $x 1))))\n!(h 0)';
    const started = Date.now();
    const e = runError({ engine, timeoutMs: 300, maxResults: 1_000_000, maxSteps: 1_000_000_000 }, src);
    assert.equal(e.kind, 'time');
    // A bound on lateness, not a speed claim: before, the VM read the clock only every 4096 calls (over 10 s here).
    assert.ok(Date.now() - started < 5_000, `stopped after ${Date.now() - started} ms`);
  });

  test(`${engine}: maxResults keeps the results up to the cap and says it capped them`, () => {
    const e = runError({ engine, maxResults: 5 }, '!(superpose (0 1 2 3 4 5 6 7 8 9)) !(+ 1 2)');
    assert.equal(e.kind, 'results');
    assert.deepEqual(show(e.results), ['[0, 1, 2, 3, 4]']);
    assert.match(e.message, /result limit of 5 exceeded/);
    assert.equal(e.notRun.length, 1);
    const report = new MeTTa({ engine, maxResults: 5 }).runReport('!(superpose (0 1 2 3 4 5 6 7 8 9))');
    assert.equal(report.forms[0]!.capped, true);
    assert.equal(report.limit?.kind, 'results');
    // At the cap exactly, nothing is lost and nothing is thrown.
    assert.deepEqual(show(new MeTTa({ engine, maxResults: 5 }).run('!(superpose (0 1 2 3 4))')), ['[0, 1, 2, 3, 4]']);
  });

  test(`${engine}: a parse error throws after the other forms ran, with their results`, () => {
    const e = runError({ engine }, '!(+ 1 2');
    assert.equal(e.kind, 'parse');
    assert.deepEqual(e.results, []);
    assert.match(e.message, /^<string>:1:2: Unexpected end of input/);
    const e2 = runError({ engine }, '!(+ 1 2)\n(a "b\\q")\n!(+ 3 4)');
    assert.deepEqual(show(e2.results), ['[3]', '[7]']);
    assert.match(e2.messages[0]!, /^<string>:2:6: Invalid escape sequence/);
  });

  test(`${engine}: an Error result with forms left stops the run, and the forms left are listed`, () => {
    const e = runError({ engine }, '!(+ 1 1)\n!(assertEqual 1 2)\n(fact later)\n!(+ 2 2)');
    assert.equal(e.kind, 'error');
    assert.equal(e.results.length, 2);
    assert.match(formatResults(e.results[1]!), /^\[\(Error \(assertEqual 1 2\)/);
    assert.deepEqual(e.notRun.map((f) => [format(f.source), f.exec]), [['(fact later)', false], ['(+ 2 2)', true]]);
    // An Error result in the last form loses nothing: it is returned.
    assert.match(show(new MeTTa({ engine }).run('!(+ 1 1) !(assertEqual 1 2)'))[1]!, /^\[\(Error/);
  });
}

test('runAsync rejects with MettaRunError in the same cases', async () => {
  const m = new MeTTa({ maxSteps: 10_000 });
  m.registerOperation('later', '(-> Number Number)', async (x) => x);
  await assert.rejects(m.runAsync(LOOP + '!(later 1) !(loop 0) !(+ 1 2)'), (e: unknown) => {
    assert.ok(e instanceof MettaRunError);
    assert.equal(e.kind, 'steps');
    assert.deepEqual(show(e.results), ['[1]']);
    assert.equal(e.notRun.length, 1);
    return true;
  });
  await assert.rejects(new MeTTa().runAsync('!(+ 1 2'), (e: unknown) => e instanceof MettaRunError && e.kind === 'parse');
  await assert.rejects(new MeTTa({ maxResults: 2 }).runAsync('!(superpose (a b c))'),
    (e: unknown) => e instanceof MettaRunError && e.kind === 'results' && formatResults(e.results[0]!) === '[a, b]');
  assert.deepEqual(show(await new MeTTa().runAsync('!(+ 1 2) !(superpose (a b))')), ['[3]', '[a, b]']);
});

test('runReport never throws for the program: the same facts are in the report', () => {
  const r = new MeTTa({ maxSteps: 10_000 }).runReport(LOOP + '!(+ 0 0) !(loop 0) !(+ 1 2)');
  assert.deepEqual(r.forms.map((f) => formatResults(f.results)), ['[0]']);
  assert.equal(r.stopped, true);
  assert.equal(r.limit?.kind, 'steps');
  assert.equal(format(r.limit!.source), '(loop 0)');
  assert.equal(r.notRun.length, 1);
});

test('a program that is not text, and an operation type that does not parse, are refused with messages that say so', () => {
  const m = new MeTTa();
  assert.throws(() => m.run(42 as unknown as string), /a MeTTa program must be source text \(a string\), not number/);
  assert.throws(() => m.runReport(null as unknown as string), /not null/);
  assert.throws(() => m.registerOperation('sq', '(-> Number', () => 1), /registerOperation sq: its type "\(-> Number" does not parse: Unexpected end of input/);
  assert.throws(() => m.registerOperation('sq', '(-> Number Number) extra', () => 1), /must be one atom, not 2/);
  assert.throws(() => m.registerOperation('sq', '', () => 1), /must be one atom, not 0/);
});
