// File access for the CLI: the metta command reads any path its user names.
export { nodeFiles } from '../node/files.js';
