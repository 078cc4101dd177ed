// A space's atoms in an SQLite file (better-sqlite3): one table, rows in
// insertion order (the rowid), WAL mode so readers never block the writer,
// each add or remove its own transaction and each batch one transaction.
// Queries become SQL on the indexed key columns of row-keys.ts and return
// candidate atoms only, conjunctions one self-join (join-sql.ts); the space
// above unifies them. Other connections' commits are seen through SQLite's
// `data_version`, which changes exactly when another connection committed.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { Atom } from '../atom/atom.js';
import { atomEq } from '../atom/atom.js';
import type { AtomStore } from '../space/atom-store.js';
import { decodeAtom, encodeAtom, type WordResolver } from '../space/atom-codec.js';
import { KEYED_ARGS, patternPlan, rowKeys } from '../space/row-keys.js';
import { StoreError } from '../space/store-error.js';
import { conjunctionSql, openRowsSql, type Statement as JoinStatement } from './join-sql.js';

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS atoms (id INTEGER PRIMARY KEY, h INTEGER NOT NULL, k1 INTEGER NOT NULL, k2 INTEGER NOT NULL, k3 INTEGER NOT NULL, body TEXT NOT NULL,
  g1 INTEGER NOT NULL DEFAULT 0, g2 INTEGER NOT NULL DEFAULT 0, g3 INTEGER NOT NULL DEFAULT 0, vars INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('format', 'metta-vm atoms 1');`;
// A file written before the ground keys existed gets their columns with the
// defaults that claim nothing (no ground key, may have variables): its old
// rows are then found as before, only never by the ground join.
const ADD_GROUND_KEYS = `
ALTER TABLE atoms ADD COLUMN g1 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE atoms ADD COLUMN g2 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE atoms ADD COLUMN g3 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE atoms ADD COLUMN vars INTEGER NOT NULL DEFAULT 1;
DROP INDEX IF EXISTS atoms_h_k1; DROP INDEX IF EXISTS atoms_h_k2;`;
const INDEXES = `
CREATE INDEX IF NOT EXISTS atoms_h_k1_g1 ON atoms(h, k1, g1);
CREATE INDEX IF NOT EXISTS atoms_h_k2_g2 ON atoms(h, k2, g2);
CREATE INDEX IF NOT EXISTS atoms_open ON atoms(h) WHERE vars = 1;`;
const DROP_INDEXES = 'DROP INDEX IF EXISTS atoms_h_k1_g1; DROP INDEX IF EXISTS atoms_h_k2_g2; DROP INDEX IF EXISTS atoms_open;';

interface Row {
  readonly id: number;
  readonly body: string;
}

function loadDriver(): typeof BetterSqlite3 {
  try {
    return createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  } catch (e) {
    throw new StoreError(`SQLite spaces need the better-sqlite3 package, which did not load: ${(e as Error).message}`);
  }
}

export class SqliteStore implements AtomStore {
  readonly generation = 0;
  readonly path: string;
  private readonly db: Database;
  private readonly resolve: WordResolver;
  private readonly insertRow: Statement;
  private readonly deleteRow: Statement;
  private readonly allRows: Statement;
  private readonly countRows: Statement;
  private readonly byQuery = new Map<string, Statement>();
  private readonly insertMany: (atoms: readonly Atom[]) => void;
  private readonly dataVersion: Statement;
  /** `data_version` when the store last looked (see refresh). */
  private seenVersion: number;

  /** Opens (creating if needed) the space in file `path`; words in stored atoms are rebuilt with `resolve`. */
  constructor(path: string, resolve: WordResolver) {
    const Driver = loadDriver();
    this.path = path;
    this.resolve = resolve;
    try {
      this.db = new Driver(path, { timeout: 2000 });
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('cache_size = -65536');
      this.db.exec(SCHEMA);
      const columns = this.db.prepare('SELECT name FROM pragma_table_info(\'atoms\')').pluck().all() as string[];
      if (!columns.includes('vars')) this.db.exec(ADD_GROUND_KEYS);
      this.db.exec(INDEXES);
      const format = (this.db.prepare("SELECT value FROM meta WHERE key = 'format'").get() as { value: string } | undefined)?.value;
      if (format !== 'metta-vm atoms 1') throw new StoreError(`${path} is not a metta-vm space (format ${String(format)})`);
    } catch (e) {
      throw StoreError.from(e, `cannot open SQLite space ${path}`);
    }
    this.insertRow = this.db.prepare('INSERT INTO atoms (h, k1, k2, k3, g1, g2, g3, vars, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.dataVersion = this.db.prepare('PRAGMA data_version').pluck();
    this.seenVersion = this.dataVersion.get() as number;
    this.deleteRow = this.db.prepare('DELETE FROM atoms WHERE id = ? RETURNING body');
    this.allRows = this.db.prepare('SELECT id, body FROM atoms ORDER BY id');
    this.countRows = this.db.prepare('SELECT count(*) AS n FROM atoms').pluck();
    this.insertMany = this.db.transaction((atoms: readonly Atom[]) => {
      for (const a of atoms) this.insertOne(a);
    });
  }

  private insertOne(atom: Atom): number {
    const body = encodeAtom(atom, this.resolve);
    const { h, k, g, open } = rowKeys(atom);
    return Number(this.insertRow.run(h, k[0], k[1], k[2], g[0], g[1], g[2], open, body).lastInsertRowid);
  }

  private guard<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw StoreError.from(e, `SQLite space ${this.path}: ${what}`);
    }
  }

  add(atom: Atom): number {
    return this.guard('add', () => this.insertOne(atom));
  }

  /** Adds all of `atoms` in one transaction: all of them are stored, or (on an error) none. */
  addBatch(atoms: readonly Atom[]): void {
    this.guard('add', () => this.insertMany(atoms));
  }

  unadd(token: number): Atom | null {
    return this.guard('remove', () => {
      const r = this.deleteRow.get(token) as { body: string } | undefined;
      return r === undefined ? null : decodeAtom(r.body, this.resolve);
    });
  }

  remove(atom: Atom): boolean {
    return this.guard('remove', () => {
      const rows = this.rowsFor(atom, true);
      for (const r of rows) {
        if (atomEq(decodeAtom(r.body, this.resolve), atom)) {
          this.deleteRow.get(r.id);
          return true;
        }
      }
      return false;
    });
  }

  candidates(pattern: Atom, out: Atom[]): void {
    this.guard('query', () => {
      for (const r of this.rowsFor(pattern, false)) out.push(decodeAtom(r.body, this.resolve));
    });
  }

  /** The rows that could unify with `pattern` (`exact`: that could equal it), in insertion order. */
  private rowsFor(pattern: Atom, exact: boolean): Row[] {
    const plan = patternPlan(pattern);
    if (plan === null) {
      if (!exact) return this.allRows.all() as Row[];
      const { h } = rowKeys(pattern);
      return this.statement(`SELECT id, body FROM atoms WHERE h = ? ORDER BY id`).all(h) as Row[];
    }
    if (exact) {
      const { h, k } = rowKeys(pattern);
      return this.statement('SELECT id, body FROM atoms WHERE h = ? AND k1 = ? AND k2 = ? AND k3 = ? ORDER BY id').all(h, k[0], k[1], k[2]) as Row[];
    }
    let sql = 'SELECT id, body FROM atoms WHERE h = ?';
    const params: number[] = [plan.h];
    for (let i = 0; i < KEYED_ARGS; i++) {
      const ks = plan.k[i];
      if (ks === null || ks === undefined) continue;
      sql += ` AND k${i + 1} IN (${ks.map(() => '?').join(', ')})`;
      for (const x of ks) params.push(x);
      const g = plan.g[i];
      if (g === null || g === undefined) continue;
      sql += ` AND g${i + 1} IN (?, 0)`;
      params.push(g);
    }
    sql += ` UNION ALL SELECT id, body FROM atoms WHERE h IN (${plan.wild.map(() => '?').join(', ')}) ORDER BY id`;
    for (const w of plan.wild) params.push(w);
    return this.statement(sql).all(...params) as Row[];
  }

  private statement(sql: string): Statement {
    let s = this.byQuery.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.byQuery.set(sql, s);
    }
    return s;
  }

  /** Whether no stored atom with variables could meet `pattern` (so the ground join may take it). */
  groundFor(pattern: Atom): boolean {
    const q = openRowsSql([pattern], 'atoms', () => '?');
    return q !== null && this.guard('query', () => this.statement(q.sql).get(...q.params) === undefined);
  }

  joinCandidates(conjuncts: readonly Atom[]): Atom[][] | null {
    const open = openRowsSql(conjuncts, 'atoms', () => '?');
    const join = conjunctionSql(conjuncts, 'atoms', () => '?');
    if (open === null || join === null) return null;
    return this.guard('query', () => {
      if (this.statement(open.sql).get(...open.params) !== undefined) return null;
      return this.tuples(join, conjuncts.length);
    });
  }

  /** The rows of a conjunction query as atom tuples, each stored atom decoded once. */
  private tuples(join: JoinStatement, n: number): Atom[][] {
    const rows = this.statement(join.sql).raw().all(...join.params) as Array<Array<number | string>>;
    const decoded = new Map<number, Atom>();
    const out: Atom[][] = [];
    for (const r of rows) {
      const t: Atom[] = [];
      for (let j = 0; j < n; j++) {
        const id = r[2 * j] as number;
        let a = decoded.get(id);
        if (a === undefined) {
          a = decodeAtom(r[2 * j + 1] as string, this.resolve);
          decoded.set(id, a);
        }
        t.push(a);
      }
      out.push(t);
    }
    return out;
  }

  /** True when another connection committed since the last look (this one's own writes do not count). */
  refresh(): boolean {
    return this.guard('read', () => {
      const v = this.dataVersion.get() as number;
      if (v === this.seenVersion) return false;
      this.seenVersion = v;
      return true;
    });
  }

  atoms(): Atom[] {
    return this.guard('read', () => (this.allRows.all() as Row[]).map((r) => decodeAtom(r.body, this.resolve)));
  }

  get size(): number {
    return this.guard('count', () => this.countRows.get() as number);
  }

  /** Drops the key indexes when the store is empty, so a bulk load inserts unindexed rows; true if it did. */
  deferIndexes(): boolean {
    return this.guard('load', () => {
      if (this.size > 0) return false;
      this.db.exec(DROP_INDEXES);
      return true;
    });
  }

  /** Builds the key indexes (after a bulk load; opening a store builds missing ones too). */
  buildIndexes(): void {
    this.guard('index', () => this.db.exec(INDEXES));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
