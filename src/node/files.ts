// File access for Node hosts that confines `import!` and `include` to one
// directory: a path is resolved (`..`, then symlinks) before it is read, and
// anything that ends up outside the directory is refused.
import { readFileSync, realpathSync } from 'node:fs';
import { resolve, relative, isAbsolute, sep } from 'node:path';
import type { FileAccess } from '../runner/metta.js';

/** Whether `path` (absolute, resolved) is `dir` or below it. */
function within(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith('..' + sep));
}

/**
 * File access limited to `root` and what is below it. Relative module paths
 * are resolved against `root`; a path that leaves it, by `..`, an absolute path
 * or a symlink pointing out, makes the `import!` an Error saying so; a missing
 * file reads as absent (the runner then tries its other candidates).
 */
export function confinedFiles(root: string): FileAccess {
  const base = realpathSync(resolve(root));
  return {
    readFile(path: string): string | null {
      const wanted = resolve(base, path);
      if (!within(base, wanted)) throw new Error(`${path} is outside the directory ${base} that file access is confined to`);
      let real: string;
      try {
        real = realpathSync(wanted);
      } catch {
        return null;
      }
      if (!within(base, real)) throw new Error(`${path} leads (through a symlink) outside the directory ${base} that file access is confined to`);
      try {
        return readFileSync(real, 'utf8');
      } catch {
        return null;
      }
    },
  };
}

/** Unconfined file access to the whole file system, as the `metta` command grants its own programs. */
export const nodeFiles: FileAccess = {
  readFile(path: string): string | null {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
};
