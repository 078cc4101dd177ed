// File access for the runner on Node: the CLI grants it, the core never imports node:fs.
import { readFileSync } from 'node:fs';
import type { FileAccess } from '../runner/metta.js';

export const nodeFiles: FileAccess = {
  readFile(path: string): string | null {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
};
