// A real PostgreSQL server for the tests: Debian's binaries (/usr/lib/postgresql/*/bin,
// installed by .ci/run), a fresh cluster in a temp dir on a free loopback port, started
// as the `postgres` user when the tests run as root, stopped when the process exits.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface PgServer {
  readonly port: number;
  /** A URL of a new, empty database on the server. */
  newDatabase(): string;
}

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  for (const v of readdirSync(root).sort().reverse()) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  return null;
}

let server: PgServer | null | undefined;
let why = '';
let databases = 0;

/** The server, started on first use; null (with `pgUnavailable()` saying why) when PostgreSQL is not installed. */
export function pgServer(): PgServer | null {
  if (server !== undefined) return server;
  server = start();
  return server;
}

export function pgUnavailable(): string {
  return why;
}

function start(): PgServer | null {
  const bin = binDir();
  if (bin === null) {
    why = 'PostgreSQL is not installed (.ci/run installs Debian\'s postgresql)';
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'metta-pg-'));
  const root = userInfo().uid === 0;
  if (root) {
    chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), 0);
    chmodSync(dir, 0o700);
  }
  const port = 20000 + (process.pid % 20000);
  const run = (cmd: string[]): void => {
    const r = root
      ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', cmd.map((c) => `'${c}'`).join(' ')], { encoding: 'utf8' })
      : spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stderr}${r.stdout}`);
  };
  const data = join(dir, 'data');
  run([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  run([join(bin, 'pg_ctl'), '-D', data, '-l', join(dir, 'log'), '-w', '-o', `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  process.on('exit', () => {
    try {
      run([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']);
    } catch {
      // The server may be gone already.
    }
  });
  const psql = join(bin, 'psql');
  return {
    port,
    newDatabase(): string {
      const name = `metta_${process.pid}_${++databases}`;
      const r = spawnSync(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`CREATE DATABASE failed: ${r.stderr}`);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
  };
}
