// A space's atoms in a PostgreSQL table, shared by every process that opens
// the same URL: rows in insertion order (a bigserial id), each add or remove
// its own transaction, each batch one transaction, candidates by SQL on the
// same key columns as the SQLite store (row-keys.ts). The pg client runs in a
// worker thread (pg-worker.ts); calls block until it answers.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Atom } from '../atom/atom.js';
import { atomEq } from '../atom/atom.js';
import type { AtomStore } from '../space/atom-store.js';
import { decodeAtom, encodeAtom, type WordResolver } from '../space/atom-codec.js';
import { KEYED_ARGS, patternPlan, rowKeys } from '../space/row-keys.js';
import { StoreError } from '../space/store-error.js';

interface Row {
  readonly id: string;
  readonly body: string;
}

/** How long one request may take before the store reports the server as unreachable. */
const REQUEST_TIMEOUT_MS = 30_000;

const SCHEMA = [
  'CREATE TABLE IF NOT EXISTS metta_atoms (id BIGSERIAL PRIMARY KEY, h BIGINT NOT NULL, k1 BIGINT NOT NULL, k2 BIGINT NOT NULL, k3 BIGINT NOT NULL, body TEXT NOT NULL)',
  'CREATE INDEX IF NOT EXISTS metta_atoms_h_k1 ON metta_atoms (h, k1)',
  'CREATE INDEX IF NOT EXISTS metta_atoms_h_k2 ON metta_atoms (h, k2)',
];

export class PostgresStore implements AtomStore {
  readonly generation = 0;
  private readonly url: string;
  private readonly resolve: WordResolver;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private closed = false;

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
      for (const s of SCHEMA) this.call(s, [], true);
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
    const cols: Array<Array<number | string>> = [[], [], [], [], []];
    for (const a of atoms) {
      const { h, k } = rowKeys(a);
      cols[0]!.push(h);
      cols[1]!.push(k[0]!);
      cols[2]!.push(k[1]!);
      cols[3]!.push(k[2]!);
      cols[4]!.push(encodeAtom(a, this.resolve));
    }
    return {
      sql: 'INSERT INTO metta_atoms (h, k1, k2, k3, body) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[]) RETURNING id',
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

  add(atom: Atom): number {
    const { sql, params } = this.guard(() => this.insertSql([atom]));
    return Number(this.call(sql, params)[0]!.id);
  }

  addBatch(atoms: readonly Atom[]): void {
    if (atoms.length === 0) return;
    const stmt = this.guard(() => this.insertSql(atoms));
    if (this.closed) throw new StoreError(`PostgreSQL space ${this.url} is closed`);
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ sql: '', params: [], batch: [stmt] });
    this.await(null);
  }

  unadd(token: number): Atom | null {
    const r = this.call('DELETE FROM metta_atoms WHERE id = $1 RETURNING body', [token]);
    return r.length === 0 ? null : decodeAtom(r[0]!.body, this.resolve);
  }

  remove(atom: Atom): boolean {
    const { h, k } = rowKeys(atom);
    // The first equal atom; `SKIP LOCKED`-free: a concurrent remover may win, then we try the next.
    const rows = this.call('SELECT id, body FROM metta_atoms WHERE h = $1 AND k1 = $2 AND k2 = $3 AND k3 = $4 ORDER BY id', [h, k[0], k[1], k[2]]);
    for (const r of rows) {
      if (!atomEq(decodeAtom(r.body, this.resolve), atom)) continue;
      if (this.call('DELETE FROM metta_atoms WHERE id = $1 RETURNING id', [r.id]).length > 0) return true;
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
      }
      params.push(plan.wild);
      sql += `) OR h = ANY($${params.length}::bigint[]) ORDER BY id`;
      rows = this.call(sql, params);
    }
    for (const r of rows) out.push(decodeAtom(r.body, this.resolve));
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
