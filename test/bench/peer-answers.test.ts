import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePeerAnswers, expectedPeerLines, normaliseAnswer, type PeerDialect } from '../../bench/peer-answers.js';
import { parseOptions, UsageError } from '../../bench/options.js';

const PETTA: PeerDialect = { unit: 'true', testFailedMarker: '❌', lines: 'result' };
const METTASCRIPT: PeerDialect = { unit: '()', testFailedMarker: '❌', lines: 'form' };

test('normaliseAnswer: True/False in lower case outside strings, white space collapsed', () => {
  assert.equal(normaliseAnswer('(True  False\t(x True))'), '(true false (x true))');
  assert.equal(normaliseAnswer('( a  b )'), '(a b)');
  assert.equal(normaliseAnswer('"True  False"'), '"True  False"');
  assert.equal(normaliseAnswer('(Truex "a \\" True" True)'), '(Truex "a \\" True" true)');
});

test('expectedPeerLines: one line per result, the unit as the peer prints it', () => {
  const ours = [{ results: ['()'] }, { results: ['1', 'True', '(() a)'] }, { results: [] }];
  assert.deepEqual(expectedPeerLines(ours, PETTA), ['true', '1', 'true', '(() a)']);
});

test('comparePeerAnswers: side-effect lines before the results are skipped, order within results ignored', () => {
  const ours = [{ results: ['()'] }, { results: ['(a b)', '(c d)'] }];
  assert.equal(comparePeerAnswers(ours, 'is 3, should 3. ✅\ntrue\n(c d)\n(a b)\n', PETTA), null);
});

test('comparePeerAnswers: a different result, too few lines, or a failed test are reported', () => {
  const ours = [{ results: ['(a b)', '(c d)'] }];
  assert.match(comparePeerAnswers(ours, '(a b)\n(c e)\n', PETTA) ?? '', /expected \(c d\), got \(c e\)/);
  assert.match(comparePeerAnswers(ours, '(a b)\n', PETTA) ?? '', /printed 1 result line\(s\), expected 2/);
  const tested = [{ results: ['()'] }];
  assert.match(comparePeerAnswers(tested, 'is 2, should 3. ❌\ntrue\n', PETTA) ?? '', /a test failed: is 2, should 3/);
});

test('comparePeerAnswers, one line per form: forms in order, results within a form as a multiset', () => {
  const ours = [{ results: ['()'] }, { results: ['(a b)', '"x, y"', 'True'] }, { results: [] }];
  assert.deepEqual(expectedPeerLines(ours, METTASCRIPT), ['[()]', '[(a b), "x, y", true]', '[]']);
  assert.equal(comparePeerAnswers(ours, 'is 1, should 1. ✅\n[()]\n[True, "x, y", (a b)]\n[]\n', METTASCRIPT), null);
  assert.match(comparePeerAnswers(ours, '[()]\n[True, (a b)]\n[]\n', METTASCRIPT) ?? '', /expected \["x, y", \(a b\), true\], got \[\(a b\), true\]/);
  assert.match(comparePeerAnswers(ours, '[()]\n[]\n[True, "x, y", (a b)]\n', METTASCRIPT) ?? '', /expected/);
});

test('parseOptions: --peers overrides METTA_BENCH_PEERS; unknown peers are usage errors', () => {
  assert.deepEqual(parseOptions([]).peers, []);
  assert.deepEqual(parseOptions([], { METTA_BENCH_PEERS: 'PeTTa' }).peers, ['petta']);
  assert.deepEqual(parseOptions(['--peers='], { METTA_BENCH_PEERS: 'petta' }).peers, []);
  assert.deepEqual(parseOptions(['--peers=petta,petta']).peers, ['petta']);
  assert.deepEqual(parseOptions(['--peers=MeTTaScript,petta']).peers, ['mettascript', 'petta']);
  assert.throws(() => parseOptions(['--peers=hyperon']), UsageError);
});
