// A conjunction `(, p1 … pn)` as one SQL query for the database stores: a
// self-join of the atoms table, one alias per conjunct, on the key columns of
// row-keys.ts (head code, argument keys, ground-argument keys); a variable
// shared between conjuncts (or repeated in one) at keyed argument positions
// becomes an equality of those positions' columns. It returns candidate
// tuples ordered by the first conjunct's row, then the second's, …: the order
// the left-to-right evaluation visits them; the space then unifies each tuple
// exactly. The equalities are only sound when every row the conjuncts could
// meet is ground (a stored variable unifies with any value), so a store first
// asks `openRowsSql` whether any row with variables is among them.
import { Atom, SYMBOL, VARIABLE, EXPRESSION } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { varKey, type VarKey } from '../match/bindings.js';
import { KEYED_ARGS, patternPlan } from '../space/row-keys.js';

/** More conjuncts than this are matched one at a time (SQLite joins at most 64 tables; plans get slow well before). */
const MAX_CONJUNCTS = 12;

/** One statement: its text with placeholders, and their values in order. */
export interface Statement {
  readonly sql: string;
  readonly params: number[];
}

/** The placeholder for the n-th parameter (1-based): `?` for SQLite, `$n` for PostgreSQL. */
export type Placeholder = (n: number) => string;

/** Whether a conjunct can go into the SQL join: an expression headed by a symbol other than `,`. */
function pushable(c: Atom): boolean {
  return c.kind === EXPRESSION && c.items.length > 0 && c.items[0]!.kind === SYMBOL && c.items[0] !== S.comma;
}

/**
 * A query whose rows are the stored atoms with variables that any of
 * `conjuncts` could meet (at most one row); null when some conjunct cannot
 * be pushed down at all.
 */
export function openRowsSql(conjuncts: readonly Atom[], table: string, ph: Placeholder): Statement | null {
  if (conjuncts.length === 0 || conjuncts.length > MAX_CONJUNCTS || !conjuncts.every(pushable)) return null;
  const heads = new Set<number>();
  for (const c of conjuncts) {
    const plan = patternPlan(c)!;
    heads.add(plan.h);
    for (const w of plan.wild) heads.add(w);
  }
  const params = [...heads];
  return { sql: `SELECT id FROM ${table} WHERE vars = 1 AND h IN (${params.map((_, i) => ph(i + 1)).join(', ')}) LIMIT 1`, params };
}

/**
 * The candidate-tuple query of `conjuncts` (already resolved under the
 * bindings so far) over ground rows: columns `i1, b1, i2, b2, …` (each
 * conjunct's row id and body), ordered by `i1, i2, …`. Null when some
 * conjunct cannot be pushed down.
 */
export function conjunctionSql(conjuncts: readonly Atom[], table: string, ph: Placeholder): Statement | null {
  if (conjuncts.length === 0 || conjuncts.length > MAX_CONJUNCTS || !conjuncts.every(pushable)) return null;
  const params: number[] = [];
  const param = (x: number): string => {
    params.push(x);
    return ph(params.length);
  };
  const where: string[] = [];
  /** Each variable's first keyed position: the alias and argument number whose columns it is equal to. */
  const first = new Map<VarKey, string>();
  const cols: string[] = [];
  const from: string[] = [];
  const order: string[] = [];
  conjuncts.forEach((c, j) => {
    const t = `t${j + 1}`;
    cols.push(`${t}.id AS i${j + 1}`, `${t}.body AS b${j + 1}`);
    from.push(`${table} ${t}`);
    order.push(`${t}.id`);
    const plan = patternPlan(c)!;
    where.push(`${t}.h = ${param(plan.h)}`);
    for (let q = 1; q <= KEYED_ARGS && q < c.items.length; q++) {
      const a = c.items[q]!;
      if (a.kind === VARIABLE) {
        const k = varKey(a);
        const at = first.get(k);
        if (at === undefined) first.set(k, `${t}.%${q}`);
        else where.push(`${t}.k${q} = ${at.replace('%', 'k')}`, `${t}.g${q} = ${at.replace('%', 'g')}`);
        continue;
      }
      // Over ground rows a key is exact where the pattern has one (its other allowed key is WILD_KEY, which no ground row has).
      const ks = plan.k[q - 1];
      if (ks !== null && ks !== undefined) where.push(`${t}.k${q} = ${param(ks[0]!)}`);
      const g = plan.g[q - 1];
      if (g !== null && g !== undefined) where.push(`${t}.g${q} = ${param(g)}`);
    }
  });
  return { sql: `SELECT ${cols.join(', ')} FROM ${from.join(', ')} WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')}`, params };
}
