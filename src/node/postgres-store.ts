// PostgreSQL spaces: not implemented yet (the space contract is synchronous and the pg
// client is not); a postgres:// URL is recognised and refused with a clear message.
import type { AtomStore } from '../space/atom-store.js';
import type { WordResolver } from '../space/atom-codec.js';
import { StoreError } from '../space/store-error.js';

export function openPostgresStore(url: string, _resolve: WordResolver): AtomStore {
  throw new StoreError(`PostgreSQL spaces are not implemented yet in metta-vm (cannot open ${url})`);
}
