import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge, updatedList, type Check } from './judge.js';
import type { KnownFailure } from './known-failures.js';
import type { EngineName } from '../../src/runner/engine.js';

const pass = (line: number): Check => ({ file: 'a.metta', line, passed: true, results: '[()]', source: '(assertEqual x x)' });
const fail = (line: number, results = '[(Error x)]'): Check => ({ file: 'a.metta', line, passed: false, results, source: '(assertEqual x y)' });
const both = (tree: Check[], vm: Check[] = tree): Map<EngineName, Check[]> => new Map<EngineName, Check[]>([['tree', tree], ['vm', vm]]);
const known = (line: number, engines: EngineName[]): KnownFailure => ({ file: 'a.metta', line, engines, reason: 'r' });

test('all passing: no problems, per-file tallies', () => {
  const v = judge(both([pass(1), pass(2)]), []);
  assert.deepEqual(v.problems, []);
  assert.deepEqual(v.tallies.get('vm')?.get('a.metta'), { passed: 2, failed: 0, skipped: 0 });
});

test('an unlisted failure is a problem', () => {
  const v = judge(both([pass(1), fail(2)]), []);
  assert.equal(v.problems.length, 2);
  assert.deepEqual(v.tallies.get('tree')?.get('a.metta'), { passed: 1, failed: 1, skipped: 0 });
});

test('a listed failure is skipped; a listed check that passes is a problem', () => {
  assert.deepEqual(judge(both([fail(2)]), [known(2, ['tree', 'vm'])]).problems, []);
  const v = judge(both([pass(2)]), [known(2, ['tree', 'vm'])]);
  assert.equal(v.problems.length, 2);
  assert.match(v.problems[0]!, /now passes: remove its entry/);
  assert.deepEqual(v.tallies.get('tree')?.get('a.metta'), { passed: 0, failed: 1, skipped: 0 });
});

test('engines disagreeing is a problem unless an entry names the one failing engine', () => {
  assert.ok(judge(both([pass(1)], [fail(1)]), []).problems.some((p) => p.startsWith('engines disagree at a.metta:1')));
  assert.deepEqual(judge(both([pass(1)], [fail(1)]), [known(1, ['vm'])]).problems, []);
  // Both failing, differently: still a disagreement.
  const v = judge(both([fail(1, '[x]')], [fail(1, '[y]')]), [known(1, ['tree', 'vm'])]);
  assert.deepEqual(v.problems.map((p) => p.split(':')[0]), ['engines disagree at a.metta']);
  // Fresh-variable numbers are not a disagreement.
  assert.deepEqual(judge(both([fail(1, '[$x#12]')], [fail(1, '[$x#40]')]), [known(1, ['tree', 'vm'])]).problems, []);
  // Nor are the ids in the names of spaces.
  assert.deepEqual(judge(both([fail(1, '[GroundingSpace-0x3600]')], [fail(1, '[GroundingSpace-0x3f40]')]), [known(1, ['tree', 'vm'])]).problems, []);
});

test('an entry with no check at its line is a problem', () => {
  assert.match(judge(both([pass(1)]), [known(9, ['vm'])]).problems.join('\n'), /lists a\.metta:9 for vm, but no check is there/);
});

test('updatedList keeps reasons, merges engines, and explains new entries', () => {
  const prior: KnownFailure[] = [{ ...known(2, ['tree']), reason: 'kept' }, known(5, ['vm'])];
  const list = updatedList(both([pass(1), fail(2), fail(3)], [pass(1), fail(2), pass(3)]), prior, {});
  assert.deepEqual(list, [
    { file: 'a.metta', line: 2, engines: ['tree', 'vm'], reason: 'kept' },
    { file: 'a.metta', line: 3, engines: ['tree'], reason: 'unexplained: got [(Error x)]' },
  ]);
  assert.equal(updatedList(both([fail(2)]), [], { 'a.metta': 'stale' })[0]?.reason, 'stale');
});
