// The PostgreSQL connection of one store, in a worker thread: the pg client is
// asynchronous and the space contract is not, so the store posts each request
// here and blocks on a shared flag until the answer is on its port.
import { workerData, type MessagePort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type PgTypes from 'pg';

interface Request {
  readonly sql: string;
  readonly params: readonly unknown[];
  /** Run these statements in one transaction instead of `sql`; the answer is the last one's rows. */
  readonly batch?: ReadonlyArray<{ readonly sql: string; readonly params: readonly unknown[] }>;
}

const { port, flag, url } = workerData as { port: MessagePort; flag: Int32Array; url: string };

function reply(message: unknown): void {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

function failure(e: unknown): { error: string } {
  const code = typeof e === 'object' && e !== null && 'code' in e ? ` (${String((e as { code: unknown }).code)})` : '';
  return { error: (e instanceof Error ? e.message : String(e)) + code };
}

let client: PgTypes.Client | null = null;
let broken: string | null = null;

async function connect(): Promise<void> {
  try {
    const pg = createRequire(import.meta.url)('pg') as typeof PgTypes;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    c.on('error', (e) => {
      broken = `connection lost: ${e.message}`;
    });
    await c.connect();
    client = c;
  } catch (e) {
    broken = failure(e).error;
  }
}

const ready = connect();

port.on('message', (req: Request) => {
  void (async () => {
    await ready;
    if (client === null || broken !== null) return reply({ error: broken ?? 'not connected' });
    try {
      if (req.batch !== undefined) {
        await client.query('BEGIN');
        let last: unknown[] = [];
        try {
          for (const s of req.batch) last = (await client.query(s.sql, s.params as unknown[])).rows;
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw e;
        }
        // The last statement's rows (the store's change counter).
        return reply({ rows: last });
      }
      const r = await client.query(req.sql, req.params as unknown[]);
      reply({ rows: r.rows });
    } catch (e) {
      reply(failure(e));
    }
  })();
});
port.on('close', () => void client?.end());
