// The built-in fileio module on Node, both engines: hyperon's fileio.rs test_filehandle
// (a temporary file written, sought and read back), plus the refusals around it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeTTa, formatResults, type EngineName } from '../../src/index.js';
import { nodeFiles, confinedFiles } from '../../src/node/index.js';

const ENGINES: EngineName[] = ['tree', 'vm'];

function inTempDir(f: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'metta-fileio-'));
  try {
    f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const engine of ENGINES) {
  test(`${engine}: fileio.rs test_filehandle: write, seek, read to the end, read exact, size`, () => {
    inTempDir((dir) => {
      const path = JSON.stringify(join(dir, 'check.txt'));
      const m = new MeTTa({ engine, files: nodeFiles });
      const r = m.run(`
        !(import! &self fileio)
        !(bind! &fhandle (file-open! ${path} "rwc"))
        !(file-write! &fhandle "check write/read")
        !(file-seek! &fhandle 0)
        !(assertEqual (file-read-to-string! &fhandle) "check write/read")
        !(file-seek! &fhandle 4)
        !(assertEqual (file-read-to-string! &fhandle) "k write/read")
        !(file-seek! &fhandle 0)
        !(assertEqual (file-read-exact! &fhandle 5) "check")
        !(assertEqual (file-get-size! &fhandle) 16)
        !(file-seek! &fhandle 0)
        !(assertEqual (file-read-exact! &fhandle 16) "check write/read")`);
      assert.deepEqual(r.map(formatResults), Array(12).fill('[()]'));
      assert.equal(readFileSync(join(dir, 'check.txt'), 'utf8'), 'check write/read');
    });
  });

  test(`${engine}: fileio: append, a short exact read, and the errors`, () => {
    inTempDir((dir) => {
      writeFileSync(join(dir, 'a.txt'), 'ab');
      const m = new MeTTa({ engine, files: confinedFiles(dir) });
      const r = m.runReport(`
        !(import! &self fileio)
        !(bind! &h (file-open! "a.txt" "ra"))
        !(file-write! &h "cd")
        !(file-seek! &h 1)
        !(file-read-exact! &h 5)
        !(file-open! "missing.txt" "r")
        !(file-open! "../outside.txt" "rwc")
        !(file-open! "new.txt" "c")
        !(file-read-to-string! 42)`, '<t>', { stopOnError: false });
      assert.deepEqual(r.forms.map((f) => formatResults(f.results)), [
        '[()]', '[()]', '[()]', '[()]',
        '["bcd\\0\\0"]',
        '[(Error (file-open! "missing.txt" "r") Failed to open file with provided path=missing.txt and options=r)]',
        '[(Error (file-open! "../outside.txt" "rwc") Failed to open file with provided path=../outside.txt and options=rwc)]',
        '[(Error (file-open! "new.txt" "c") Failed to open file with provided path=new.txt and options=c)]',
        '[(Error (file-read-to-string! 42) (BadArgType 1 FileHandle Number))]',
      ]);
      assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'abcd');
    });
  });

  test(`${engine}: fileio without a host that opens files: file-open! is an Error that says so`, () => {
    const r = new MeTTa({ engine, files: { readFile: () => null } }).runReport('!(import! &self fileio) !(file-open! "x" "r")', '<t>', { stopOnError: false });
    assert.match(formatResults(r.forms[1]!.results), /Failed to open file with provided path=x and options=r/);
  });
}
