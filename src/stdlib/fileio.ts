// The built-in `fileio` module (reference: runner/builtin_mods/fileio.rs):
// files opened through the host's file access (the `files` option's openFile),
// read, written and sought through a FileHandle atom. The reference's results
// are kept: file-read-exact! makes one read into a zeroed buffer of the size
// asked for and returns the whole buffer (so a short read ends in NULs), and a
// failed seek is ignored.
import { Atom, sym, gnd, type GroundedValue } from '../atom/atom.js';
import { UNIT } from '../atom/symbols.js';
import { numberOf, makeInt, makeString, stringOf } from '../atom/grounded.js';
import { operation, type OpenFile } from './operation.js';
import { fail } from './errors.js';
import { typeAtom } from './type-syntax.js';

const FILE_HANDLE_TYPE = sym('FileHandle');
let handleCounter = 0;

class FileHandleValue implements GroundedValue {
  readonly file: OpenFile;
  private readonly id = ++handleCounter;
  constructor(file: OpenFile) {
    this.file = file;
  }
  typeAtom(): Atom {
    return FILE_HANDLE_TYPE;
  }
  equals(o: GroundedValue): boolean {
    return o === this;
  }
  display(): string {
    return `FileHandle-0x${this.id.toString(16)}`;
  }
  hashCode(): number {
    return this.id;
  }
}

function handleArg(a: Atom | undefined, message: string): OpenFile {
  const v = a?.value;
  if (!(v instanceof FileHandleValue)) fail(message);
  return v.file;
}

function stringArg(a: Atom | undefined, message: string): string {
  const s = a === undefined ? null : stringOf(a);
  if (s === null) fail(message);
  return s;
}

function countArg(a: Atom | undefined, message: string): number {
  const n = a === undefined ? null : numberOf(a);
  if (n === null) fail(message);
  return n.toNumber();
}

/** Runs a file operation; what the host throws becomes the reference's message, `prefix: reason`. */
function io<T>(prefix: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    return fail(`${prefix}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const fileOpen = operation('file-open!', typeAtom('(-> String String FileHandle)'), (args, ctx) => {
  const message = 'file-open! expects filepath and options in form of string atoms as an argument';
  const path = stringArg(args[0], message);
  const options = stringArg(args[1], message);
  let file: OpenFile;
  try {
    file = ctx.host.openFile(path, options);
  } catch {
    return fail(`Failed to open file with provided path=${path} and options=${options}`);
  }
  return [gnd(new FileHandleValue(file))];
});

const fileReadToString = operation('file-read-to-string!', typeAtom('(-> FileHandle String)'), (args) => {
  const file = handleArg(args[0], 'file-read! expects filehandle as an argument');
  return [makeString(io('Failed to read file contents', () => file.readToEnd()))];
});

const fileWrite = operation('file-write!', typeAtom('(-> FileHandle String ())'), (args) => {
  const message = 'file-write! expects filehandle and content (string atom) as an arguments';
  const file = handleArg(args[0], message);
  const text = stringArg(args[1], message);
  io('Failed to write content to file', () => file.write(text));
  return [UNIT];
});

const fileSeekOp = operation('file-seek!', typeAtom('(-> FileHandle Number ())'), (args) => {
  const message = 'file-seek! expects filehandle and start byte (number) as an arguments';
  const file = handleArg(args[0], message);
  const position = countArg(args[1], message);
  // The reference ignores a failed seek (a negative start is one).
  if (position >= 0) {
    try {
      file.seek(position);
    } catch {
      // as the reference: the seek's result is dropped
    }
  }
  return [UNIT];
});

const fileReadExact = operation('file-read-exact!', typeAtom('(-> FileHandle Number String)'), (args) => {
  const message = 'file-read-exact! expects filehandle and number of bytes to read (number) as an arguments';
  const file = handleArg(args[0], message);
  const n = countArg(args[1], message);
  if (n < 0 || !Number.isSafeInteger(n)) fail(message);
  return [makeString(io('Read exact failed', () => file.readSome(n)))];
});

const fileGetSize = operation('file-get-size!', typeAtom('(-> FileHandle Number)'), (args) => {
  const file = handleArg(args[0], 'file-get-size! expects filehandle as an argument');
  return [makeInt(io('Get size failed', () => file.size()))];
});

/** The `fileio` module's operations (registered as tokens on import). */
export function fileioModuleOps(): Atom[] {
  return [fileOpen, fileReadToString, fileWrite, fileSeekOp, fileReadExact, fileGetSize];
}

export const FILEIO_LIBRARY = `
(@doc file-open!
  (@desc "Opens a file through the host's file access. Options are letters: r read, w write, c create (with w or a), a append, t truncate (with w)")
  (@params ((@param "Path") (@param "Options, such as \\"r\\" or \\"rwc\\"")))
  (@return "A FileHandle"))
(@doc file-read-to-string!
  (@desc "Reads from the handle's position to the end of the file")
  (@params ((@param "FileHandle")))
  (@return "The text read"))
(@doc file-write!
  (@desc "Writes text at the handle's position")
  (@params ((@param "FileHandle") (@param "Text")))
  (@return "Unit atom"))
(@doc file-seek!
  (@desc "Moves the handle's position to a byte offset from the start")
  (@params ((@param "FileHandle") (@param "Byte offset")))
  (@return "Unit atom"))
(@doc file-read-exact!
  (@desc "One read of at most the given number of bytes from the handle's position, into a buffer of that size")
  (@params ((@param "FileHandle") (@param "Number of bytes")))
  (@return "The buffer as text"))
(@doc file-get-size!
  (@desc "The size of the file in bytes")
  (@params ((@param "FileHandle")))
  (@return "The size"))
`;
