import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../src/cli/args.js';
import { EXIT, worst } from '../../src/cli/exit-codes.js';
import { classifyRunError } from '../../src/cli/run-errors.js';
import { checkPassed, isCheck } from '../../src/cli/checks.js';
import { parseAtom, makeInt } from '../../src/index.js';
import { UNIT } from '../../src/atom/symbols.js';

const defaults = { engine: 'vm', maxSteps: null, maxMemory: null, timeout: null, stats: false, debug: false, tabling: true, jit: true, space: null };

test('parseArgs: run and test commands with their defaults', () => {
  assert.deepEqual(parseArgs(['a.metta']), { kind: 'run', file: 'a.metta', options: defaults });
  assert.deepEqual(parseArgs(['test', 'a.metta', 'b.metta']), { kind: 'test', files: ['a.metta', 'b.metta'], options: defaults });
});

test('parseArgs: options anywhere, with = or a separate value', () => {
  const cmd = parseArgs(['--engine=tree', 'test', 'a.metta', '--max-steps', '100', '--timeout', '1.5', '--stats', '--debug', '--no-tabling']);
  assert.deepEqual(cmd, {
    kind: 'test', files: ['a.metta'],
    options: { engine: 'tree', maxSteps: 100, maxMemory: null, timeout: 1.5, stats: true, debug: true, tabling: false, jit: true, space: null },
  });
  assert.throws(() => parseArgs(['--no-tabling=yes', 'a.metta']), /takes no value/);
  assert.deepEqual(parseArgs(['--', '--odd-name.metta']), { kind: 'run', file: '--odd-name.metta', options: defaults });
  assert.deepEqual(parseArgs(['--jitless', 'a.metta']), { kind: 'run', file: 'a.metta', options: { ...defaults, jit: false } });
  assert.deepEqual(parseArgs(['--max-memory', '256', 'a.metta']), { kind: 'run', file: 'a.metta', options: { ...defaults, maxMemory: 256 } });
  assert.deepEqual(parseArgs(['--max-memory=0', 'a.metta']), { kind: 'run', file: 'a.metta', options: { ...defaults, maxMemory: 0 } });
});

test('parseArgs: help and version win over everything else', () => {
  assert.deepEqual(parseArgs(['x', '--help']), { kind: 'help' });
  assert.deepEqual(parseArgs(['-V']), { kind: 'version' });
});

test('parseArgs: no FILE starts the REPL', () => {
  assert.equal(parseArgs([]).kind, 'repl');
  assert.equal(parseArgs(['--engine', 'tree']).kind, 'repl');
});

test('parseArgs: bad command lines are UsageErrors naming the problem', () => {
  const cases: Array<[string[], RegExp]> = [
    [['test'], /at least one FILE/],
    [['a', 'b'], /one FILE expected/],
    [['--engine', 'jit', 'a'], /--engine must be one of vm, tree/],
    [['--max-steps', '1.5', 'a'], /positive integer/],
    [['--max-steps', '-3', 'a'], /positive integer/],
    [['--timeout', 'soon', 'a'], /positive number/],
    [['--max-memory', '-1', 'a'], /whole number of MiB/],
    [['--max-memory', '1.5', 'a'], /whole number of MiB/],
    [['--max-memory', 'lots', 'a'], /whole number of MiB/],
    [['--timeout'], /needs a value/],
    [['--stats=yes', 'a'], /takes no value/],
    [['--frobnicate', 'a'], /unknown option '--frobnicate'/],
  ];
  for (const [argv, message] of cases) assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof UsageError && message.test(e.message), argv.join(' '));
});

test('worst: the exit code that says most wins', () => {
  assert.equal(worst([]), EXIT.ok);
  assert.equal(worst([EXIT.failure, EXIT.limit]), EXIT.limit);
  assert.equal(worst([EXIT.limit, EXIT.parse, EXIT.failure]), EXIT.parse);
  assert.equal(worst([EXIT.parse, EXIT.usage]), EXIT.usage);
});

test('classifyRunError tells parse errors from step limits and finds the line', () => {
  assert.deepEqual(classifyRunError('dir/a.metta:3:17: Invalid escape sequence\n(x "\\q")\n    ^'), {
    kind: 'parse', message: 'dir/a.metta:3:17: Invalid escape sequence\n(x "\\q")\n    ^', line: 3,
  });
  const limit = 'c:/x/a.metta:4:1: step limit of 100 exceeded while evaluating (loop)';
  assert.deepEqual(classifyRunError(limit), { kind: 'limit', message: limit, line: 4 });
});

test('checks: assert* forms, passing iff exactly [()]', () => {
  assert.equal(isCheck(parseAtom('(assertEqual 1 1)')), true);
  assert.equal(isCheck(parseAtom('(assertAlphaEqualToResult a (a))')), true);
  assert.equal(isCheck(parseAtom('(println! assert)')), false);
  assert.equal(isCheck(parseAtom('assertEqual')), false);
  assert.equal(checkPassed([UNIT]), true);
  assert.equal(checkPassed([]), false);
  assert.equal(checkPassed([UNIT, UNIT]), false);
  assert.equal(checkPassed([makeInt(1)]), false);
});
