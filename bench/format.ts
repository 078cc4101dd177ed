// Text output of the suite: durations in the seed document's units and
// Markdown tables, so a run's stdout can be pasted into BENCHMARKS.md as is.

/** A duration in nanoseconds as the seed writes it: `498 ns`, `1.27 µs`, `2.08 ms`, `1.93 s`. */
export function duration(ns: number): string {
  if (!Number.isFinite(ns)) return 'n/a';
  if (ns < 1e3) return `${ns.toFixed(ns < 10 ? 1 : 0)} ns`;
  if (ns < 1e6) return `${sig(ns / 1e3)} µs`;
  if (ns < 1e9) return `${sig(ns / 1e6)} ms`;
  return `${sig(ns / 1e9)} s`;
}

/** Three significant digits, the seed's precision. */
function sig(x: number): string {
  if (x >= 100) return x.toFixed(1);
  if (x >= 10) return x.toFixed(2);
  return x.toFixed(2);
}

/** A ratio such as a speedup: `35×`, `1.4×`, `0.82×`. */
export function times(r: number): string {
  if (!Number.isFinite(r)) return 'n/a';
  if (r >= 100) return `${r.toFixed(0)}×`;
  if (r >= 10) return `${r.toFixed(1)}×`;
  return `${r.toFixed(2)}×`;
}

/** An integer with thousands separators: `1,664,079`. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A Markdown table; every row must have as many cells as there are headers. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    '| ' + cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ') + ' |';
  const rule = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|';
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
