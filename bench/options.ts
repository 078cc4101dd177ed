// Command-line flags of `npm run bench -- [flags]`, and the time budgets each
// mode implies. `--quick` is CI's smoke run: every check, tiny sizes, no claims.
import { PEER_NAMES, type PeerName } from './peers.js';

export const SUITES = ['seed', 'compile', 'programs', 'shared', 'db'] as const;
export type SuiteName = (typeof SUITES)[number];

export interface Options {
  readonly quick: boolean;
  /** Where `--json` writes: a path, '-' for stdout, or null for no JSON. */
  readonly json: string | null;
  /** Wall-clock cap for one run of a program case on one engine, in ms. */
  readonly capMs: number;
  /** The same for one run of a shared program (lower by default: most are single heavy runs). */
  readonly sharedCapMs: number;
  /** Time the harness spends sampling one in-process micro case, in ms. */
  readonly microTimeMs: number;
  readonly microWarmupMs: number;
  /** Time spent sampling one program case after its first (probe) run, in ms. */
  readonly programBudgetMs: number;
  readonly suites: ReadonlySet<SuiteName>;
  /** Program cases to run (`--case=fib,loop`); null for all. */
  readonly cases: ReadonlySet<string> | null;
  /** Other engines to time on the shared programs (`--peers=petta` or METTA_BENCH_PEERS); empty: none. */
  readonly peers: readonly PeerName[];
}

export const USAGE = `Usage: node dist/bench/run.js [--quick] [--json[=FILE|-]] [--cap=SECONDS] [--only=${SUITES.join(',')}]
  --quick        small sizes and few iterations (CI smoke run: checks results, asserts no timing)
  --json[=FILE]  also write every figure as JSON to FILE (default bench-results.json; '-' = stdout)
  --cap=SECONDS  give up on one program run after SECONDS (default 60 for program cases and
                 30 for shared programs; quick 20): shown as n/a (>Ns)
  --only=LIST    run only these suites (comma-separated)
  --case=LIST    run only these program cases (e.g. --only=programs --case=fib,queens), or
                 shared programs by file name (--only=shared --case=fib,knowledge_graph)
  --peers=LIST   also time the shared programs on these installed engines (${PEER_NAMES.join(',')};
                 default: METTA_BENCH_PEERS). PeTTa is found through PETTA_DIR (and SWIPL, default swipl),
                 MeTTaScript through METTASCRIPT_DIR (its built source tree)`;

export class UsageError extends Error {}

export function parseOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Options {
  let quick = false;
  let json: string | null = null;
  let cap: number | null = null;
  let suites: Set<SuiteName> = new Set(SUITES);
  let cases: Set<string> | null = null;
  let peers = env['METTA_BENCH_PEERS'] ?? '';
  for (const arg of argv) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const value = eq < 0 ? null : arg.slice(eq + 1);
    if (name === '--quick') quick = true;
    else if (name === '--json') json = value ?? 'bench-results.json';
    else if (name === '--cap') {
      const s = Number(value);
      if (value === null || !(s > 0)) throw new UsageError(`--cap needs a positive number of seconds, got ${arg}`);
      cap = s * 1000;
    } else if (name === '--only') {
      suites = new Set();
      for (const s of (value ?? '').split(',')) {
        const found = SUITES.find((x) => x === s);
        if (found === undefined) throw new UsageError(`unknown suite '${s}' (suites: ${SUITES.join(', ')})`);
        suites.add(found);
      }
    } else if (name === '--case') {
      cases = new Set((value ?? '').split(',').filter((x) => x !== ''));
      if (cases.size === 0) throw new UsageError('--case needs a comma-separated list of program case ids');
    } else if (name === '--peers') peers = value ?? '';
    else throw new UsageError(`unknown flag ${arg}`);
  }
  return {
    peers: parsePeers(peers),
    quick,
    json,
    cases,
    capMs: cap ?? (quick ? 20_000 : 60_000),
    sharedCapMs: cap ?? (quick ? 20_000 : 30_000),
    microTimeMs: quick ? 40 : 1000,
    microWarmupMs: quick ? 20 : 250,
    programBudgetMs: quick ? 100 : 5000,
    suites,
  };
}

function parsePeers(list: string): PeerName[] {
  const names: PeerName[] = [];
  for (const s of list.split(',').map((x) => x.trim().toLowerCase()).filter((x) => x !== '')) {
    const found = PEER_NAMES.find((x) => x === s);
    if (found === undefined) throw new UsageError(`unknown peer '${s}' (peers: ${PEER_NAMES.join(', ')})`);
    if (!names.includes(found)) names.push(found);
  }
  return names;
}
