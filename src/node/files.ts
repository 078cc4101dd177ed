// File access for Node hosts that confines `import!` and `include` to one
// directory: a path is resolved (`..`, then symlinks) before it is read, and
// anything that ends up outside the directory is refused. Both kinds also open
// files for the fileio module.
import { readFileSync, realpathSync, openSync, readSync, writeSync, fstatSync, closeSync, constants } from 'node:fs';
import { resolve, relative, isAbsolute, sep, dirname, basename, join } from 'node:path';
import type { FileAccess } from '../runner/metta.js';
import type { OpenFile } from '../stdlib/operation.js';

/** open(2) flags for the reference's option letters, with Rust's OpenOptions rules (create needs write or append, truncate needs write). */
function openFlags(options: string): number {
  const read = options.includes('r'), write = options.includes('w'), append = options.includes('a');
  const create = options.includes('c'), truncate = options.includes('t');
  if ((create || truncate) && !write && !append) throw new Error('creating or truncating a file needs write access');
  if (truncate && append) throw new Error('a file cannot be both truncated and appended to');
  if (!read && !write && !append) throw new Error('no access mode');
  const access = read && (write || append) ? constants.O_RDWR : read ? constants.O_RDONLY : constants.O_WRONLY;
  return access | (create ? constants.O_CREAT : 0) | (append ? constants.O_APPEND : 0) | (truncate ? constants.O_TRUNC : 0);
}

/** A file is closed once its handle is unreachable (Rust closes it when the last FileHandle atom is dropped). */
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/** A file with its own cursor, as Rust's File keeps one. */
function openNodeFile(path: string, options: string): OpenFile {
  const fd = openSync(path, openFlags(options), 0o666);
  const append = options.includes('a');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let position = 0;
  const file: OpenFile = {
    readToEnd(): string {
      const size = fstatSync(fd).size;
      const buf = Buffer.alloc(Math.max(0, size - position));
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, position + got);
        if (n === 0) break;
        got += n;
      }
      position += got;
      return decoder.decode(buf.subarray(0, got));
    },
    readSome(n: number): string {
      const buf = Buffer.alloc(n);
      position += readSync(fd, buf, 0, n, position);
      return decoder.decode(buf);
    },
    write(text: string): void {
      const data = Buffer.from(text, 'utf8');
      writeSync(fd, data, 0, data.length, append ? null : position);
      position = append ? fstatSync(fd).size : position + data.length;
    },
    seek(p: number): void {
      position = p;
    },
    size(): number {
      return fstatSync(fd).size;
    },
  };
  closer.register(file, fd);
  return file;
}

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
  /** `path` resolved inside the directory (null: absent); `forCreate` allows a file that does not exist yet in a directory inside. */
  const confined = (path: string, forCreate: boolean): string | null => {
    const wanted = resolve(base, path);
    if (!within(base, wanted)) throw new Error(`${path} is outside the directory ${base} that file access is confined to`);
    let real: string;
    try {
      real = realpathSync(wanted);
    } catch {
      if (!forCreate) return null;
      real = join(realpathSync(dirname(wanted)), basename(wanted));
    }
    if (!within(base, real)) throw new Error(`${path} leads (through a symlink) outside the directory ${base} that file access is confined to`);
    return real;
  };
  return {
    readFile(path: string): string | null {
      const real = confined(path, false);
      if (real === null) return null;
      try {
        return readFileSync(real, 'utf8');
      } catch {
        return null;
      }
    },
    openFile(path: string, options: string): OpenFile {
      return openNodeFile(confined(path, true)!, options);
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
  openFile: openNodeFile,
};
