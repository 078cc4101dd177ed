// Every figure a run measures, kept as data: the tables, the target report and
// the `--json` file are all read from this one list.

import type { Tier } from './engines.js';

/** 'tree' and 'vm' are the engines ('vm-untabled': tabling off); 'js' is plain JavaScript computing the same thing. */
export type Runner = Tier | 'js';

export type Status =
  /** Measured, and the result was checked correct. */
  | 'ok'
  /** Not finished within the cap: reported as `n/a (>Ns)`, never a failure. */
  | 'capped'
  /** Not run on purpose (e.g. no compile function exported yet); `note` says why. */
  | 'skipped'
  /** Wrong result or a crash: the run exits non-zero. */
  | 'failed';

export interface Figure {
  readonly suite: string;
  readonly case: string;
  readonly engine: Runner;
  /** Median wall time of one run of the case, or null when not measured. */
  readonly median_ns: number | null;
  /** How many timed runs the median is taken over. */
  readonly samples: number;
  /** The workload's size parameter (depth, n, alternatives…) or null for fixed programs. */
  readonly size: number | null;
  /** Units of work in one run (operations, calls, steps), for per-unit times. */
  readonly units: number | null;
  readonly status: Status;
  /** Why a figure is missing, or what qualifies it (VM fallbacks). */
  readonly note: string;
  /** Evaluations the VM handed to the tree-walker during the probe run (null: not the VM). */
  readonly fallbacks: number | null;
  /** The worker's V8 heap size after its first run, in bytes (about its peak; null when not measured). */
  readonly heap_bytes?: number | null;
}

/** Another engine's time on one case, measured in this run (`--peers`). */
export interface PeerFigure {
  readonly suite: string;
  readonly case: string;
  /** The peer's title (PeTTa, MeTTaScript). */
  readonly peer: string;
  /** Median wall time of the peer's child process, start-up included; null when it did not finish. */
  readonly wall_ms: number | null;
  /** Wall time less the peer's start-up measured in the same run (clamped at 0). */
  readonly net_ms: number | null;
  readonly runs: number;
  /** 'ok': its answer matched ours; 'differs'; 'unchecked'; 'capped' or 'failed': no time. */
  readonly status: 'ok' | 'differs' | 'unchecked' | 'capped' | 'failed';
  readonly note: string;
}

export function nsPerUnit(f: Figure): number | null {
  return f.median_ns === null || f.units === null || f.units === 0 ? null : f.median_ns / f.units;
}

export class Results {
  readonly figures: Figure[] = [];
  readonly peers: PeerFigure[] = [];

  addPeer(f: PeerFigure): void {
    this.peers.push(f);
  }

  /** The peers' figures for one case of this run. */
  peersOf(suite: string, name: string): PeerFigure[] {
    return this.peers.filter((f) => f.suite === suite && f.case === name);
  }

  add(f: Figure): Figure {
    this.figures.push(f);
    return f;
  }

  find(suite: string, name: string, engine: Runner): Figure | undefined {
    return this.figures.find((f) => f.suite === suite && f.case === name && f.engine === engine);
  }

  failures(): Figure[] {
    return this.figures.filter((f) => f.status === 'failed');
  }
}

/** The text shown in a table cell for a figure's time. */
export function cellText(f: Figure | undefined, show: (ns: number) => string): string {
  if (f === undefined) return 'n/a';
  if (f.status === 'failed') return 'FAILED';
  if (f.median_ns === null) return f.note === '' ? 'n/a' : f.note;
  return show(f.median_ns);
}

/** Says when the "VM" column was partly the tree-walker, so nobody reads it as a pure VM figure. */
export function fallbackNote(figs: readonly Figure[]): string {
  const fell = figs.filter((f) => f.engine === 'vm' && (f.fallbacks ?? 0) > 0);
  if (fell.length === 0) return '';
  const which = fell.map((f) => `${f.case} (${f.fallbacks})`).join(', ');
  return `\n_VM column: subterms or whole forms were handed to the tree-walker (VM fallbacks, counted in the first run) in ${which}._`;
}
