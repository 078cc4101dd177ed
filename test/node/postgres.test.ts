// A PostgreSQL space shared by processes: two writing at once lose no atom, and
// a dropped connection is an Error atom, not a crash. Runs against the real
// server postgres-server.ts starts (.ci/run installs PostgreSQL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MeTTa } from '../../src/runner/metta.js';
import { nodeStores } from '../../src/node/stores.js';
import { formatResults } from '../../src/syntax/printer.js';
import { pgServer, pgUnavailable } from './postgres-server.js';

const METTA = fileURLToPath(new URL('../../../bin/metta', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'metta-pg-test-'));

function exitOf(args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [METTA, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.on('exit', (code) => resolve({ code, err }));
  });
}

test('two processes adding to one PostgreSQL space at once lose no atom', async (t) => {
  const pg = pgServer();
  if (pg === null) return t.skip(pgUnavailable());
  const url = pg.newDatabase();
  const N = 300;
  const script = (who: string): string => {
    const lines = [`!(bind! &kb (open-space "${url}"))`];
    for (let i = 0; i < N; i++) lines.push(`!(add-atom &kb (item ${who} ${i}))`);
    const f = join(dir, `${who}.metta`);
    writeFileSync(f, lines.join('\n') + '\n');
    return f;
  };
  const bulk = join(dir, 'bulk.metta');
  writeFileSync(bulk, Array.from({ length: 5000 }, (_, i) => `(item C ${i})`).join('\n') + '\n');
  const [a, b, c] = await Promise.all([exitOf([script('A')]), exitOf([script('B')]), exitOf(['load', bulk, '--into', url, '--batch', '700'])]);
  assert.equal(a.code, 0, a.err);
  assert.equal(b.code, 0, b.err);
  assert.equal(c.code, 0, c.err);
  const m = new MeTTa({ openStore: nodeStores });
  try {
    const r = m.run(`!(bind! &kb (open-space "${url}"))
      !(match &kb (item A $i) $i)
      !(match &kb (item B $i) $i)
      !(match &kb (item C $i) $i)
      !(match &kb (item A 299) found)`);
    assert.deepEqual(r.slice(1).map((x) => x.length), [N, N, 5000, 1]);
    // Each writer's atoms keep its own order.
    assert.equal(formatResults(r[1]!), `[${Array.from({ length: N }, (_, i) => i).join(', ')}]`);
  } finally {
    m.close();
  }
});

test('a dropped PostgreSQL connection gives an Error atom, and a wrong URL too', (t) => {
  const pg = pgServer();
  if (pg === null) return t.skip(pgUnavailable());
  const url = pg.newDatabase();
  const name = url.slice(url.lastIndexOf('/') + 1);
  const m = new MeTTa({ openStore: nodeStores });
  try {
    assert.equal(formatResults(m.run(`!(bind! &kb (open-space "${url}")) !(add-atom &kb (a 1))`)[1]!), '[()]');
    const psql = spawnSync('psql', ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'postgres', '-c',
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`], { encoding: 'utf8' });
    assert.equal(psql.status, 0, psql.stderr);
    const r = m.runReport('!(match &kb (a $x) $x)', 'dropped', { stopOnError: false });
    assert.match(formatResults(r.forms[0]!.results), /Error .*PostgreSQL space .*(terminat|connection)/i);
    const bad = m.runReport(`!(open-space "postgres://postgres@127.0.0.1:${pg.port}/no_such_db")`, 'bad', { stopOnError: false });
    assert.match(formatResults(bad.forms[0]!.results), /Error .*no_such_db.*does not exist/);
  } finally {
    m.close();
  }
});
