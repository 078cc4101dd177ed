// A space's atoms in a PostgreSQL table, shared by every process that opens
// the same URL: rows in insertion order (a bigserial id), each add or remove
// its own transaction, each batch one transaction, candidates by SQL on the
// same key columns as the SQLite store (row-keys.ts), conjunctions as one
// self-join (join-sql.ts). The pg client runs in a worker thread
// (pg-worker.ts); calls block until it answers. Every write also bumps a
// one-row change counter in the same transaction, so a process sees that
// others committed (refresh) by reading it: a committed value only, so a
// change is never seen before its rows are.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Atom } from '../atom/atom.js';
import { atomEq } from '../atom/atom.js';
import type { AtomStore } from '../space/atom-store.js';
import { decodeAtom, encodeAtom, type WordResolver } from '../space/atom-codec.js';
import { KEYED_ARGS, patternPlan, rowKeys } from '../space/row-keys.js';
import { StoreError } from '../space/store-error.js';
import { conjunctionSql, openRowsSql } from './join-sql.js';

interface Row {
  readonly id: string;
  readonly body: string;
  /** The change counter after this write (writes return it). */
  readonly n?: string;
}

/** A pushed-down conjunction's row: `i1, b1, i2, b2, …`. */
type TupleRow = Readonly<Record<string, string>>;

/** How long one request may take before the store reports the server as unreachable. */
const REQUEST_TIMEOUT_MS = 30_000;

const TABLE = [
  'CREATE TABLE IF NOT EXISTS metta_atoms (id BIGSERIAL PRIMARY KEY, h BIGINT NOT NULL, k1 BIGINT NOT NULL, k2 BIGINT NOT NULL, k3 BIGINT NOT NULL, body TEXT NOT NULL,' +
    ' g1 BIGINT NOT NULL DEFAULT 0, g2 BIGINT NOT NULL DEFAULT 0, g3 BIGINT NOT NULL DEFAULT 0, vars SMALLINT NOT NULL DEFAULT 1)',
  'CREATE TABLE IF NOT EXISTS metta_changes (one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one), n BIGINT NOT NULL)',
  'INSERT INTO metta_changes VALUES (TRUE, 0) ON CONFLICT DO NOTHING',
];
/** A table made before the ground keys: their columns with defaults that claim nothing (see sqlite-store.ts). */
const ADD_GROUND_KEYS = [
  'ALTER TABLE metta_atoms ADD COLUMN IF NOT EXISTS g1 BIGINT NOT NULL DEFAULT 0, ADD COLUMN IF NOT EXISTS g2 BIGINT NOT NULL DEFAULT 0,' +
    ' ADD COLUMN IF NOT EXISTS g3 BIGINT NOT NULL DEFAULT 0, ADD COLUMN IF NOT EXISTS vars SMALLINT NOT NULL DEFAULT 1',
  'DROP INDEX IF EXISTS metta_atoms_h_k1',
  'DROP INDEX IF EXISTS metta_atoms_h_k2',
];
const INDEXES = [
  'CREATE INDEX IF NOT EXISTS metta_atoms_h_k1_g1 ON metta_atoms (h, k1, g1)',
  'CREATE INDEX IF NOT EXISTS metta_atoms_h_k2_g2 ON metta_atoms (h, k2, g2)',
  'CREATE INDEX IF NOT EXISTS metta_atoms_open ON metta_atoms (h) WHERE vars = 1',
];
const COLUMNS = 'h, k1, k2, k3, g1, g2, g3, vars, body';
const BUMP = 'UPDATE metta_changes SET n = n + 1 RETURNING n::text AS n';
const READ_CHANGES = "SELECT n::text AS id, '' AS body FROM metta_changes";

export class PostgresStore implements AtomStore {
  readonly generation = 0;
  private readonly url: string;
  private readonly resolve: WordResolver;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private closed = false;
  /** The change counter as this process last knew it (see refresh). */
  private seen = '';

  constructor(url: string, resolve: WordResolver) {
    this.url = url;
    this.resolve = resolve;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const script = fileURLToPath(new URL('./pg-worker.js', import.meta.url));
    if (!existsSync(script)) throw new StoreError(`PostgreSQL worker missing: ${script}`);
    this.worker = new Worker(script, { workerData: { port: port2, flag: this.flag, url }, transferList: [port2] });
    this.worker.unref();
    this.port.unref();
    try {
      // One statement at a time: concurrent CREATE … IF NOT EXISTS from two processes can still collide.
      for (const s of TABLE) this.call(s, [], true);
      const has = this.call("SELECT count(*)::text AS id, '' AS body FROM information_schema.columns WHERE table_name = 'metta_atoms' AND column_name = 'vars'", []);
      if (has[0]?.id === '0') for (const s of ADD_GROUND_KEYS) this.call(s, [], true);
      for (const s of INDEXES) this.call(s, [], true);
      this.seen = this.call(READ_CHANGES, [])[0]!.id;
    } catch (e) {
      this.close();
      throw StoreError.from(e, `cannot open PostgreSQL space ${url}`);
    }
  }

  private call(sql: string, params: readonly unknown[], retryRace = false): Row[] {
    if (this.closed) throw new StoreError(`PostgreSQL space ${this.url} is closed`);
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ sql, params });
    return this.await(retryRace ? () => this.call(sql, params) : null);
  }

  private await(retry: (() => Row[]) | null): Row[] {
    if (Atomics.wait(this.flag, 0, 0, REQUEST_TIMEOUT_MS) === 'timed-out') {
      throw new StoreError(`PostgreSQL space ${this.url}: no answer from the server in ${REQUEST_TIMEOUT_MS / 1000} s`);
    }
    const m = receiveMessageOnPort(this.port);
    const msg = m?.message as { rows?: Row[]; error?: string } | undefined;
    if (msg === undefined) throw new StoreError(`PostgreSQL space ${this.url}: the connection worker stopped`);
    if (msg.error !== undefined) {
      if (retry !== null && /duplicate key|already exists/.test(msg.error)) return retry();
      throw new StoreError(`PostgreSQL space ${this.url}: ${msg.error}`);
    }
    return msg.rows ?? [];
  }

  private insertSql(atoms: readonly Atom[]): { sql: string; params: unknown[] } {
    const cols: Array<Array<number | string>> = [[], [], [], [], [], [], [], [], []];
    for (const a of atoms) {
      const { h, k, g, open } = rowKeys(a);
      const row = [h, k[0]!, k[1]!, k[2]!, g[0]!, g[1]!, g[2]!, open, encodeAtom(a, this.resolve)];
      for (let i = 0; i < row.length; i++) cols[i]!.push(row[i]!);
    }
    return {
      sql: `INSERT INTO metta_atoms (${COLUMNS}) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::smallint[], $9::text[])`,
      params: cols,
    };
  }

  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw StoreError.from(e, `PostgreSQL space ${this.url}`);
    }
  }

  /**
   * Notes the change counter one of this process's writes left: if it is one
   * past what this process knew, nobody else committed in between (a write
   * waits for the counter's row lock, then sees the latest committed value).
   */
  private noteOwn(n: string | undefined): void {
    if (n !== undefined && BigInt(n) === BigInt(this.seen) + 1n) this.seen = n;
  }

  add(atom: Atom): number {
    const { sql, params } = this.guard(() => this.insertSql([atom]));
    const r = this.call(`WITH c AS (${BUMP}) ${sql} RETURNING id, (SELECT n FROM c) AS n`, params)[0]!;
    this.noteOwn(r.n);
    return Number(r.id);
  }

  addBatch(atoms: readonly Atom[]): void {
    if (atoms.length === 0) return;
    const stmt = this.guard(() => this.insertSql(atoms));
    if (this.closed) throw new StoreError(`PostgreSQL space ${this.url} is closed`);
    Atomics.store(this.flag, 0, 0);
    // The counter last, so its row lock is held only until the commit.
    this.port.postMessage({ sql: '', params: [], batch: [stmt, { sql: BUMP, params: [] }] });
    this.noteOwn(this.await(null)[0]?.n);
  }

  /** Deletes row `id`; its body, or undefined when it was gone. */
  private deleteRow(id: string | number): string | undefined {
    const r = this.call(`WITH c AS (${BUMP}) DELETE FROM metta_atoms WHERE id = $1 RETURNING body, (SELECT n FROM c) AS n`, [id]);
    if (r.length === 0) return undefined;
    this.noteOwn(r[0]!.n);
    return r[0]!.body;
  }

  unadd(token: number): Atom | null {
    const body = this.deleteRow(token);
    return body === undefined ? null : decodeAtom(body, this.resolve);
  }

  remove(atom: Atom): boolean {
    const { h, k } = rowKeys(atom);
    // The first equal atom; `SKIP LOCKED`-free: a concurrent remover may win, then we try the next.
    const rows = this.call('SELECT id, body FROM metta_atoms WHERE h = $1 AND k1 = $2 AND k2 = $3 AND k3 = $4 ORDER BY id', [h, k[0], k[1], k[2]]);
    for (const r of rows) {
      if (!atomEq(decodeAtom(r.body, this.resolve), atom)) continue;
      if (this.deleteRow(r.id) !== undefined) return true;
    }
    return false;
  }

  candidates(pattern: Atom, out: Atom[]): void {
    const plan = patternPlan(pattern);
    let rows: Row[];
    if (plan === null) rows = this.call('SELECT id, body FROM metta_atoms ORDER BY id', []);
    else {
      const params: unknown[] = [plan.h];
      let sql = 'SELECT id, body FROM metta_atoms WHERE (h = $1';
      for (let i = 0; i < KEYED_ARGS; i++) {
        const ks = plan.k[i];
        if (ks === null || ks === undefined) continue;
        params.push(ks);
        sql += ` AND k${i + 1} = ANY($${params.length}::bigint[])`;
        const g = plan.g[i];
        if (g === null || g === undefined) continue;
        params.push(g);
        sql += ` AND g${i + 1} IN ($${params.length}, 0)`;
      }
      params.push(plan.wild);
      sql += `) OR h = ANY($${params.length}::bigint[]) ORDER BY id`;
      rows = this.call(sql, params);
    }
    for (const r of rows) out.push(decodeAtom(r.body, this.resolve));
  }

  groundFor(pattern: Atom): boolean {
    const q = openRowsSql([pattern], 'metta_atoms', (n) => `$${n}`);
    return q !== null && this.call(q.sql, q.params).length === 0;
  }

  joinCandidates(conjuncts: readonly Atom[]): Atom[][] | null {
    const ph = (n: number): string => `$${n}`;
    const open = openRowsSql(conjuncts, 'metta_atoms', ph);
    const join = conjunctionSql(conjuncts, 'metta_atoms', ph);
    if (open === null || join === null || this.call(open.sql, open.params).length > 0) return null;
    const rows = this.call(join.sql, join.params) as unknown as TupleRow[];
    const decoded = new Map<string, Atom>();
    const n = conjuncts.length;
    const out: Atom[][] = [];
    for (const r of rows) {
      const t: Atom[] = [];
      for (let j = 1; j <= n; j++) {
        const id = r[`i${j}`]!;
        let a = decoded.get(id);
        if (a === undefined) {
          a = decodeAtom(r[`b${j}`]!, this.resolve);
          decoded.set(id, a);
        }
        t.push(a);
      }
      out.push(t);
    }
    return out;
  }

  /** True when another process committed a write since the last look (one read of the change counter). */
  refresh(): boolean {
    const n = this.call(READ_CHANGES, [])[0]!.id;
    if (n === this.seen) return false;
    this.seen = n;
    return true;
  }

  atoms(): Atom[] {
    return this.call('SELECT id, body FROM metta_atoms ORDER BY id', []).map((r) => decodeAtom(r.body, this.resolve));
  }

  get size(): number {
    const r = this.call('SELECT count(*)::text AS id, \'\' AS body FROM metta_atoms', []);
    return Number(r[0]!.id);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }
}

export function openPostgresStore(url: string, resolve: WordResolver): AtomStore {
  return new PostgresStore(url, resolve);
}
