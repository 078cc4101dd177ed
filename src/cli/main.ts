// The `metta` command: parse the command line, run the session for it, print,
// and exit with a documented code. Internal failures print one line; their
// JavaScript stack only with --debug.
import { parseArgs, UsageError, type Command } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { helpText } from './help.js';
import { processConsole, type Console } from './output.js';
import { packageVersion } from './version.js';
import { runSession } from './executor.js';
import { startRepl } from '../repl/index.js';
import { disassembleFile } from './disasm-command.js';
import { loadFiles } from './load-command.js';
import { RunReporter } from './run-command.js';
import { TestReporter } from './test-command.js';
import { formatStats, type Reporter, type Stats } from './reporter.js';
import type { Task } from './session.js';

async function runCommand(cmd: Extract<Command, { kind: 'run' | 'test' }>, io: Console): Promise<ExitCode> {
  const { options } = cmd;
  const task: Task = {
    mode: cmd.kind,
    files: cmd.kind === 'run' ? [cmd.file] : cmd.files,
    engine: options.engine,
    maxSteps: options.maxSteps,
    maxMemory: options.maxMemory,
    tabling: options.tabling,
    jit: options.jit,
    space: options.space,
  };
  const reporter: Reporter = cmd.kind === 'run' ? new RunReporter(io) : new TestReporter(io);
  let stats: Stats | null = null;
  await runSession(task, options.timeout, {
    event: (e) => {
      if (e.kind === 'stats') stats = e;
      reporter.event(e);
    },
    stopped: (reason, file) => reporter.stopped(reason, file),
  });
  const code = reporter.finish();
  if (options.stats && stats !== null) io.err.line(formatStats(options.engine, stats));
  return code;
}

export async function main(argv: readonly string[], io: Console = processConsole()): Promise<ExitCode> {
  let cmd: Command;
  try {
    cmd = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err.line(`metta: ${e.message}`);
    io.err.line("Try 'metta --help' for usage.");
    return EXIT.usage;
  }
  if (cmd.kind === 'help') {
    io.out.line(helpText(packageVersion()).trimEnd());
    return EXIT.ok;
  }
  if (cmd.kind === 'version') {
    io.out.line(packageVersion());
    return EXIT.ok;
  }
  if (cmd.kind === 'disasm') return disassembleFile(cmd.file, io);
  if (cmd.kind === 'load') return loadFiles(cmd.files, cmd.into, cmd.batch, io);
  if (cmd.kind === 'repl') {
    const opts = cmd.options;
    const code = await startRepl({ engine: opts.engine, maxSteps: opts.maxSteps, maxMemory: opts.maxMemory });
    return code === 0 ? EXIT.ok : EXIT.failure;
  }
  try {
    return await runCommand(cmd, io);
  } catch (e) {
    // Not a MeTTa error (those are Error atoms in the output): a bug or a host failure.
    const err = e instanceof Error ? e : new Error(String(e));
    io.err.line(io.err.style.red(`metta: internal error: ${err.message}`));
    io.err.line(cmd.options.debug ? (err.stack ?? '') : 'metta: run with --debug to see the JavaScript stack trace');
    return EXIT.failure;
  }
}

// A reader that stops early (`metta FILE | head`) closes the pipe: the command ends
// quietly, as Unix tools do, instead of dying on an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok);
    throw e;
  });
}

process.exitCode = await main(process.argv.slice(2));
