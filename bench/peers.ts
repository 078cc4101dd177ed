// Other MeTTa engines ("peers") timed on the shared programs in the same run,
// when asked for (`--peers=petta,mettascript` or METTA_BENCH_PEERS) and installed. Each
// run is a child process under the cap; times are made net of the engine's
// start-up by timing a trivial program with it in the same run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerDialect } from './peer-answers.js';

export const PEER_NAMES = ['petta', 'mettascript'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

export interface Peer {
  readonly name: PeerName;
  readonly title: string;
  readonly dialect: PeerDialect;
  /** The command line that runs one .metta file. */
  command(file: string): { readonly cmd: string; readonly args: readonly string[] };
}

/** A peer asked for but not usable here, and why. */
export interface MissingPeer {
  readonly name: PeerName;
  readonly why: string;
}

const PETTA_DIALECT: PeerDialect = { unit: 'true', testFailedMarker: '❌', lines: 'result' };
/** MeTTaScript prints hyperon's `[r1, r2]` per form, and PeTTa-style `test` reports before them. */
const METTASCRIPT_DIALECT: PeerDialect = { unit: '()', testFailedMarker: '❌', lines: 'form' };

/** PeTTa needs SWI-Prolog (`swipl`) and its source tree in PETTA_DIR. */
function findPetta(env: NodeJS.ProcessEnv): Peer | MissingPeer {
  const dir = env['PETTA_DIR'];
  if (dir === undefined || dir === '') return { name: 'petta', why: 'PETTA_DIR is not set' };
  const main = join(dir, 'src', 'main.pl');
  if (!existsSync(main)) return { name: 'petta', why: `${main} not found` };
  const swipl = env['SWIPL'] ?? 'swipl';
  const probe = spawnSync(swipl, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.status !== 0) return { name: 'petta', why: `${swipl} not runnable (apt-get install swi-prolog-nox)` };
  return {
    name: 'petta', title: 'PeTTa', dialect: PETTA_DIALECT,
    // `--silent`: only the results are printed, not each compiled clause.
    command: (file) => ({ cmd: swipl, args: ['--stack_limit=8g', '-q', '-s', main, '--', file, '--silent'] }),
  };
}

/** MeTTaScript's Node CLI, built in METTASCRIPT_DIR (../shared/PEERS.md says how). */
function findMettascript(env: NodeJS.ProcessEnv): Peer | MissingPeer {
  const dir = env['METTASCRIPT_DIR'];
  if (dir === undefined || dir === '') return { name: 'mettascript', why: 'METTASCRIPT_DIR is not set' };
  const cli = join(dir, 'packages', 'node', 'dist', 'cli.js');
  if (!existsSync(cli)) return { name: 'mettascript', why: `${cli} not found (build @mettascript/node first)` };
  return {
    name: 'mettascript', title: 'MeTTaScript', dialect: METTASCRIPT_DIALECT,
    // Its own defaults (tabling on), run by the Node that runs this bench.
    command: (file) => ({ cmd: process.execPath, args: [cli, file] }),
  };
}

export function findPeers(names: readonly PeerName[], env: NodeJS.ProcessEnv): { found: Peer[]; missing: MissingPeer[] } {
  const found: Peer[] = [];
  const missing: MissingPeer[] = [];
  for (const name of names) {
    const p = name === 'petta' ? findPetta(env) : findMettascript(env);
    if ('command' in p) found.push(p);
    else missing.push(p);
  }
  return { found, missing };
}

export type PeerRun =
  | { readonly status: 'ok'; readonly ms: number; readonly stdout: string }
  | { readonly status: 'capped' | 'failed'; readonly ms: number; readonly note: string };

/** Standard output kept from one run; beyond it the run counts as failed (bounded memory). */
const MAX_OUTPUT = 64 * 2 ** 20;

/** One run of `file` on `peer`, killed after capMs. */
export function runPeer(peer: Peer, file: string, capMs: number): Promise<PeerRun> {
  return new Promise((resolve) => {
    const { cmd, args } = peer.command(file);
    const started = process.hrtime.bigint();
    const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(cmd, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderrTail = '';
    let over: 'capped' | 'output' | null = null;
    const stop = (why: 'capped' | 'output'): void => {
      over ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('capped'), capMs);
    child.stdout.on('data', (b: Buffer) => {
      size += b.length;
      if (size > MAX_OUTPUT) stop('output');
      else chunks.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      stderrTail = (stderrTail + b.toString('utf8')).slice(-2000);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ status: 'failed', ms: elapsed(), note: `could not start ${cmd}: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = elapsed();
      if (over === 'capped') resolve({ status: 'capped', ms, note: `n/a (>${(capMs / 1000).toFixed(0)}s)` });
      else if (over === 'output') resolve({ status: 'failed', ms, note: `printed over ${MAX_OUTPUT >> 20} MiB` });
      else if (code !== 0) resolve({ status: 'failed', ms, note: `exit ${code ?? signal}: ${lastLine(stderrTail)}` });
      else resolve({ status: 'ok', ms, stdout: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

function lastLine(s: string): string {
  const lines = s.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return (lines[lines.length - 1] ?? '').slice(0, 200);
}

/** Runs `once` up to `runs` times (fewer once `budgetMs` is spent) and gives the median time of the ok runs. */
export async function medianRun(once: () => Promise<PeerRun>, runs: number, budgetMs: number): Promise<{ first: PeerRun; medianMs: number | null; runs: number }> {
  const first = await once();
  if (first.status !== 'ok') return { first, medianMs: null, runs: 1 };
  const times = [first.ms];
  let spent = first.ms;
  while (times.length < runs && spent + first.ms <= budgetMs) {
    const r = await once();
    if (r.status !== 'ok') break;
    times.push(r.ms);
    spent += r.ms;
  }
  times.sort((a, b) => a - b);
  return { first, medianMs: times[Math.floor(times.length / 2)]!, runs: times.length };
}

/** The engine's start-up: the median wall time of a trivial program, in ms (null if it does not run). */
export async function startupMs(peer: Peer, capMs: number): Promise<{ ms: number | null; note: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'metta-bench-peer-'));
  try {
    const file = join(dir, 'trivial.metta');
    writeFileSync(file, '!(+ 1 2)\n');
    const m = await medianRun(() => runPeer(peer, file, capMs), 5, 60_000);
    if (m.first.status !== 'ok') return { ms: null, note: m.first.note };
    const got = m.first.stdout.trim().split('\n').pop()?.trim();
    if (got !== (peer.dialect.lines === 'form' ? '[3]' : '3')) return { ms: null, note: `the trivial program !(+ 1 2) printed ${got ?? 'nothing'}` };
    return { ms: m.medianMs, note: '' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
