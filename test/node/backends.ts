// The database backends the store tests run against, each with a fresh empty
// space per call: SQLite, and a real PostgreSQL server the tests start.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgServer, pgUnavailable } from './postgres-server.js';

export interface Backend {
  readonly name: string;
  /** Why the backend cannot run here, or null. */
  readonly skip: string | null;
  freshUrl(): Promise<string>;
}

let dir: string | null = null;
let n = 0;

export function storeBackends(): Backend[] {
  return [
    {
      name: 'SQLite',
      skip: null,
      freshUrl: async () => {
        dir ??= mkdtempSync(join(tmpdir(), 'metta-db-'));
        return `sqlite:${join(dir, `space-${++n}.db`)}`;
      },
    },
    {
      name: 'PostgreSQL',
      get skip(): string | null {
        return pgServer() === null ? pgUnavailable() : null;
      },
      freshUrl: async () => pgServer()!.newDatabase(),
    },
  ];
}
