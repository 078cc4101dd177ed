// The "Peers side by side" tables: each shared program or program case on every requested and
// installed peer, its answer checked against ours, its time net of the peer's
// start-up measured in this same run. A peer's wrong answer or time-out is
// shown, never a failure of the run (it is not this runtime's result).
import { duration, table, times } from './format.js';
import type { Outcome } from './isolated.js';
import type { FormAnswer } from './protocol.js';
import type { Options } from './options.js';
import type { Results } from './results.js';
import { comparePeerAnswers } from './peer-answers.js';
import { findPeers, medianRun, runPeer, startupMs, type Peer } from './peers.js';

/** Timed runs of one program on a peer: up to this many, while they fit in the budget. */
const PEER_RUNS = 3;
const PEER_BUDGET_MS = 5000;

export interface PeerProgram {
  /** Shown in the table: a shared program's path or a program case's title. */
  readonly name: string;
  /** The case its figures are kept under (a shared program's path, a program case's id). */
  readonly key: string;
  readonly file: string;
  /** Our VM's time in ms, or why there is none. */
  readonly oursMs: number | null;
  readonly oursNote: string;
  /** The answers the peer must print (ours, or a program case's known answer); undefined: none to check against. */
  readonly answers: readonly FormAnswer[] | undefined;
}

/** A shared program's row from our VM's outcome. */
export function sharedPeerProgram(name: string, file: string, vm: Outcome): PeerProgram {
  return vm.status === 'ok'
    ? { name, key: name, file, oursMs: vm.medianNs / 1e6, oursNote: '', answers: vm.answers }
    : { name, key: name, file, oursMs: null, oursNote: vm.note.slice(0, 40), answers: undefined };
}

type Log = (s: string) => void;

/** The peers to time; `quiet`: say nothing when none was asked for (the shared suite says it). */
export function peersRequested(o: Options, out: Log, quiet = false): Peer[] {
  if (o.peers.length === 0) {
    if (quiet) return [];
    out('\n_Peers: not requested (`--peers=petta,mettascript` or `METTA_BENCH_PEERS`, with `PETTA_DIR` / `METTASCRIPT_DIR`; see docs/testing.md)._');
    return [];
  }
  const { found, missing } = findPeers(o.peers, process.env);
  for (const m of missing) out(`\n_Peer ${m.name}: not found (${m.why}): skipped._`);
  return found;
}

export async function runPeerTable(
  heading: string, suite: string, peers: readonly Peer[], programs: readonly PeerProgram[], o: Options, results: Results, out: Log, progress: Log,
): Promise<void> {
  for (const peer of peers) {
    progress(`peers: ${peer.title} start-up…`);
    const start = await startupMs(peer, o.sharedCapMs);
    out(`\n### ${heading} on ${peer.title} (same run, one child process per run)\n`);
    if (start.ms === null) {
      out(`_${peer.title} did not run a trivial program (${start.note}): skipped._`);
      continue;
    }
    const rows: string[][] = [];
    for (const p of programs) {
      progress(`peers: ${p.name} on ${peer.title}…`);
      const m = await medianRun(() => runPeer(peer, p.file, o.sharedCapMs), PEER_RUNS, PEER_BUDGET_MS);
      const oursMs = p.oursMs;
      const ours = oursMs === null ? p.oursNote : duration(oursMs * 1e6);
      const base = { suite, case: p.key, peer: peer.title, runs: m.runs };
      if (m.first.status !== 'ok' || m.medianMs === null) {
        const note = m.first.status === 'ok' ? 'n/a' : m.first.note;
        rows.push([p.name, ours, note, 'n/a', 'n/a', 'not run to the end']);
        results.addPeer({ ...base, wall_ms: null, net_ms: null, status: m.first.status === 'capped' ? 'capped' : 'failed', note });
        continue;
      }
      const wrong = p.answers === undefined ? null : comparePeerAnswers(p.answers, m.first.stdout, peer.dialect);
      const net = Math.max(0, m.medianMs - start.ms);
      results.addPeer({
        ...base, wall_ms: m.medianMs, net_ms: net,
        status: p.answers === undefined ? 'unchecked' : wrong === null ? 'ok' : 'differs', note: wrong ?? '',
      });
      const wall = `${duration(m.medianMs * 1e6)}${m.runs > 1 ? ` (median of ${m.runs})` : ''}`;
      rows.push([
        p.name, ours, wall, duration(net * 1e6),
        // Under ~50 ms of net time the ratio is noise on a busy machine.
        oursMs === null || net < 50 ? 'n/a' : times(net / oursMs),
        p.answers === undefined ? 'unchecked (no answer of ours)' : wrong === null ? 'ok' : `DIFFERS: ${wrong}`,
      ]);
    }
    out(table(['Program', 'Ours (VM)', `${peer.title} wall`, `${peer.title} net`, `${peer.title} net ÷ ours`, 'Answer'], rows));
    out(`\n_${peer.title} start-up (median wall time of \`!(+ 1 2)\`, this run): ${duration(start.ms * 1e6)}; net = wall − start-up (clamped at 0). `
      + `Ours is the VM's in-process time from the table above (start-up excluded). ${peer.title} net ÷ ours (above 1: ours is faster) is shown where the net time is at least 50 ms. `
      + `Answer: ${peer.title}'s last printed lines against our results (our unit \`()\` as \`${peer.dialect.unit}\`, True/False in lower case, order-insensitive)._`);
  }
}
