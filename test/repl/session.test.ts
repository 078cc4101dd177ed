import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplSession, type Interruptible, type SessionHost } from '../../src/repl/session.js';

interface Fake {
  readonly out: string[];
  readonly err: string[];
  readonly session: ReplSession;
}

function fake(files: Record<string, string> = {}, interrupt = false): Fake {
  const out: string[] = [];
  const err: string[] = [];
  const host: SessionHost = {
    io: { out: (l) => void out.push(l), err: (l) => void err.push(l) },
    files: { readFile: (p) => files[p] ?? null },
    dirname: (p) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.'),
    interruptible<T>(work: () => T): Interruptible<T> {
      return interrupt ? { done: false } : { done: true, value: work() };
    },
  };
  return { out, err, session: new ReplSession(host, { engine: 'vm', maxSteps: null }) };
}

test('atoms join &self, `!` forms print their results in order', () => {
  const f = fake();
  f.session.submit('(parent Tom Bob) (parent Tom Ann)\n!(match &self (parent Tom $x) $x) !(+ 1 2)\n');
  f.session.submit('!(superpose (a b)) !(empty)');
  assert.deepEqual(f.out, ['[Bob, Ann]', '[3]', '[a, b]', '[]']);
  assert.deepEqual(f.err, []);
});

test('println! output comes before the results of its own form and after those of earlier forms', () => {
  const f = fake();
  f.session.submit('!(+ 1 1) !(println! "hi")');
  assert.deepEqual(f.out, ['[2]', 'hi', '[()]']);
});

test('a parse error names the line and column in the input; later forms still run', () => {
  const f = fake();
  f.session.submit('!(+ 1 2))\n!(+ 2 2)\n');
  assert.deepEqual(f.out, ['[3]', '[4]']);
  assert.equal(f.err.length, 1);
  assert.match(f.err[0]!, /^<input>:1:9: Unexpected right bracket\n {8}\)\n {8}\^$/);
});

test('an input that ends inside a form reports the unclosed parenthesis', () => {
  const f = fake();
  f.session.submit('!(+ 1\n');
  assert.match(f.err[0]!, /^<input>:1:2: Unexpected end of input: unclosed parenthesis opened at 1:2/);
});

test('runtime errors are results; the session goes on', () => {
  const f = fake();
  f.session.submit('!(/ 1 0)');
  f.session.submit('!(+ 1 2)');
  assert.deepEqual(f.out, ['[(Error (/ 1 0) DivisionByZero)]', '[3]']);
});

test(':engine shows and switches the engine and keeps &self', () => {
  const f = fake();
  f.session.submit('(fact 1)');
  assert.equal(f.session.command(':engine'), 'continue');
  assert.equal(f.session.command(':engine tree'), 'continue');
  assert.equal(f.session.engine, 'tree');
  f.session.command(':engine fast');
  f.session.submit('!(match &self (fact $x) $x)');
  assert.deepEqual(f.out, ['engine: vm', 'engine: tree', '[1]']);
  assert.deepEqual(f.err, ["error: :engine must be one of vm, tree, not 'fast'"]);
});

test(':reset empties &self; :quit quits; prefixes name commands; unknown commands are reported', () => {
  const f = fake();
  f.session.submit('(a) !(get-atoms &self)');
  f.session.command(':reset');
  f.session.submit('!(get-atoms &self)');
  assert.deepEqual(f.out, ['[(a)]', '&self is empty again', '[]']);
  assert.equal(f.session.command(':quit'), 'quit');
  assert.equal(f.session.command(':q'), 'quit');
  assert.equal(f.session.command(':frobnicate'), 'continue');
  assert.match(f.err[0]!, /unknown command :frobnicate; :help lists the commands/);
  f.session.command(':');
  assert.match(f.err[1]!, /unknown command :/);
});

test(':help lists every command', () => {
  const f = fake();
  f.session.command(':help');
  const text = f.out.join('\n');
  for (const c of [':help', ':load FILE', ':engine', ':reset', ':quit']) assert.ok(text.includes(c), c);
});

test(':load runs a file into &self with imports resolved beside it, and reports a missing file', () => {
  const f = fake({
    'lib/main.metta': '!(import! &self util)\n(fact one)\n!(double 21)\n',
    'lib/util.metta': '(= (double $x) (* 2 $x))\n',
  });
  f.session.command(':load lib/main.metta');
  f.session.submit('!(match &self (fact $x) $x)');
  f.session.command(':load "nope.metta"');
  f.session.command(':load');
  assert.deepEqual(f.out, ['[()]', '[42]', '[one]']);
  assert.deepEqual(f.err, ['error: cannot read nope.metta', 'error: :load needs a FILE']);
});

test('an interrupted evaluation is reported and drops the rest of its input', () => {
  const f = fake({}, true);
  f.session.submit('!(+ 1 2) !(+ 3 4)');
  assert.deepEqual(f.out, []);
  assert.deepEqual(f.err, ['Interrupted.']);
});

test('a host exception is reported as an internal error and the session goes on', () => {
  const out: string[] = [];
  const err: string[] = [];
  let calls = 0;
  const session = new ReplSession(
    {
      io: { out: (l) => void out.push(l), err: (l) => void err.push(l) },
      files: { readFile: () => null },
      dirname: () => '.',
      interruptible<T>(work: () => T): Interruptible<T> {
        if (calls++ === 0) throw new Error('boom');
        return { done: true, value: work() };
      },
    },
    { engine: 'tree', maxSteps: null },
  );
  session.submit('!(+ 1 2)');
  session.submit('!(+ 1 2)');
  assert.deepEqual(err, ['internal error: boom']);
  assert.deepEqual(out, ['[3]']);
});

test('a step budget stops a runaway form with a message', () => {
  const out: string[] = [];
  const err: string[] = [];
  const session = new ReplSession(
    {
      io: { out: (l) => void out.push(l), err: (l) => void err.push(l) },
      files: { readFile: () => null },
      dirname: () => '.',
      interruptible: <T>(work: () => T): Interruptible<T> => ({ done: true, value: work() }),
    },
    { engine: 'tree', maxSteps: 1000 },
  );
  session.submit('(= (loop $n) (loop (+ $n 1)))\n!(loop 0)\n!(+ 1 2)');
  assert.equal(err.length, 1);
  assert.match(err[0]!, /^<input>:2:1: step limit of 1000 exceeded/);
  assert.deepEqual(out, ['[3]']);
});
