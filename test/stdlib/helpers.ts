// Runs stdlib checks on both engines with the same expectations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MeTTa } from '../../src/runner/metta.js';
import type { EngineName } from '../../src/runner/engine.js';
import { format, formatResults } from '../../src/syntax/printer.js';
import { messageAtom } from '../../src/stdlib/errors.js';
import { makeString } from '../../src/atom/grounded.js';

export const ENGINES: readonly EngineName[] = ['tree', 'vm'];

export interface Run {
  /** One printed result list per `!` form, as `[a, b]`. */
  readonly results: string[];
  /** Lines printed by println! and friends. */
  readonly out: string[];
  /** Lines printed to stderr (trace!). */
  readonly err: string[];
}

export interface RunOpts {
  /** Sort each form's results before printing them (for results in no specified order). */
  readonly unordered?: boolean;
  /** The runner's random source. */
  readonly random?: () => number;
  /** Module files by path, for import! and friends. */
  readonly files?: Readonly<Record<string, string>>;
}

export function run(engine: EngineName, src: string, opts: RunOpts = {}): Run {
  const out: string[] = [];
  const err: string[] = [];
  const m = new MeTTa({
    engine,
    print: (s) => out.push(s),
    printErr: (s) => err.push(s),
    ...(opts.random !== undefined ? { random: opts.random } : {}),
    ...(opts.files !== undefined ? { files: { readFile: (p: string) => opts.files![p] ?? null } } : {}),
  });
  const report = m.runReport(src, '<test>', { stopOnError: false });
  assert.deepEqual(report.errors, [], `parse errors in ${src}`);
  const results = report.forms.map((f) =>
    opts.unordered === true ? `[${f.results.map(format).sort().join(', ')}]` : formatResults(f.results));
  return { results, out, err };
}

/** The printed form of a runtime error of a grounded call, however messages are represented. */
export function rtErr(call: string, message: string): string {
  return `(Error ${call} ${format(messageAtom(message))})`;
}

/** A failed assert: its difference report is a String atom. */
export function reportErr(call: string, report: string): string {
  return `(Error ${call} ${format(makeString(report))})`;
}

export const argCount = (call: string): string => `(Error ${call} IncorrectNumberOfArguments)`;
export const badArg = (call: string, i: number, expected: string, actual: string): string =>
  `(Error ${call} (BadArgType ${i} ${expected} ${actual}))`;

export interface Case extends RunOpts {
  readonly name: string;
  readonly src: string;
  /** Expected printed results, one `[...]` per `!` form (a RegExp must match the whole list). */
  readonly results: readonly (string | RegExp)[];
  readonly out?: readonly string[];
  readonly err?: readonly string[];
}

/** Registers one node:test per case and engine. */
export function cases(group: string, list: readonly Case[]): void {
  for (const c of list) {
    for (const engine of ENGINES) {
      test(`${group}: ${c.name} [${engine}]`, () => {
        const r = run(engine, c.src, {
          ...(c.unordered === true ? { unordered: true } : {}),
          ...(c.random !== undefined ? { random: c.random } : {}),
          ...(c.files !== undefined ? { files: c.files } : {}),
        });
        assert.equal(r.results.length, c.results.length, `number of results: ${JSON.stringify(r.results)}`);
        c.results.forEach((e, i) => {
          if (typeof e === 'string') assert.equal(r.results[i], e);
          else assert.match(r.results[i]!, e);
        });
        if (c.out !== undefined) assert.deepEqual(r.out, c.out);
        if (c.err !== undefined) assert.deepEqual(r.err, c.err);
      });
    }
  }
}
