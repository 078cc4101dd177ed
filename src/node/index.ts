// The Node-only part of the embedding API (`metta-vm/node`): host services that
// need node:* modules, kept out of the core entry so the core runs in a browser:
// file access, database-backed spaces and the streaming bulk loader.

/** File access for MeTTaOptions.files: `confinedFiles(dir)` confines `import!` to dir; `nodeFiles` reads any path. */
export { confinedFiles, nodeFiles } from './files.js';
/** Database backends for MeTTaOptions.openStore (`sqlite:FILE`, `postgres://…`). */
export { nodeStores } from './stores.js';
export { SqliteStore } from './sqlite-store.js';
export { StoreError } from '../space/store-error.js';
