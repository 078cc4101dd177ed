// The Node-only part of the embedding API (`metta-vm/node`): host services that
// need node:* modules, kept out of the core entry so the core runs in a browser.

/** File access for MeTTaOptions.files: `confinedFiles(dir)` confines `import!` to dir; `nodeFiles` reads any path. */
export { confinedFiles, nodeFiles } from './files.js';
