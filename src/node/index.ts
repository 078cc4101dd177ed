// metta-vm/node: what only a Node host can offer the runtime, kept out of the
// core so the browser build never loads it: database-backed spaces and the
// streaming bulk loader.
export { nodeStores } from './stores.js';
export { SqliteStore } from './sqlite-store.js';
export { StoreError } from '../space/store-error.js';
