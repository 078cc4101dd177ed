import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MeTTa } from '../../src/runner/metta.js';
import { format } from '../../src/syntax/printer.js';

test('a 10 MB file of facts is parsed, stored and queried by head', () => {
  const lines: string[] = [];
  for (let i = 0; i < 250_000; i++) lines.push(`(fact ${i} "payload-${i}" (pair a${i % 100} b))`);
  const src = `${lines.join('\n')}\n!(match &self (fact 123456 $s $p) $s)\n`;
  assert.ok(src.length > 10_000_000);
  assert.deepEqual(new MeTTa().run(src).map((r) => r.map(format)), [['"payload-123456"']]);
});

test('an expression nested 1,000,000 levels is parsed, printed and matched without a JS stack overflow', () => {
  let s = 'x';
  for (let i = 0; i < 1_000_000; i++) s = `(f ${s})`;
  const m = new MeTTa();
  const r = m.runReport(`(nest ${s})\n!(match &self (nest $x) $x)`);
  assert.deepEqual(r.errors, []);
  const printed = format(r.forms[0]!.results[0]!);
  assert.equal(printed.length, s.length);
  assert.equal(printed, s);
});
