// Streams a .metta file into a store: the text is read in chunks, cut at
// top-level form boundaries, parsed, and written in batches of one transaction
// each, so memory stays constant however big the file and a load killed midway
// leaves exactly the committed batches. `!` forms are not run (counted, skipped).
import { createReadStream, statSync } from 'node:fs';
import type { Atom } from '../atom/atom.js';
import { Parser, ParseError } from '../syntax/parser.js';
import type { TokenTable } from '../syntax/tokens.js';
import type { AtomStore } from '../space/atom-store.js';
import { StoreError } from '../space/store-error.js';

export interface LoadProgress {
  readonly atoms: number;
  readonly bytes: number;
  readonly totalBytes: number;
  readonly seconds: number;
}

export interface LoadResult extends LoadProgress {
  /** `!` forms met and not run. */
  readonly skipped: number;
  /** Parse errors, `file:line:col: message`. */
  readonly errors: readonly string[];
}

export interface LoadOptions {
  /** Atoms per transaction (default 50,000). */
  readonly batchSize?: number;
  readonly onProgress?: (p: LoadProgress) => void;
  /** Set by `deferIndexes`-capable stores: build indexes once at the end when loading into an empty store. */
  readonly onIndexing?: () => void;
}

/** What a store offers a bulk load beyond AtomStore. */
interface BulkStore extends AtomStore {
  deferIndexes?(): boolean;
  buildIndexes?(): void;
}

/**
 * Where `text` can be cut so that everything before is whole top-level forms:
 * after a newline outside strings, comments and parentheses, not right after a
 * `!`. Returns 0 when there is no such place yet.
 */
function lastCut(text: string): number {
  let depth = 0, cut = 0;
  let inString = false, inComment = false, bang = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inComment) {
      if (c === 10) inComment = false;
      else continue;
    }
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    switch (c) {
      case 34: inString = true; bang = false; break;
      case 59: inComment = true; break;
      case 40: depth++; bang = false; break;
      case 41: if (depth > 0) depth--; break;
      case 33: if (depth === 0) bang = true; break;
      case 10: if (depth === 0 && !bang) cut = i + 1; break;
      case 32: case 9: case 13: break;
      default: if (depth === 0) bang = false;
    }
  }
  return cut;
}

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export async function bulkLoad(store: BulkStore, file: string, tokens: TokenTable, options: LoadOptions = {}): Promise<LoadResult> {
  const batchSize = options.batchSize ?? 50_000;
  let totalBytes: number;
  try {
    totalBytes = statSync(file).size;
  } catch (e) {
    throw StoreError.from(e, `cannot read ${file}`);
  }
  if (store.addBatch === undefined) throw new StoreError('this space cannot be bulk loaded');
  const deferred = store.deferIndexes?.() ?? false;
  const started = performance.now();
  const errors: string[] = [];
  let atoms = 0, skipped = 0, bytes = 0, lineBase = 0;
  let pending = '';
  let batch: Atom[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    store.addBatch!(batch);
    atoms += batch.length;
    batch = [];
  };
  const parse = (text: string): void => {
    const p = new Parser(text, file);
    for (;;) {
      let f;
      try {
        f = p.next(tokens);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        errors.push(`${file}:${lineBase + e.pos.line}:${e.pos.col}: ${e.message}`);
        continue;
      }
      if (f === null) break;
      if (f.exec) skipped++;
      else {
        batch.push(f.atom);
        if (batch.length >= batchSize) flush();
      }
    }
    lineBase += lineCount(text);
  };
  const progress = (): LoadProgress => ({ atoms: atoms + batch.length, bytes, totalBytes, seconds: (performance.now() - started) / 1000 });
  let lastReport = 0;
  try {
    const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
    for await (const chunk of stream as AsyncIterable<string>) {
      bytes += Buffer.byteLength(chunk);
      pending += chunk;
      const cut = lastCut(pending);
      if (cut > 0) {
        parse(pending.slice(0, cut));
        pending = pending.slice(cut);
      }
      const now = performance.now();
      if (options.onProgress !== undefined && now - lastReport > 200) {
        lastReport = now;
        options.onProgress(progress());
      }
    }
    if (pending.trim() !== '') parse(pending);
    flush();
  } catch (e) {
    throw StoreError.from(e, `loading ${file}`);
  }
  if (deferred) {
    options.onIndexing?.();
    store.buildIndexes?.();
  }
  return { ...progress(), skipped, errors };
}

/** A one-line progress bar: done fraction, atoms, rate, time left. */
export function progressLine(p: LoadProgress): string {
  const frac = p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : 1;
  const width = 24;
  const filled = Math.round(frac * width);
  const rate = p.seconds > 0 ? p.atoms / p.seconds : 0;
  const eta = frac > 0 ? p.seconds * (1 - frac) / frac : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(frac * 100).toFixed(1)}% ` +
    `${p.atoms.toLocaleString('en-US')} atoms ${Math.round(rate).toLocaleString('en-US')} atoms/s ETA ${Math.ceil(eta)}s`;
}
