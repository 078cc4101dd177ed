// A space's atoms in an SQLite file (better-sqlite3): one table, rows in
// insertion order (the rowid), WAL mode so readers never block the writer,
// each add or remove its own transaction and each batch one transaction.
// Queries become SQL on the indexed key columns of row-keys.ts and return
// candidate atoms only; the space above unifies them.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { Atom } from '../atom/atom.js';
import { atomEq } from '../atom/atom.js';
import type { AtomStore } from '../space/atom-store.js';
import { decodeAtom, encodeAtom, type WordResolver } from '../space/atom-codec.js';
import { KEYED_ARGS, patternPlan, rowKeys } from '../space/row-keys.js';
import { StoreError } from '../space/store-error.js';

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS atoms (id INTEGER PRIMARY KEY, h INTEGER NOT NULL, k1 INTEGER NOT NULL, k2 INTEGER NOT NULL, k3 INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('format', 'metta-vm atoms 1');`;
const INDEXES = `
CREATE INDEX IF NOT EXISTS atoms_h_k1 ON atoms(h, k1);
CREATE INDEX IF NOT EXISTS atoms_h_k2 ON atoms(h, k2);`;
const DROP_INDEXES = 'DROP INDEX IF EXISTS atoms_h_k1; DROP INDEX IF EXISTS atoms_h_k2;';

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
      this.db.exec(SCHEMA + INDEXES);
      const format = (this.db.prepare("SELECT value FROM meta WHERE key = 'format'").get() as { value: string } | undefined)?.value;
      if (format !== 'metta-vm atoms 1') throw new StoreError(`${path} is not a metta-vm space (format ${String(format)})`);
    } catch (e) {
      throw StoreError.from(e, `cannot open SQLite space ${path}`);
    }
    this.insertRow = this.db.prepare('INSERT INTO atoms (h, k1, k2, k3, body) VALUES (?, ?, ?, ?, ?)');
    this.deleteRow = this.db.prepare('DELETE FROM atoms WHERE id = ? RETURNING body');
    this.allRows = this.db.prepare('SELECT id, body FROM atoms ORDER BY id');
    this.countRows = this.db.prepare('SELECT count(*) AS n FROM atoms').pluck();
    this.insertMany = this.db.transaction((atoms: readonly Atom[]) => {
      for (const a of atoms) this.insertOne(a);
    });
  }

  private insertOne(atom: Atom): number {
    const body = encodeAtom(atom, this.resolve);
    const { h, k } = rowKeys(atom);
    return Number(this.insertRow.run(h, k[0], k[1], k[2], body).lastInsertRowid);
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
