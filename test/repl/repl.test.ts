// The REPL driven as a user drives it: a child process fed through a pipe (no
// terminal: no prompts, no history), and in-process with terminal mode on over
// in-memory streams (prompts, line editing keys, history across sessions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startRepl, PROMPT, CONTINUATION } from '../../src/repl/index.js';
import { banner } from '../../src/repl/repl.js';

const replModule = new URL('../../src/repl/index.js', import.meta.url).href;

interface Child {
  readonly stdout: () => string;
  readonly stderr: () => string;
  write(text: string): void;
  end(): void;
  signal(): void;
  /** Resolves once stdout contains `text`. */
  waitFor(text: string): Promise<void>;
  readonly exit: Promise<number | null>;
}

/** Starts `startRepl` in a fresh node process with piped stdio, so stdin is not a terminal. */
function repl(options = '{}', env: NodeJS.ProcessEnv = {}): Child {
  const code = `import(${JSON.stringify(replModule)}).then((m) => m.startRepl(${options})).then((c) => { process.exitCode = c; });`;
  const p = spawn(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, NO_COLOR: '1', ...env } });
  let out = '';
  let err = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  p.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    for (const w of waiters.splice(0)) {
      if (out.includes(w.text)) w.resolve();
      else waiters.push(w);
    }
  });
  p.stderr.setEncoding('utf8').on('data', (d: string) => void (err += d));
  const exit = new Promise<number | null>((resolve) => p.on('exit', (c) => resolve(c)));
  return {
    stdout: () => out,
    stderr: () => err,
    write: (t) => void p.stdin.write(t),
    end: () => void p.stdin.end(),
    signal: () => void p.kill('SIGINT'),
    waitFor: (text) => (out.includes(text) ? Promise.resolve() : new Promise((resolve) => void waiters.push({ text, resolve }))),
    exit,
  };
}

async function session(input: string, options?: string, env?: NodeJS.ProcessEnv): Promise<{ out: string; err: string; code: number | null }> {
  const c = repl(options, env);
  c.write(input);
  c.end();
  const code = await c.exit;
  return { out: c.stdout(), err: c.stderr(), code };
}

test('piped input: results print as [a, b], atoms join &self, no prompt or banner', async () => {
  const r = await session('(parent Tom Bob)\n(parent Tom Ann)\n!(match &self (parent Tom $x) $x)\n!(+ 1 2)\n');
  assert.equal(r.out, '[Bob, Ann]\n[3]\n');
  assert.equal(r.err, '');
  assert.equal(r.code, 0);
});

test('multi-line input waits for balanced parentheses; strings and comments do not count', async () => {
  const r = await session([
    '(= (double $x)',
    '   ; a comment with a ( in it',
    '   (* 2 $x))',
    '!(double',
    '  21)',
    '!(println! "a ) in a string")',
    '!(superpose (1',
    '             2 3))',
  ].join('\n') + '\n');
  assert.equal(r.out, '[42]\na ) in a string\n[()]\n[1, 2, 3]\n');
  assert.equal(r.err, '');
});

test('a parse error is reported with its position and the session stays alive', async () => {
  const r = await session('!(+ 1 2))\n!(foo $a#b)\n!(+ 2 3)\n!(/ 1 0)\n!(* 6 7)\n');
  assert.equal(r.out, '[3]\n[5]\n[(Error (/ 1 0) DivisionByZero)]\n[42]\n');
  // The source line shows the form the error is in; earlier forms on its line are blanked.
  assert.equal(r.err, [
    '<input>:1:9: Unexpected right bracket',
    '        )',
    '        ^',
    "<input>:1:9: '#' char is reserved for internal usage",
    '!(foo $a#b)',
    '        ^',
    '',
  ].join('\n'));
  assert.equal(r.code, 0);
});

test('commands: :help, :engine, :load, :reset, unknown ones; :quit ends the session', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'metta-repl-'));
  try {
    writeFileSync(join(dir, 'lib.metta'), '(= (square $x) (* $x $x))\n!(square 3)\n');
    const r = await session([
      ':help',
      ':engine',
      ':engine tree',
      `:load ${join(dir, 'lib.metta')}`,
      '!(square 5)',
      ':reset',
      '!(square 5)',
      ':nope',
      ':quit',
      '!(never run)',
    ].join('\n') + '\n');
    const out = r.out.split('\n');
    assert.ok(out[0]!.startsWith('Type MeTTa'), out[0]);
    const rest = out.slice(out.indexOf('engine: vm'));
    assert.deepEqual(rest, ['engine: vm', 'engine: tree', '[9]', '[25]', '&self is empty again', '[(square 5)]', '']);
    assert.equal(r.err, 'error: unknown command :nope; :help lists the commands\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('input that ends inside a form is still parsed, and its error reported', async () => {
  const r = await session('!(+ 1 2)\n!(+ 1\n');
  assert.equal(r.out, '[3]\n');
  assert.match(r.err, /^<input>:1:2: Unexpected end of input: unclosed parenthesis opened at 1:2\n/);
});

test('the engine and step budget given to startRepl are used', async () => {
  const r = await session(':engine\n(= (loop) (loop))\n!(loop)\n!(+ 1 1)\n', "{ engine: 'tree', maxSteps: 500 }");
  assert.equal(r.out, 'engine: tree\n[2]\n');
  assert.match(r.err, /^<input>:1:1: step limit of 500 exceeded/);
});

test('Ctrl-C (SIGINT) stops a running evaluation; the session and its definitions survive', async () => {
  const c = repl();
  c.write('(= (count $n) (count (+ $n 1)))\n(kept yes)\n!(let $x (println! looping) (count 0))\n');
  await c.waitFor('looping\n');
  // The evaluation is under way: the loop never ends by itself.
  await new Promise((r) => setTimeout(r, 200));
  c.signal();
  c.write('!(match &self (kept $x) $x)\n');
  await c.waitFor('[yes]\n');
  c.end();
  assert.equal(await c.exit, 0);
  assert.equal(c.stdout(), 'looping\n[yes]\n');
  assert.equal(c.stderr(), 'Interrupted.\n');
});

test('piped sessions leave the history file alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'metta-repl-'));
  try {
    const file = join(dir, 'history');
    const r = await session('!(+ 1 2)\n', '{}', { METTA_HISTORY: file });
    assert.equal(r.out, '[3]\n');
    assert.throws(() => readFileSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A terminal-mode session in this process over in-memory streams. */
function terminalSession(historyFile: string): { type(keys: string): void; screen(): string; done: Promise<number> } {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.setEncoding('utf8').on('data', (d: string) => void (screen += d));
  const done = startRepl({ input, output, errorOutput: output, terminal: true, historyFile, engine: 'tree' });
  return { type: (keys) => void input.write(keys), screen: () => screen, done };
}

/** Resolves once `cond` holds; the streams deliver asynchronously. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
}

test('terminal mode: banner, prompts, continuation prompt, and history kept across sessions', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'metta-repl-'));
  try {
    const file = join(dir, 'history');
    writeFileSync(file, '!(older entry)\n');
    const a = terminalSession(file);
    a.type('!(+ 1\r');
    await until(() => a.screen().includes(CONTINUATION));
    a.type('2)\r');
    await until(() => a.screen().includes('[3]'));
    a.type('!(* 2 21)\r');
    await until(() => a.screen().includes('[42]'));
    a.type(':quit\r');
    assert.equal(await a.done, 0);
    const screen = a.screen();
    assert.match(screen, /^MeTTa REPL \(metta-vm [^,]+, engine tree\)/);
    assert.ok(screen.includes(PROMPT), screen);
    assert.ok(screen.includes(CONTINUATION), screen);
    assert.ok(screen.includes('[3]\n'), screen);
    assert.ok(screen.includes('[42]\n'), screen);
    assert.equal(readFileSync(file, 'utf8'), '!(older entry)\n!(+ 1\n2)\n!(* 2 21)\n:quit\n');

    // A new session recalls the last entries with the Up key.
    const b = terminalSession(file);
    b.type('\x1b[A\x1b[A\r');
    await until(() => b.screen().includes('[42]'));
    b.type('\x04');
    assert.equal(await b.done, 0);
    assert.ok(b.screen().includes('[42]'), b.screen());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the banner fits an 80-column terminal on either engine, long version numbers included', async () => {
  for (const engine of ['vm', 'tree']) {
    for (const version of ['0.1.0', '10.20.300-beta.12']) {
      for (const line of banner(version, engine)) assert.ok(line.length < 80, `${line.length} columns: ${line}`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'metta-repl-'));
  try {
    const s = terminalSession(join(dir, 'history'));
    await until(() => s.screen().includes(PROMPT));
    s.type('\x04');
    assert.equal(await s.done, 0);
    const first = s.screen().split('\n')[0]!;
    assert.match(first, /^MeTTa REPL/);
    assert.ok(first.length < 80, first);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after Ctrl-C discards a half-typed form, Up does not recall its lines, and the history file skips them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'metta-repl-'));
  try {
    const file = join(dir, 'history');
    const s = terminalSession(file);
    s.type('!(+ 40 2)\r');
    await until(() => s.screen().includes('[42]'));
    s.type('!(partial\r');
    await until(() => s.screen().includes(CONTINUATION));
    s.type('half\x03');
    await until(() => s.screen().includes('^C'));
    const mark = s.screen().length;
    // Up now recalls the last complete form, not the discarded line; it runs at the main prompt.
    s.type('\x1b[A\r');
    await until(() => s.screen().slice(mark).includes('[42]'));
    const after = s.screen().slice(mark);
    assert.ok(!after.includes('partial'), after);
    assert.ok(!after.includes(CONTINUATION), after);
    s.type(':quit\r');
    assert.equal(await s.done, 0);
    assert.equal(readFileSync(file, 'utf8'), '!(+ 40 2)\n!(+ 40 2)\n:quit\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The compiled REPL must be where the package's `metta` command can import it.
test('the REPL module is compiled beside the CLI', () => {
  assert.ok(readFileSync(fileURLToPath(new URL('../../src/repl/repl.js', import.meta.url)), 'utf8').includes('startRepl'));
});

test('a form that exceeds the memory budget ends with the message; the session and its space survive', async () => {
  const r = await session([
    '(= (spin $x) (superpose ((spin (+ $x 1)) (spin (+ $x 2)))))',
    '(color sky blue)',
    '!(spin 0)',
    '!(match &self (color sky $c) $c)',
  ].join('\n') + '\n', '{ maxMemory: 16 }');
  assert.equal(r.out, '[blue]\n');
  assert.equal(r.err, '<input>:1:1: memory limit of 16 MiB exceeded while evaluating (spin 0)\n');
  assert.equal(r.code, 0);
});
