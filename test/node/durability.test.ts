// Nothing lost, nothing half-written: a bulk load killed with SIGKILL leaves
// exactly its committed batches; bad input gives a clear Error or message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { MeTTa } from '../../src/runner/metta.js';
import { nodeStores } from '../../src/node/stores.js';
import { formatResults } from '../../src/syntax/printer.js';

const Driver = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const METTA = fileURLToPath(new URL('../../../bin/metta', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'metta-durability-'));

function rowCount(db: string): number {
  try {
    const c = new Driver(db, { readonly: true, timeout: 5000 });
    try {
      return c.prepare('SELECT count(*) FROM atoms').pluck().get() as number;
    } finally {
      c.close();
    }
  } catch {
    return 0;
  }
}

test('a bulk load killed with SIGKILL midway leaves exactly the committed batches, in file order', async () => {
  const N = 400_000, BATCH = 1000;
  const file = join(dir, 'big.metta');
  const lines: string[] = [];
  for (let i = 0; i < N; i++) lines.push(`(edge ${i} n${i % 97})`);
  writeFileSync(file, lines.join('\n') + '\n');
  const db = join(dir, 'killed.db');
  const child = spawn(process.execPath, [METTA, 'load', file, '--into', `sqlite:${db}`, '--batch', String(BATCH)], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  // Kill it once some batches are in, long before the end.
  for (let i = 0; i < 600 && rowCount(db) < 5 * BATCH; i++) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGKILL');
  await exited;
  const m = new MeTTa({ openStore: nodeStores, print: () => {} });
  try {
    const space = m.openSpace(`sqlite:${db}`);
    const n = space.size;
    assert.ok(n >= 5 * BATCH && n < N, `killed midway: ${n} atoms of ${N}`);
    assert.equal(n % BATCH, 0, 'only whole batches are committed');
    const atoms = space.atoms();
    for (let i = 0; i < n; i += 997) assert.equal(formatResults([atoms[i]!]), `[(edge ${i} n${i % 97})]`);
    assert.equal(formatResults([atoms[n - 1]!]), `[(edge ${n - 1} n${(n - 1) % 97})]`);
    // The reopened space is indexed and answers a bound query.
    const r = m.run(`!(bind! &kb (open-space "sqlite:${db}")) !(match &kb (edge $x n5) $x)`);
    assert.equal(r[1]!.length, Math.floor((n - 1 - 5) / 97) + 1);
  } finally {
    m.close();
  }
});

test('bad input: unknown URL, unopenable file, wrong argument, locked database, unstorable atom are Error atoms', () => {
  const m = new MeTTa({ openStore: nodeStores, print: () => {} });
  const db = join(dir, 'locked.db');
  try {
    const r = m.runReport(`!(open-space "mysql://nowhere")\n!(open-space "sqlite:${dir}/no/such/dir/x.db")\n!(open-space 42)`, 'bad', { stopOnError: false });
    assert.match(formatResults(r.forms[0]!.results), /Error .*unknown space URL mysql:\/\/nowhere/);
    assert.match(formatResults(r.forms[1]!.results), /Error .*cannot open SQLite space/);
    assert.match(formatResults(r.forms[2]!.results), /Error \(open-space 42\) \(BadArgType 1 String Number\)/);
    const holder = new Driver(db);
    holder.exec('CREATE TABLE IF NOT EXISTS t (x)');
    const opened = m.runReport(`!(bind! &kb (open-space "sqlite:${db}"))`, 'open');
    assert.equal(formatResults(opened.forms[0]!.results), '[()]');
    holder.exec('BEGIN EXCLUSIVE');
    const locked = m.runReport('!(add-atom &kb (a b))', 'locked', { stopOnError: false });
    holder.exec('ROLLBACK');
    holder.close();
    assert.match(formatResults(locked.forms[0]!.results), /Error .*database is locked/);
    const state = m.runReport('!(add-atom &kb (cell (new-state 1)))\n!(let $s (new-state 1) (add-atom &kb (cell $s)))', 'state', { stopOnError: false });
    assert.match(formatResults(state.forms[1]!.results), /Error .*cannot be stored in a persistent space/);
  } finally {
    m.close();
  }
});

test('metta load: a missing file or a bad URL is a one-line message and exit code 2; a good load reports its count', () => {
  const file = join(dir, 'small.metta');
  writeFileSync(file, '(a b)\n');
  const missing = spawnSync(process.execPath, [METTA, 'load', join(dir, 'missing.metta'), '--into', `sqlite:${join(dir, 'l.db')}`], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /metta: .*cannot read .*missing\.metta/);
  const url = spawnSync(process.execPath, [METTA, 'load', file, '--into', 'redis://x'], { encoding: 'utf8' });
  assert.equal(url.status, 2);
  assert.match(url.stderr, /unknown space URL redis:\/\/x/);
  const ok = spawnSync(process.execPath, [METTA, 'load', join(dir, 'big.metta'), '--into', `sqlite:${join(dir, 'full.db')}`], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /400000 atoms loaded/);
  assert.match(ok.stdout, /: 400000 atoms$/m);
  assert.equal(ok.stderr, '', 'no progress bar when stderr is not a terminal');
});
