// The `metta` command end to end: spawn the compiled CLI, check its streams and exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled to dist/test/cli/; the CLI and the fixtures are addressed from the repo root.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIX = 'test/cli/fixtures/';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function metta(args: string[], env: Record<string, string> = {}): Result {
  const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...env };
  // The test runner may ask children for colour; these checks compare plain text unless a test sets it.
  if (env['FORCE_COLOR'] === undefined) delete base['FORCE_COLOR'];
  const r = spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { cwd: ROOT, env: base, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HELLO = ['Hello from MeTTa', '[()]', '[Ann, Liz]', '[7]', '[3628800]', '[a, b, c]', ''].join('\n');
const STACK_LINE = /^\s+at /m;

test('metta FILE prints println! output, then one result line per ! form', () => {
  const r = metta(['examples/hello.metta']);
  assert.equal(r.stdout, HELLO);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
});

test('--engine tree and --engine vm print the same', () => {
  for (const engine of ['tree', 'vm']) {
    const r = metta(['--engine', engine, 'examples/hello.metta']);
    assert.equal(r.stdout, HELLO, engine);
    assert.equal(r.code, 0, engine);
  }
  assert.equal(metta(['--engine=tree', 'examples/hello.metta']).stdout, HELLO);
  const bad = metta(['--engine', 'jit', 'examples/hello.metta']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--engine must be one of vm, tree, not 'jit'/);
});

test('a parse error gives file:line:col, the line and a caret, exit 3, and no stack trace', () => {
  const r = metta([FIX + 'syntax-error.metta']);
  assert.equal(r.code, 3);
  assert.equal(r.stdout, '[3]\n', 'forms before the error still run');
  assert.equal(r.stderr, `${FIX}syntax-error.metta:3:17: Invalid escape sequence\n(greeting "hello\\q")\n                ^\n`);
  assert.doesNotMatch(r.stderr, STACK_LINE);
});

test('an Error result stops the run with exit 1', () => {
  const r = metta([FIX + 'error-result.metta']);
  assert.equal(r.stdout, '[2]\n[(Error (+ 2 "S") (BadArgType 2 Number String))]\n');
  assert.equal(r.code, 1);
});

test('metta test on a passing file: per-file and total counts, exit 0, println! not shown', () => {
  const r = metta(['test', FIX + 'passing.metta']);
  assert.equal(r.stdout, `${FIX}passing.metta: 3 passed, 0 failed\n3 passed, 0 failed\n`);
  assert.equal(r.code, 0);
});

test('metta test on a failing file shows the failed check and exits 1', () => {
  const r = metta(['test', FIX + 'passing.metta', FIX + 'failing.metta']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /failing\.metta: 1 passed, 1 failed\n {2}line 3: \(assertEqual \(\+ 1 1\) 3\)\n {4}got \[\(Error /);
  assert.match(r.stdout, /\n4 passed, 1 failed\n$/);
});

test('metta test counts the same on both engines', () => {
  for (const engine of ['tree', 'vm']) {
    const r = metta(['test', '--engine', engine, FIX + 'passing.metta', FIX + 'failing.metta']);
    assert.match(r.stdout, /\n4 passed, 1 failed\n$/, engine);
  }
});

test('--max-steps stops an infinite loop with a clear message and exit 4', () => {
  const r = metta(['--max-steps', '10000', FIX + 'loop.metta']);
  assert.equal(r.code, 4);
  assert.equal(r.stdout, '[2]\n');
  assert.match(r.stderr, /loop\.metta:4:1: step limit of 10000 exceeded while evaluating \(loop\)/);
  assert.match(r.stderr, /--max-steps/);
  assert.doesNotMatch(r.stderr, STACK_LINE);
});

test('--timeout stops a runaway program with exit 4', () => {
  const started = Date.now();
  const r = metta(['--timeout', '0.5', FIX + 'loop.metta']);
  assert.equal(r.code, 4);
  assert.match(r.stderr, /time limit of 0\.5 s exceeded \(--timeout\) while running .*loop\.metta/);
  assert.ok(Date.now() - started < 20_000, 'stopped promptly');
  // Long enough for passing.metta to finish on a busy machine; loop.metta never does.
  const t = metta(['test', '--timeout', '3', FIX + 'passing.metta', FIX + 'loop.metta']);
  assert.equal(t.code, 4);
  assert.match(t.stdout, /passing\.metta: 3 passed, 0 failed\n3 passed, 1 failed\n$/);
});

test('--timeout runs that finish in time behave as without it', () => {
  const r = metta(['--timeout', '30', 'examples/hello.metta']);
  assert.equal(r.stdout, HELLO);
  assert.equal(r.code, 0);
});

test('--stats reports steps, fallbacks by reason and time on stderr', () => {
  const r = metta(['--stats', 'examples/hello.metta']);
  assert.equal(r.stdout, HELLO);
  // Then one line per fallback reason: println! has a side effect, so its form runs on the tree-walker.
  assert.match(r.stderr, /^stats: engine vm, \d+ steps, 1 fallback to the tree-walker, \d+ jit calls?, \d+ deopts?, \d+\.\d ms\n  1 × .*println!.*\n$/);
  assert.match(metta(['--stats', '--engine', 'tree', 'examples/hello.metta']).stderr, /^stats: engine tree, \d+ steps, \d+\.\d ms\n$/);
});

test('--stats lists why the JS tier refused to compile, once per compile attempt, after the fallback reasons', () => {
  const r = metta(['--stats', FIX + 'refused-region.metta']);
  assert.equal(r.stdout, '[(1 2)]\n[(2 3)]\n');
  // Two regions (one per collapse), each refused once: a match against a space is outside the region tier.
  assert.match(r.stderr, /^stats: engine vm, \d+ steps, 0 fallbacks to the tree-walker, 0 jit calls, 0 deopts, \d+\.\d ms\n  JS tier refused: 2 × a region: an IR node of kind match\n$/);
  assert.doesNotMatch(metta(['--stats', '--jitless', FIX + 'refused-region.metta']).stderr, /JS tier refused/);
});

test('--stats counts tabled calls; --no-tabling turns tabling off', () => {
  const r = metta(['--stats', 'test/cli/fixtures/fib.metta']);
  assert.equal(r.stdout, '[102334155]\n');
  assert.match(r.stderr, /tabled calls: [1-9]\d* answered from tables, [1-9]\d* evaluated/);
  const off = metta(['--stats', '--no-tabling', '--max-steps', '100000', 'test/cli/fixtures/fib.metta']);
  assert.doesNotMatch(off.stderr, /tabled calls/);
  assert.match(off.stdout + off.stderr, /step limit/i);
});

test('--version prints the package version; --help documents the exit codes', () => {
  const pkg: unknown = JSON.parse(readFileSync(ROOT + 'package.json', 'utf8'));
  const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : null;
  const v = metta(['--version']);
  assert.equal(v.stdout, `${String(version)}\n`);
  assert.equal(v.code, 0);
  const h = metta(['--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /Usage:[\s\S]*metta test[\s\S]*Exit codes:\n {2}0 [\s\S]* {2}4 /);
});

test('no FILE starts the REPL, which reads stdin until :quit or end of input', () => {
  const r = spawnSync(process.execPath, [ROOT + 'bin/metta'], { input: '!(+ 40 2)\n:quit\n', encoding: 'utf8' });
  assert.equal(r.stdout, '[42]\n');
  assert.equal(r.status, 0);
});

test('usage and IO errors exit 2 without a stack trace', () => {
  for (const args of [['--nope', 'x.metta'], ['--max-steps', '0', 'x.metta'], ['test'], ['a.metta', 'b.metta'], ['no/such/file.metta']]) {
    const r = metta(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /^metta: /, args.join(' '));
    assert.doesNotMatch(r.stderr, STACK_LINE, args.join(' '));
  }
});

test('colour only when asked for (the streams here are pipes)', () => {
  assert.doesNotMatch(metta(['test', FIX + 'failing.metta']).stdout, /\x1b\[/);
  assert.match(metta(['test', FIX + 'failing.metta'], { FORCE_COLOR: '1', NO_COLOR: '' }).stdout, /\x1b\[31m1 passed, 1 failed\x1b\[39m/);
});

test('--disasm prints the bytecode of every rule, with its source', () => {
  const r = metta(['--disasm', 'examples/hello.metta']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^== fact\/1#\d+ \(arity 1, slots \d+, stack \d+\) ==$/m);
  assert.match(r.stdout, /; \(= \(fact \$n\) \(if/);
  assert.match(r.stdout, /^\d{5} CALL\s+fact\/1/m);
  // Only compiles: the file's println! never runs.
  assert.doesNotMatch(r.stdout, /Hello from MeTTa/);
});

test('--max-memory: a runaway form stops with the budget message, exit 4, earlier results kept', () => {
  const r = metta(['--max-memory', '32', FIX + 'spin.metta']);
  assert.equal(r.code, 4);
  assert.equal(r.stdout, '[2]\n');
  assert.equal(r.stderr, `${FIX}spin.metta:4:1: memory limit of 32 MiB exceeded while evaluating (spin 0)\n`);
  const tree = metta(['--engine', 'tree', '--max-memory=16', FIX + 'spin.metta']);
  assert.equal(tree.code, 4);
  assert.match(tree.stderr, /memory limit of 16 MiB exceeded/);
  assert.match(metta(['--max-memory', 'x', FIX + 'spin.metta']).stderr, /--max-memory needs a whole number of MiB/);
});

test('without --max-memory the budget is derived from the V8 heap limit', () => {
  // A small heap keeps this quick: the default is a third of it (at least 64 MiB).
  const r = metta([FIX + 'spin.metta'], { NODE_OPTIONS: '--max-old-space-size=240' });
  assert.equal(r.code, 4, r.stderr);
  assert.equal(r.stdout, '[2]\n');
  const m = /memory limit of (\d+) MiB exceeded while evaluating \(spin 0\)/.exec(r.stderr);
  assert.ok(m !== null, r.stderr);
  const mib = Number(m[1]);
  assert.ok(mib >= 64 && mib <= 120, `default budget ${mib} MiB for a 240 MiB heap`);
});

test('with no budget (--max-memory 0), the heap probe stops the run before V8 runs out of heap', () => {
  const r = metta(['--max-memory', '0', FIX + 'spin.metta'], { NODE_OPTIONS: '--max-old-space-size=200' });
  assert.equal(r.code, 4, r.stderr);
  assert.equal(r.stdout, '[2]\n');
  assert.match(r.stderr, /^test\/cli\/fixtures\/spin\.metta:4:1: memory limit exceeded: the JavaScript heap is nearly full \([\d.]+ of [\d.]+ MiB\) while evaluating \(spin 0\)\n$/);
  assert.doesNotMatch(r.stderr, /FATAL|out of memory/);
});

test('a reader that closes the pipe early (metta FILE | head) ends the command quietly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'metta-epipe-'));
  try {
    const file = join(dir, 'many.metta');
    // Far more output than a pipe buffer holds, so writes continue after the reader is gone.
    writeFileSync(file, Array.from({ length: 3000 }, (_, i) => `!(println! "line ${i} ${'x'.repeat(60)}")`).join('\n'));
    const child = spawn(process.execPath, ['dist/src/cli/main.js', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
