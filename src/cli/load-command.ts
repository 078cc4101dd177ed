// `metta load FILE… --into URL`: streams .metta files into a database space,
// with a progress bar on a terminal (quiet otherwise) and the count at the end.
import { MeTTa } from '../runner/metta.js';
import { nodeStores } from '../node/stores.js';
import { bulkLoad, progressLine } from '../node/bulk-load.js';
import { StoreError } from '../space/store-error.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { Console } from './output.js';

export async function loadFiles(files: readonly string[], into: string, batchSize: number, io: Console): Promise<ExitCode> {
  const metta = new MeTTa({ openStore: nodeStores, print: () => {}, printErr: () => {} });
  try {
    const space = metta.openSpace(into);
    let code: ExitCode = EXIT.ok;
    const bar = io.err.isTTY;
    for (const file of files) {
      const r = await bulkLoad(space.store, file, metta.tokenTable(), {
        batchSize,
        ...(bar ? { onProgress: (p) => io.err.raw(`\r${file}: ${progressLine(p)}\x1b[K`) } : {}),
        ...(bar ? { onIndexing: () => io.err.raw(`\r${file}: indexing…\x1b[K`) } : {}),
      });
      if (bar) io.err.raw('\r\x1b[K');
      for (const e of r.errors) io.err.line(e);
      if (r.errors.length > 0) code = EXIT.parse;
      const rate = r.seconds > 0 ? Math.round(r.atoms / r.seconds) : r.atoms;
      io.out.line(`${file}: ${r.atoms} atoms loaded into ${into} in ${r.seconds.toFixed(1)} s (${rate} atoms/s)` +
        (r.skipped > 0 ? `; ${r.skipped} ! forms not run` : ''));
    }
    io.out.line(`${into}: ${space.size} atoms`);
    return code;
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    io.err.line(io.err.style.red(`metta: ${e.message}`));
    return EXIT.usage;
  } finally {
    metta.close();
  }
}
