// The database backends a Node host registers: `sqlite:FILE` (a path, relative
// to the working directory; `sqlite::memory:` for a private in-memory database)
// and `postgres://…` / `postgresql://…` (a PostgreSQL server).
import type { AtomStore, StoreOpener } from '../space/atom-store.js';
import type { WordResolver } from '../space/atom-codec.js';
import { SqliteStore } from './sqlite-store.js';
import { openPostgresStore } from './postgres-store.js';

export const nodeStores: StoreOpener = (url: string, resolve: WordResolver): AtomStore | null => {
  if (url.startsWith('sqlite:')) return new SqliteStore(url.slice('sqlite:'.length), resolve);
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return openPostgresStore(url, resolve);
  return null;
};
